import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../platform/db/database.js';
import { manualClock } from '../../platform/testing/manual-clock.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { createTestWorkspace } from '../../platform/testing/test-workspace.js';
import { at, FIXED_NOW, type FixedHistory, writeFixedHistory } from '../metrics/testing/fixed-history.js';
import { checkRollout } from './check-rollout.js';
import { cellKey, gateMetricsByCell } from './rollout-metrics.js';
import { rolloutLadder } from './rollout-read-model.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

// The minutes-per-ticket gate on the fixed history of the metrics tests (metrics/testing/fixed-history.ts).
// Review handling minutes: T2 10 (pilot, suggested S), T4 15 (control, B), T5 15 (pilot shadow, R).
// Baseline (shadow or control decisions): Billing T4 15 min / 1 ticket; Returns T5 15 / 1; Shipping none.
describe.each(targets)('minutes per ticket against the baseline on $name', (target) => {
  let test: TestDatabase;
  let w: FixedHistory;
  const clock = manualClock(FIXED_NOW);
  const since = at('01T00:00:00');

  beforeAll(async () => {
    test = await target.open();
    w = await writeFixedHistory(test.db, await createTestWorkspace(test.db));
  });
  afterAll(async () => test?.dispose());

  it('divides each cell’s review minutes per ticket by its category’s baseline', async () => {
    const cells = await gateMetricsByCell(test.db, w.workspaceId, since, FIXED_NOW);
    const minutes = (cohort: string, category: string) =>
      cells.get(cellKey(cohort, category))?.minutes_vs_baseline;
    // Pilot × Billing: T1, T3, T6 took no review minutes → 0 / 3 tickets against 15 per ticket.
    expect(minutes(w.pilot, w.B)).toEqual({ value: 0, sample: 3 });
    // Pilot × Returns: T5 15 min + T7 none → 7.5 per ticket, against 15: half the work.
    expect(minutes(w.pilot, w.R)).toEqual({ value: 0.5, sample: 2 });
    // Pilot × Shipping: T2 10 min, but Shipping has no baseline → nothing to compare with.
    expect(minutes(w.pilot, w.S)).toEqual({ value: null, sample: 1 });
    // The control cohort is its own baseline: 15 / 15.
    expect(minutes(w.control, w.B)).toEqual({ value: 1, sample: 1 });
  });

  it('shows each gate’s value over the window before, for the trend', async () => {
    // A 7-day window ending Tue 03-10 12:00; the window before ends Tue 03-03 12:00.
    await test.db.query(
      `INSERT INTO rollout_gate_sets (workspace_id, to_stage, gates, updated_at) VALUES ($1, 'shadow', $2::jsonb, $3)`,
      [
        w.workspaceId,
        JSON.stringify([
          { metric: 'decided_tickets', op: '>=', value: 1 },
          { metric: 'minutes_vs_baseline', op: '<=', value: 1 },
        ]),
        since,
      ],
    );
    const deps = { db: test.db, clock, config: { rollout: { windowDays: 7, autoApprovers: 2 } } };
    const ladder = await rolloutLadder(test.db, deps, w.workspaceId);
    const gates = (category: string) =>
      ladder.cells
        .find((c) => c.cohortId === w.pilot && c.categoryId === category)!
        .nextGates.map((g) => [g.metric, g.current, g.previous]);
    // Billing: T1, T3, T6 all fell in the window before (no review minutes: 0 against 15).
    expect(gates(w.B)).toEqual([
      ['decided_tickets', 0, 3],
      ['minutes_vs_baseline', null, 0],
    ]);
    // Returns: T5 before (15 min: 1 × the baseline), T7 now (none yet: 0) — getting better.
    expect(gates(w.R)).toEqual([
      ['decided_tickets', 1, 1],
      ['minutes_vs_baseline', 0, 1],
    ]);
  });

  it('leaves a ticket out while its review work is open, and rolls a live stage back on a breach', async () => {
    // T7 (pilot, Returns) gets a review item that nobody has resolved yet: it no longer counts.
    const t7 = await one<{ id: string; queueId: string }>(
      test.db,
      `SELECT d.id, (SELECT id FROM review_queues WHERE workspace_id = $1 AND is_default) AS "queueId"
         FROM decisions d WHERE d.ticket_id = $2`,
      [w.workspaceId, w.tickets.T7],
    );
    await test.db.query(
      `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, created_at, queue_id, due_at)
       VALUES ($1, $2, $3, 'open', 'test', $4, $5, $4)`,
      [w.workspaceId, w.tickets.T7, t7.id, at('10T11:00:00'), t7.queueId],
    );
    const cells = await gateMetricsByCell(test.db, w.workspaceId, since, FIXED_NOW);
    // Pilot × Returns: only T5, 15 min / 1 ticket against 15 → 1.
    expect(cells.get(cellKey(w.pilot, w.R))?.minutes_vs_baseline).toEqual({ value: 1, sample: 1 });

    // Pilot × Returns at auto, whose gate asks for a tenth less work than the baseline.
    await test.db.query(
      `INSERT INTO rollout_stages (workspace_id, cohort_id, category_id, stage, changed_at) VALUES ($1, $2, $3, 'auto', $4)`,
      [w.workspaceId, w.pilot, w.R, since],
    );
    await test.db.query(
      `INSERT INTO rollout_gate_sets (workspace_id, to_stage, gates, updated_at) VALUES ($1, 'auto', $2::jsonb, $3)`,
      [
        w.workspaceId,
        JSON.stringify([{ metric: 'minutes_vs_baseline', op: '<=', value: 0.9, minSample: 1 }]),
        since,
      ],
    );
    const deps = { db: test.db, clock, config: { rollout: { windowDays: 28, autoApprovers: 2 } } };
    expect(await checkRollout(deps, w.workspaceId)).toEqual({ evaluated: 1, rolledBack: 1 });
    const row = await one<{ stage: string; reason: string }>(
      test.db,
      `SELECT stage, rolled_back_reason AS reason FROM rollout_stages WHERE workspace_id = $1 AND cohort_id = $2`,
      [w.workspaceId, w.pilot],
    );
    expect(row.stage).toBe('suggest');
    expect(row.reason).toContain('minutes vs baseline 1 (gate <= 0.9, 1 cases)');
  });
});
