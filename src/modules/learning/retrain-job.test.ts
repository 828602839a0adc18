import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/events/index.js';
import { startTestApp, type TestApp } from '../../platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { generateDemoHistory } from '../demo/index.js';
import { importHistoryBatch } from '../imports/index.js';
import { recordLabel } from './labels.js';
import { retrainDueWorkspaces } from './retrain-job.js';
import { trainWorkspaceModel } from './train-workspace-model.js';
import { latestTrainingRun } from './training-runs.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

describe.each(targets)('scheduled retraining on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  const actor = systemActor('test');

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  /** A person accepts one ticket's category: a new label, newer than any model's watermark. */
  const acceptOneLabel = async () => {
    const [ticket] = await app.services.db.query<{ id: string; categoryId: string }>(
      `SELECT id, category_id AS "categoryId" FROM tickets WHERE workspace_id = $1 LIMIT 1`,
      [app.workspaceId],
    );
    await app.services.db.transaction((tx) =>
      recordLabel(
        tx,
        app.services.clock,
        { workspaceId: app.workspaceId, actor },
        {
          ticketId: ticket!.id,
          categoryId: ticket!.categoryId,
          kind: 'accept',
          reasonCode: 'accepted_applied',
        },
      ),
    );
  };

  const modelStatuses = async () =>
    app.services.db.query<{ version: number; status: string }>(
      'SELECT version, status FROM models WHERE workspace_id = $1 ORDER BY version',
      [app.workspaceId],
    );

  it('trains only workspaces whose labels arrived after their newest model', async () => {
    expect(await retrainDueWorkspaces(app.services)).toEqual({ trained: [], skipped: 0 });
    // Asked to train without labels: refused, and the run ends failed with an event.
    await expect(
      trainWorkspaceModel(app.services, { workspaceId: app.workspaceId, actor }),
    ).rejects.toMatchObject({
      code: 'training_impossible',
    });
    expect(await latestTrainingRun(app.services.db, app.workspaceId)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('Cannot train yet'),
    });
    const [failed] = await app.services.db.query<{ payload: { step: string } }>(
      `SELECT payload FROM events WHERE workspace_id = $1 AND action = 'model.training_failed'`,
      [app.workspaceId],
    );
    expect(failed!.payload.step).toBe('training');
    const rows = generateDemoHistory({ seed: 3, count: 200 }).map((t) => ({
      externalId: t.externalId,
      subject: t.subject,
      body: t.body,
      category: t.category,
    }));
    await importHistoryBatch(app.services, { workspaceId: app.workspaceId, actor }, rows, {
      createCategories: true,
      source: 'import',
    });

    const first = await retrainDueWorkspaces(app.services);
    expect(first.trained).toEqual([{ workspaceId: app.workspaceId, version: 1, status: 'champion' }]);
    expect(await latestTrainingRun(app.services.db, app.workspaceId)).toMatchObject({
      trigger: 'schedule',
      status: 'succeeded',
      percent: 100,
    });
    // Nothing new: no training.
    expect((await retrainDueWorkspaces(app.services)).trained).toEqual([]);

    // One new label is enough: a candidate is trained and shadows the champion.
    await acceptOneLabel();
    const second = await retrainDueWorkspaces(app.services);
    expect(second.trained).toEqual([{ workspaceId: app.workspaceId, version: 2, status: 'challenger' }]);
    expect(await modelStatuses()).toEqual([
      { version: 1, status: 'champion' },
      { version: 2, status: 'challenger' },
    ]);
  });

  it('skips a workspace another process is training, and tries again on the next tick', async () => {
    await app.services.db.query(
      `INSERT INTO training_runs (workspace_id, status, step, percent, trigger, started_by_type, started_at, updated_at)
       VALUES ($1, 'running', 'training', 10, 'manual', 'system', now(), now())`,
      [app.workspaceId],
    );
    await acceptOneLabel();
    expect(await retrainDueWorkspaces(app.services)).toEqual({ trained: [], skipped: 1 });
    await app.services.db.query(`UPDATE training_runs SET status = 'failed' WHERE status = 'running'`);
    const next = await retrainDueWorkspaces(app.services);
    expect(next.trained).toEqual([{ workspaceId: app.workspaceId, version: 3, status: 'challenger' }]);
    // v3 replaced the earlier challenger, which is retired with the reason.
    const [v2] = await app.services.db.query<{ status: string; reason: string }>(
      `SELECT status, status_reason AS reason FROM models WHERE workspace_id = $1 AND version = 2`,
      [app.workspaceId],
    );
    expect(v2).toEqual({ status: 'retired', reason: 'superseded by v3 before its gate decided' });
  });
});
