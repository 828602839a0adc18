import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, one, type Sql } from '../../platform/db/database.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { createTestWorkspace } from '../../platform/testing/test-workspace.js';
import { manualClock } from '../../platform/testing/manual-clock.js';
import { adoptionBy, adoptionOverTime } from './adoption-read-model.js';
import type { MetricsQuery } from './metrics-query.js';
import { qualityOverTime } from './quality-read-model.js';
import { rebuildMetricRollups, refreshMetricRollups } from './refresh-rollups.js';
import { valueOverTime } from './value-read-model.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

// A small fixed history; every expected figure below is worked out by hand from it.
// Now: Tue 2026-03-10 12:00 UTC. Ann is in the pilot cohort, Bob in the control cohort.
// Categories Billing (B), Shipping (S), Returns (R). A decision is taken when its ticket arrives.
//
// Week of Mon 2026-03-02:
//  T1 Mon 09:00 Ann  applied B 0.95; Ann accepts B at 09:10 (10 min)         → accepted, precision ✓
//  T2 Mon 10:00 —    suggested S 0.85; assigned to Ann at 10:05; Ann corrects to R at 10:30 (30 min),
//                    review item claimed 10:20, resolved 10:30 (10 handling min) → overridden, S→R
//  T3 Mon 11:00 Ann  suggested B 0.60; nobody acts                            → ignored
//  T4 Mon 12:00 Bob  control (stage off, predicted B 0.70); Bob labels B at 12:40, review 12:25→12:40
//  T5 Tue 09:00 Ann  shadow (predicted R 0.90); Ann labels S at 09:20, review 09:05→09:20 → R→S
//  T6 Tue 10:00 Ann  applied B 0.92; a helpdesk change to S on Thu 03-05 10:00 (48 h later)
//                    → ignored (nothing within 24 h), precision ✗, B→S
// Week of Mon 2026-03-09:
//  T7 Tue 11:00 Ann  suggested R 0.70, one hour old                            → pending
const NOW = new Date('2026-03-10T12:00:00Z');
const at = (s: string) => new Date(`2026-03-${s}Z`);

interface World {
  workspaceId: string;
  ann: string;
  bob: string;
  pilot: string;
  control: string;
  B: string;
  S: string;
  R: string;
  tickets: Record<string, string>;
}

async function insertId(sql: Sql, text: string, params: unknown[]): Promise<string> {
  return (await one<{ id: string }>(sql, `${text} RETURNING id`, params)).id;
}

async function history(sql: Sql): Promise<World> {
  const workspaceId = await createTestWorkspace(sql);
  const person = async (name: string) => {
    const id = await insertId(sql, 'INSERT INTO users (email, name) VALUES ($1, $2)', [
      `${name}-${workspaceId}@example.com`,
      name,
    ]);
    await sql.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'agent')`, [
      workspaceId,
      id,
    ]);
    return id;
  };
  const ann = await person('Ann');
  const bob = await person('Bob');
  const cohort = (name: string, position: number, control: boolean) =>
    insertId(
      sql,
      'INSERT INTO rollout_cohorts (workspace_id, name, position, is_control, created_at) VALUES ($1, $2, $3, $4, $5)',
      [workspaceId, name, position, control, at('01T00:00:00')],
    );
  const pilot = await cohort('Pilot', 1, false);
  const control = await cohort('Control', 2, true);
  const category = (key: string, name: string) =>
    insertId(sql, 'INSERT INTO categories (workspace_id, key, name) VALUES ($1, $2, $3)', [
      workspaceId,
      key,
      name,
    ]);
  const B = await category('billing', 'Billing');
  const S = await category('shipping', 'Shipping');
  const R = await category('returns', 'Returns');
  const modelId = await insertId(
    sql,
    `INSERT INTO models (workspace_id, version, status, algorithm, training_summary, artifact, created_by_type)
     VALUES ($1, 1, 'champion', 'test', '{}', '\\x00', 'system')`,
    [workspaceId],
  );
  const queueId = await insertId(
    sql,
    `INSERT INTO review_queues (workspace_id, key, name, is_default) VALUES ($1, 'default', 'Default', true)`,
    [workspaceId],
  );
  const email = (who: string | null) =>
    who === ann ? `ANN-${workspaceId}@example.com ` : who === bob ? `bob-${workspaceId}@example.com` : null;
  const w: World = { workspaceId, ann, bob, pilot, control, B, S, R, tickets: {} };

  const ticket = async (
    name: string,
    t: {
      at: string;
      assignee: string | null;
      cohort: string;
      predicted: string;
      confidence: number;
      outcome: 'applied' | 'suggested' | 'needs_review';
      reason?: string;
      final: string | null;
    },
  ) => {
    const received = at(t.at);
    const ticketId = await insertId(
      sql,
      `INSERT INTO tickets (workspace_id, source, external_id, content_hash, assignee, received_at, category_id)
       VALUES ($1, 'test', $2, $2, $3, $4, $5)`,
      [workspaceId, name, email(t.assignee), received, t.final],
    );
    const predictionId = await insertId(
      sql,
      `INSERT INTO predictions (workspace_id, ticket_id, model_id, model_version, category_id, confidence, ranked, explanation, created_at)
       VALUES ($1, $2, $3, 1, $4, $5, '[]', '{}', $6)`,
      [workspaceId, ticketId, modelId, t.predicted, t.confidence, received],
    );
    const shown = t.outcome !== 'needs_review';
    const decisionId = await insertId(
      sql,
      `INSERT INTO decisions (workspace_id, ticket_id, prediction_id, outcome, category_id, confidence, model_version,
         rule, reason, inputs, cohort_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1, 'test', $7, $8::jsonb, $9, $10)`,
      [
        workspaceId,
        ticketId,
        predictionId,
        t.outcome,
        shown ? t.predicted : null,
        t.confidence,
        t.reason ?? null,
        json(
          t.reason === 'rollout_shadow' ? { shadowOutcome: 'applied', shadowCategoryId: t.predicted } : {},
        ),
        t.cohort,
        received,
      ],
    );
    w.tickets[name] = ticketId;
    return { ticketId, decisionId };
  };
  const label = (ticketId: string, categoryId: string, kind: string, who: string | null, when: string) =>
    sql.query(
      `INSERT INTO labels (workspace_id, ticket_id, category_id, kind, actor_type, actor_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [workspaceId, ticketId, categoryId, kind, who ? 'user' : 'api_key', who, at(when)],
    );
  const review = (
    ref: { ticketId: string; decisionId: string },
    who: string,
    times: { created: string; claimed: string; resolved: string },
    category: string,
  ) =>
    sql.query(
      `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, resolution, resolved_by,
         created_at, resolved_at, queue_id, due_at, claimed_by, claimed_at, resolved_category_id)
       VALUES ($1, $2, $3, 'resolved', 'test', 'corrected', $4, $5, $6, $7, $5, $4, $8, $9)`,
      [
        workspaceId,
        ref.ticketId,
        ref.decisionId,
        who,
        at(times.created),
        at(times.resolved),
        queueId,
        at(times.claimed),
        category,
      ],
    );

  const t1 = await ticket('T1', {
    at: '02T09:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: B,
    confidence: 0.95,
    outcome: 'applied',
    final: B,
  });
  await label(t1.ticketId, B, 'accept', ann, '02T09:10:00');

  const t2 = await ticket('T2', {
    at: '02T10:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: S,
    confidence: 0.85,
    outcome: 'suggested',
    final: R,
  });
  await sql.query('UPDATE tickets SET assignee = $2 WHERE id = $1', [t2.ticketId, email(ann)]);
  await sql.query(
    `INSERT INTO ticket_activities (workspace_id, ticket_id, source, event_id, kind, payload, content_hash, created_at)
     VALUES ($1, $2, 'test', 'assign-t2', 'update', $3::jsonb, 'h', $4)`,
    [workspaceId, t2.ticketId, json({ changes: { assignee: email(ann) } }), at('02T10:05:00')],
  );
  await label(t2.ticketId, R, 'correct', ann, '02T10:30:00');
  await review(t2, ann, { created: '02T10:00:00', claimed: '02T10:20:00', resolved: '02T10:30:00' }, R);

  await ticket('T3', {
    at: '02T11:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: B,
    confidence: 0.6,
    outcome: 'suggested',
    final: null,
  });

  const t4 = await ticket('T4', {
    at: '02T12:00:00',
    assignee: bob,
    cohort: control,
    predicted: B,
    confidence: 0.7,
    outcome: 'needs_review',
    reason: 'rollout_off',
    final: B,
  });
  await label(t4.ticketId, B, 'correct', bob, '02T12:40:00');
  await review(t4, bob, { created: '02T12:00:00', claimed: '02T12:25:00', resolved: '02T12:40:00' }, B);

  const t5 = await ticket('T5', {
    at: '03T09:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: R,
    confidence: 0.9,
    outcome: 'needs_review',
    reason: 'rollout_shadow',
    final: S,
  });
  await label(t5.ticketId, S, 'correct', ann, '03T09:20:00');
  await review(t5, ann, { created: '03T09:00:00', claimed: '03T09:05:00', resolved: '03T09:20:00' }, S);

  const t6 = await ticket('T6', {
    at: '03T10:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: B,
    confidence: 0.92,
    outcome: 'applied',
    final: S,
  });
  await label(t6.ticketId, S, 'helpdesk', null, '05T10:00:00');

  await ticket('T7', {
    at: '10T11:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: R,
    confidence: 0.7,
    outcome: 'suggested',
    final: null,
  });
  return w;
}

const weekly: MetricsQuery = { from: '2026-03-02', to: '2026-03-10', granularity: 'week' };

describe.each(targets)('metrics from a fixed history on $name', (target) => {
  let test: TestDatabase;
  let w: World;
  const clock = manualClock(NOW);
  const deps = () => ({ db: test.db, clock });

  beforeAll(async () => {
    test = await target.open();
    w = await history(test.db);
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
