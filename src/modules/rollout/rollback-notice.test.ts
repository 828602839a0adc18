import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../platform/testing/manual-clock.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { createTestWorkspace } from '../../platform/testing/test-workspace.js';
import { at, FIXED_NOW, type FixedHistory, writeFixedHistory } from '../metrics/testing/fixed-history.js';
import { checkRollout } from './check-rollout.js';
import { OWNER_NOTICE_EMAIL } from './rollback-notice.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

// An automatic rollback is addressed to the category's owner: by e-mail to them alone where
// e-mail is configured, else through the workspace's endpoints with the owner named; without an
// owner, to the workspace's admin. The fixed history (metrics/testing/fixed-history.ts) gives
// Pilot × Billing three decisions with no review minutes, against a baseline of 15 per ticket,
// so a gate asking minutes_vs_baseline ≥ 0.5 is breached (0 < 0.5) on 3 cases.
describe.each(targets)('rollback notice on $name', (target) => {
  let test: TestDatabase;
  const clock = manualClock(FIXED_NOW);
  const deps = (ownerEmail: unknown) => ({
    db: test.db,
    clock,
    config: { rollout: { windowDays: 28, autoApprovers: 2, ownerEmail } },
  });

  async function breachingWorkspace(owner: 'ann' | null): Promise<FixedHistory> {
    const w = await writeFixedHistory(test.db, await createTestWorkspace(test.db));
    if (owner) await test.db.query('UPDATE categories SET owner_user_id = $2 WHERE id = $1', [w.B, w.ann]);
    await test.db.query(
      `INSERT INTO rollout_stages (workspace_id, cohort_id, category_id, stage, changed_at) VALUES ($1, $2, $3, 'suggest', $4)`,
      [w.workspaceId, w.pilot, w.B, at('01T00:00:00')],
    );
    await test.db.query(
      `INSERT INTO rollout_gate_sets (workspace_id, to_stage, gates, updated_at) VALUES ($1, 'suggest', $2::jsonb, $3)`,
      [
        w.workspaceId,
        JSON.stringify([{ metric: 'minutes_vs_baseline', op: '>=', value: 0.5, minSample: 3 }]),
        at('01T00:00:00'),
      ],
    );
    await test.db.query(
      `INSERT INTO notification_endpoints (workspace_id, name, url) VALUES ($1, 'Ops', 'http://127.0.0.1:9/hook')`,
      [w.workspaceId],
    );
    return w;
  }
  const effects = (workspaceId: string) =>
    test.db.query<{ kind: string; payload: Record<string, any> }>(
      'SELECT kind, payload FROM outbox WHERE workspace_id = $1 ORDER BY seq',
      [workspaceId],
    );
  const rolledBack = async (workspaceId: string) =>
    (
      await test.db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM events WHERE workspace_id = $1 AND action = 'rollout.rolled_back'`,
        [workspaceId],
      )
    )[0]?.payload;

  beforeAll(async () => {
    test = await target.open();
  });
  afterAll(async () => test?.dispose());

  it('e-mails the category’s owner alone where e-mail is configured', async () => {
    const w = await breachingWorkspace('ann');
    expect(await checkRollout(deps({ smtpUrl: 'smtp://mail' }), w.workspaceId)).toMatchObject({
      rolledBack: 1,
    });
    const out = await effects(w.workspaceId);
    expect(out.map((e) => e.kind)).toEqual([OWNER_NOTICE_EMAIL]);
    expect(out[0]!.payload.to).toEqual([`Ann-${w.workspaceId}@example.com`]);
    expect(out[0]!.payload.subject).toBe('Rollout rolled back: Billing for cohort Pilot is shadow again');
    expect(out[0]!.payload.text).toContain('Ann, as owner of the category:');
    expect(out[0]!.payload.text).toContain('minutes vs baseline 0 (gate >= 0.5, 3 cases)');
    expect(await rolledBack(w.workspaceId)).toMatchObject({
      ownerUserId: w.ann,
      ownerName: 'Ann',
      notifiedBy: 'email',
      notified: 1,
    });
  });

  it('names the owner on the endpoints without e-mail, and falls back to the admin without an owner', async () => {
    const w = await breachingWorkspace('ann');
    await checkRollout(deps(null), w.workspaceId);
    const out = await effects(w.workspaceId);
    expect(out.map((e) => e.kind)).toEqual(['webhook.notification']);
    expect(out[0]!.payload.message.text).toContain('(for Ann)');
    expect(await rolledBack(w.workspaceId)).toMatchObject({ ownerName: 'Ann', notifiedBy: 'endpoints' });

    const orphan = await breachingWorkspace(null);
    await test.db.query(`UPDATE memberships SET role = 'admin' WHERE workspace_id = $1 AND user_id = $2`, [
      orphan.workspaceId,
      orphan.bob,
    ]);
    await checkRollout(deps({ smtpUrl: 'smtp://mail' }), orphan.workspaceId);
    const mail = await effects(orphan.workspaceId);
    expect(mail.map((e) => e.payload.to)).toEqual([[`Bob-${orphan.workspaceId}@example.com`]]);
    expect(await rolledBack(orphan.workspaceId)).toMatchObject({
      ownerName: 'Bob',
      ownerReason: 'admin of the workspace: the category has no active owner',
    });
  });
});
