import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../platform/db/database.js';
import { manualClock } from '../../platform/testing/manual-clock.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { createTestWorkspace } from '../../platform/testing/test-workspace.js';
import { adoptionBy, adoptionOverTime } from './adoption-read-model.js';
import type { MetricsQuery } from './metrics-query.js';
import { qualityOverTime } from './quality-read-model.js';
import { rebuildMetricRollups, refreshMetricRollups } from './refresh-rollups.js';
import { at, FIXED_NOW, type FixedHistory, writeFixedHistory } from './testing/fixed-history.js';
import { valueOverTime } from './value-read-model.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

// The fixed history and the figures worked out by hand from it: see testing/fixed-history.ts.

const weekly: MetricsQuery = { from: '2026-03-02', to: '2026-03-10', granularity: 'week' };

describe.each(targets)('metrics from a fixed history on $name', (target) => {
  let test: TestDatabase;
  let w: FixedHistory;
  const clock = manualClock(FIXED_NOW);
  const deps = () => ({ db: test.db, clock });

  beforeAll(async () => {
    test = await target.open();
    w = await writeFixedHistory(test.db, await createTestWorkspace(test.db));
    const run = await refreshMetricRollups(deps(), w.workspaceId, 14);
    // First run: from the earliest source row (Mon 03-02) to today (Tue 03-10).
    expect(run).toEqual({ from: '2026-03-02', to: '2026-03-10', days: 9 });
  });
  afterAll(async () => test?.dispose());

  it('adoption: shown 5 = accepted 1 + overridden 1 + ignored 2 + pending 1', async () => {
    const a = await adoptionOverTime(test.db, w.workspaceId, weekly);
    expect(a.total).toMatchObject({
      decisions: 7, // T1..T7 all have a predicted category
      shadow: 1, // T5
      shown: 5, // T1, T2, T3, T6, T7
      accepted: 1, // T1 within 10 min
      overridden: 1, // T2 within 30 min
      ignored: 2, // T3 never, T6 only after 48 h
      pending: 1, // T7 is one hour old
      acceptanceRate: 0.5,
      overrideRate: 0.5,
      ignoredRate: 0.4, // 2 / 5
      // Histogram: 10 min in bucket (5, 10], 30 min in (10, 30]; the middle (1 of 2) is the end
      // of the first bucket: 5 + (1 / 1) × 5 = 10.
      medianActionMinutes: 10,
      tickets: 7,
      aiTouched: 5,
      peopleActive: 1, // Ann (Bob's only ticket showed nothing)
    });
    expect(a.total.aiTouchedShare).toBeCloseTo(5 / 7, 10);
    expect(a.points.map((p) => [p.period, p.decisions, p.shown, p.ignored, p.pending])).toEqual([
      ['2026-03-02', 6, 4, 2, 0],
      ['2026-03-09', 1, 1, 0, 1],
    ]);
  });

  it('adoption per cohort and per person', async () => {
    const byCohort = await adoptionBy(test.db, w.workspaceId, weekly, 'cohort');
    expect(byCohort.map((c) => [c.name, c.decisions, c.shown, c.tickets])).toEqual([
      ['Pilot', 6, 5, 6],
      ['Control', 1, 0, 1],
    ]);
    const byPerson = await adoptionBy(test.db, w.workspaceId, weekly, 'person');
    // Ann is the assignee of T1–T3 and T5–T7 (T2 assigned to her after arrival), Bob of T4.
    expect(
      byPerson.map((p) => [
        p.name,
        p.decisions,
        p.shown,
        p.accepted,
        p.overridden,
        p.ignored,
        p.peopleActive,
      ]),
    ).toEqual([
      ['Ann', 6, 5, 1, 1, 2, 1],
      ['Bob', 1, 0, 0, 0, 0, 0],
    ]);
    const bob = await adoptionOverTime(test.db, w.workspaceId, { ...weekly, personId: w.bob });
    expect(bob.total).toMatchObject({ decisions: 1, shown: 0, peopleActive: 0 });
  });

  it('value: live against the shadow + control baseline', async () => {
    const v = await valueOverTime(test.db, w.workspaceId, weekly);
    // Live T1 T2 T3 T6 T7: touches 1+1+0+1+0 = 3 → 60 per 100; correct category after 0 (T1, applied
    // B kept), 30 (T2) and 2880 min (T6: B until the helpdesk change two days later) → mean 970;
    // assigned after 0, 5 (T2), 0, 0, 0 → mean 1.
    expect(v.live).toEqual({
      tickets: 5,
      aiTouched: 5,
      humanTouches: 3,
      touchesPer100: 60,
      correctN: 3,
      minutesToCorrect: 970,
      assignedN: 5,
      minutesToAssign: 1,
      // T3 Bob → Ann; T1 went back to Ann after being unassigned, which is no hop.
      hops: 1,
      hopsPerTicket: 0.2,
    });
    // Baseline T4 (control, 40 min) and T5 (shadow, 20 min): 2 touches on 2 tickets.
    expect(v.baseline).toEqual({
      tickets: 2,
      aiTouched: 0,
      humanTouches: 2,
      touchesPer100: 100,
      correctN: 2,
      minutesToCorrect: 30,
      assignedN: 2,
      minutesToAssign: 0,
      // T4 Bob → Ann → Bob.
      hops: 2,
      hopsPerTicket: 1,
    });
    // Review items T2 10, T4 15, T5 15 handling minutes → 40 / 3 per item.
    expect(v.review).toMatchObject({ resolved: 3, handled: 3, handlingMinutes: 40 });
    // (2/2 − 3/5) × 5 live tickets = 2 touches avoided; × 40/3 min = 26.67 min saved.
    expect(v.touchesAvoided).toBeCloseTo(2, 10);
    expect(v.minutesSaved).toBeCloseTo(80 / 3, 10);
  });

  it('quality: precision per category, calibration and costly confusions', async () => {
    const q = await qualityOverTime(test.db, w.workspaceId, weekly);
    const billing = q.categories.find((c) => c.name === 'Billing')!;
    // Applied B: T1 confirmed, T6 changed to S → 1 of 2.
    expect(billing).toMatchObject({
      judged: 2,
      correct: 1,
      precision: 0.5,
      suggestedJudged: 0,
      acceptance: null,
    });
    expect(billing.points.map((p) => p.precision)).toEqual([0.5, null]);
    // Suggested S (T2) corrected to R: acceptance 0.
    expect(q.categories.find((c) => c.name === 'Shipping')).toMatchObject({
      judged: 0,
      suggestedJudged: 1,
      acceptance: 0,
    });
    // Shown and labelled: T1 0.95 ✓ and T6 0.92 ✗ in bin 9, T2 0.85 ✗ in bin 8.
    // ECE = 2/3 × |0.935 − 0.5| + 1/3 × |0.85 − 0| = 0.29 + 0.28333 = 0.57333.
    expect(q.calibration.n).toBe(3);
    expect(q.calibration.bins[9]!.n).toBe(2);
    expect(q.calibration.bins[9]!.meanConfidence).toBeCloseTo(0.935, 5);
    expect(q.calibration.bins[9]!.accuracy).toBe(0.5);
    expect(q.calibration.bins[8]).toMatchObject({ n: 1, accuracy: 0 });
    expect(q.calibration.ece).toBeCloseTo(0.573333, 5);
    // R→S cost 15 review minutes (T5), S→R 10 (T2), B→S none (changed in the helpdesk).
    expect(q.confusions.map((c) => [c.predictedName, c.humanName, c.n, c.reviewMinutes])).toEqual([
      ['Returns', 'Shipping', 1, 15],
      ['Shipping', 'Returns', 1, 10],
      ['Billing', 'Shipping', 1, 0],
    ]);
  });

  it('a refresh is idempotent, picks up a late label, and covers history added before the covered range', async () => {
    const counts = async () =>
      one<{ n: number }>(
        test.db,
        `SELECT ((SELECT count(*) FROM metric_decisions_daily WHERE workspace_id = $1)
               + (SELECT count(*) FROM metric_tickets_daily WHERE workspace_id = $1)
               + (SELECT count(*) FROM metric_reviews_daily WHERE workspace_id = $1))::int AS n`,
        [w.workspaceId],
      );
    const before = await counts();
    await refreshMetricRollups(deps(), w.workspaceId, 14);
    expect(await counts()).toEqual(before);

    // Ann accepts T3's suggestion eight days late: still ignored (not within 24 h), but now a
    // judged suggestion (acceptance of Billing 1 of 1) and one more live human touch.
    await test.db.query(
      `INSERT INTO labels (workspace_id, ticket_id, category_id, kind, actor_type, actor_id, created_at)
       VALUES ($1, $2, $3, 'accept', 'user', $4, $5)`,
      [w.workspaceId, w.tickets.T3, w.B, w.ann, at('10T11:30:00')],
    );
    await refreshMetricRollups(deps(), w.workspaceId, 14);
    const q = await qualityOverTime(test.db, w.workspaceId, weekly);
    expect(q.categories.find((c) => c.name === 'Billing')).toMatchObject({
      suggestedJudged: 1,
      acceptance: 1,
    });
    const v = await valueOverTime(test.db, w.workspaceId, weekly);
    expect(v.live.humanTouches).toBe(4);
    expect((await adoptionOverTime(test.db, w.workspaceId, weekly)).total.ignored).toBe(2);

    // A backfilled ticket from February, older than anything the rollups cover, is built on the
    // next ordinary refresh although it lies far outside the 14-day window.
    await test.db.query(
      `INSERT INTO tickets (workspace_id, source, external_id, content_hash, received_at) VALUES ($1, 'test', 'old', 'old', $2)`,
      [w.workspaceId, new Date('2026-02-02T08:00:00Z')],
    );
    const run = await refreshMetricRollups(deps(), w.workspaceId, 14);
    expect(run.from).toBe('2026-02-02');
    const feb = await adoptionOverTime(test.db, w.workspaceId, {
      from: '2026-02-01',
      to: '2026-02-28',
      granularity: 'day',
    });
    expect(feb.total.tickets).toBe(1);
    expect(feb.points).toHaveLength(28);

    // Rebuilding everything on demand gives the same rows again.
    const settled = await counts();
    await rebuildMetricRollups(deps(), w.workspaceId);
    expect(await counts()).toEqual(settled);
  });
});
