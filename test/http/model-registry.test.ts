import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory, generateLiveDemoTicket } from '../../src/modules/demo/index.js';
import { recordLabel } from '../../src/modules/learning/index.js';
import type { Actor } from '../../src/platform/events/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

// The first model learns from a modest history; a challenger trained on the same tickets with
// half their labels shuffled must lose in shadow against it, and — once an owner has forced it
// into production anyway — a model trained on the corrected labels must win it back. Champions
// learn every new label online, so the corrupted labels are undone before the shadow period:
// the challenger keeps what it was trained on, the champion does not.
const FIRST_HISTORY = 150;
const SHADOW_TICKETS = 70;

describe.each(targets)('model registry, shadow evaluation and gated promotion on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let categoryOf: Map<string, string>;
  let reviewer: Actor;
  let importer: Actor;
  let fed = 0;

  const history = generateDemoHistory({ seed: 23, count: FIRST_HISTORY });
  // Live traffic is phrased unlike the history, as the demo feed's is.
  const live = Array.from({ length: SHADOW_TICKETS * 2 + 2 }, (_, i) => generateLiveDemoTicket(777, i));

  const importRows = async (rows: typeof history) => {
    for (let i = 0; i < rows.length; i += 500) await importBatch(rows.slice(i, i + 500));
  };
  const importBatch = async (rows: typeof history) => {
    const body = {
      rows: rows.map((t) => ({
        externalId: t.externalId,
        subject: t.subject,
        body: t.body,
        category: t.category,
      })),
      createCategories: true,
    };
    expect((await api('POST', '/api/v1/history/import', body)).status).toBe(200);
  };

  /**
   * Labels tickets as a person would, through the learning module's own function: by default the
   * reviewer; `by` the importer itself re-labels its own tickets (so it is not a conflict between
   * two people, which training would leave out).
   */
  const label = async (items: { ticketId: string; categoryId: string }[], by: Actor = reviewer) => {
    await app.services.db.transaction(async (tx) => {
      for (const item of items)
        await recordLabel(
          tx,
          app.services.clock,
          { workspaceId: app.workspaceId, actor: by },
          {
            ...item,
            kind: 'correct',
            reasonCode: 'corrected_category',
          },
        );
    });
  };

  /** Live tickets through intake (the challenger shadows them), then their true labels. */
  const feedAndLabel = async (count: number) => {
    const labelled: { ticketId: string; categoryId: string }[] = [];
    for (const t of live.slice(fed, fed + count)) {
      const res = await api<Json>('POST', '/api/v1/tickets', {
        source: 'shadow-test',
        externalId: t.externalId,
        subject: t.subject,
        body: t.body,
      });
      expect(res.status).toBe(201);
      labelled.push({ ticketId: res.body.id, categoryId: categoryOf.get(t.category)! });
    }
    fed += count;
    await label(labelled);
    return labelled;
  };

  const model = async (version: number) => (await api<Json>('GET', `/api/v1/models/${version}`)).body;
  const ticketIdsOf = async (externalIds: string[]) =>
    app.services.db.query<{ id: string; externalId: string }>(
      `SELECT id, external_id AS "externalId" FROM tickets WHERE workspace_id = $1 AND external_id = ANY($2)`,
      [app.workspaceId, externalIds],
    );

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
    api = apiClient(app.url, { apiKey: app.apiKey });
    await importRows(history.slice(0, FIRST_HISTORY));
    const categories = (await api<Json>('GET', '/api/v1/categories')).body.items as Json[];
    categoryOf = new Map(categories.map((c) => [c.key, c.id]));
    const [admin] = await app.services.db.query<{ id: string; name: string }>(
      `SELECT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.workspace_id = $1 LIMIT 1`,
      [app.workspaceId],
    );
    reviewer = { type: 'user', id: admin!.id, name: admin!.name };
    const [imported] = await app.services.db.query<{ id: string }>(
      `SELECT actor_id AS id FROM labels WHERE workspace_id = $1 AND kind = 'import' LIMIT 1`,
      [app.workspaceId],
    );
    importer = { type: 'api_key', id: imported!.id, name: 'importer' };
    // Small enough to finish in a test, large enough that a category needs ten tickets to count.
    const policy = await api<Json>('PATCH', '/api/v1/models/promotion-policy', {
      minSample: SHADOW_TICKETS,
      minCategorySample: 10,
      categoryTolerance: 0.1,
    });
    expect(policy.body).toMatchObject({ mode: 'approval', minSample: SHADOW_TICKETS });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  it('makes the first model champion at once, with its training data, metrics and progress', async () => {
    const trained = await api<Json>('POST', '/api/v1/models/train');
    expect(trained.status).toBe(201);
    expect(trained.body).toMatchObject({ version: 1, status: 'champion' });
    const v1 = await model(1);
    expect(v1.status).toBe('champion');
    expect(v1.trainingSummary.data.labels).toBe(FIRST_HISTORY);
    expect(
      Object.values(v1.trainingSummary.data.perCategory as Record<string, number>).reduce((a, b) => a + b),
    ).toBe(FIRST_HISTORY);
    expect(v1.metrics.accuracy).toBeGreaterThan(0.5);
    expect(v1.metrics.ece).toBeGreaterThanOrEqual(0);
    expect(v1.metrics.coverageAtTarget).toBeGreaterThanOrEqual(0);
    expect(v1.createdByType).toBe('api_key');
    expect(v1.history.map((h: Json) => h.action)).toEqual(['model.trained', 'model.promoted']);
    const run = (await api<Json>('GET', '/api/v1/models/training-runs/latest')).body.run;
    expect(run).toMatchObject({ status: 'succeeded', step: 'done', percent: 100, modelVersion: 1 });
  });

  it('refuses a training while another process trains the workspace', async () => {
    // What another process's run looks like while it trains.
    await app.services.db.query(
      `INSERT INTO training_runs (workspace_id, status, step, percent, trigger, started_by_type, started_at, updated_at)
       VALUES ($1, 'running', 'training', 10, 'schedule', 'system', now(), now())`,
      [app.workspaceId],
    );
    const latest = (await api<Json>('GET', '/api/v1/models/training-runs/latest')).body.run;
    expect(latest).toMatchObject({ status: 'running', step: 'training', percent: 10 });
    const refused = await api<Json>('POST', '/api/v1/models/train');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('training_in_progress');
    await app.services.db.query(`UPDATE training_runs SET status = 'failed' WHERE status = 'running'`);
    // Trained on the same labels as v1, it becomes the challenger (replaced below).
    const trained = await api<Json>('POST', '/api/v1/models/train');
    expect(trained.body).toMatchObject({ version: 2, status: 'challenger' });
  });

  it('does not promote a challenger trained on half-shuffled labels: it loses in shadow and is rejected', async () => {
    const firstIds = await ticketIdsOf(history.slice(0, FIRST_HISTORY).map((t) => t.externalId));
    const byExternal = new Map(firstIds.map((r) => [r.externalId, r.id]));
    const keys = [...categoryOf.keys()].sort();
    // Every second ticket is relabelled to another category, as a careless bulk edit would.
    await label(
      history.slice(0, FIRST_HISTORY).flatMap((t, i) =>
        i % 2 === 0
          ? [
              {
                ticketId: byExternal.get(t.externalId)!,
                categoryId: categoryOf.get(keys[(keys.indexOf(t.category) + 1 + (i % 5)) % keys.length]!)!,
              },
            ]
          : [],
      ),
      importer,
    );
    const trained = await api<Json>('POST', '/api/v1/models/train');
    expect(trained.body).toMatchObject({ version: 3, status: 'challenger' });
    // The edit is found and undone; the champion, which learns every label online, unlearns it
    // too, while v3 keeps what it was trained on.
    const truth = new Map(history.map((t) => [t.externalId, t.category]));
    await label(
      firstIds.map((r) => ({ ticketId: r.id, categoryId: categoryOf.get(truth.get(r.externalId)!)! })),
      importer,
    );
    // v3 replaced the earlier challenger v2 before its gate decided.
    expect((await model(2)).status).toBe('retired');

    await feedAndLabel(SHADOW_TICKETS - 1);
    let shadow = (await model(3)).shadow;
    expect(shadow.gate.verdict).toBe('insufficient_sample');
    expect((await api<Json>('POST', '/api/v1/models/gate')).body.outcome.action).toBe('shadowing');
    await feedAndLabel(1);
    shadow = (await model(3)).shadow;
    expect(shadow.challenger.overall.sample).toBe(SHADOW_TICKETS);
    // Measured: 36–37% against the champion's 64–69% on these tickets.
    expect(shadow.challenger.overall.accuracy).toBeLessThan(shadow.champion.overall.accuracy - 0.1);

    const gate = await api<Json>('POST', '/api/v1/models/gate');
    expect(gate.body.outcome).toMatchObject({ action: 'rejected', version: 3, gate: { verdict: 'fail' } });
    const v3 = await model(3);
    expect(v3.status).toBe('retired');
    expect(v3.statusReason).toContain('failed the promotion gate');
    expect(v3.history.map((h: Json) => h.action)).toEqual([
      'model.trained',
      'model.challenger_started',
      'model.gate_evaluated',
      'model.gate_evaluated',
      'model.rejected',
    ]);
    expect((await model(1)).status).toBe('champion');
    // Never acted on: every decision on the shadow tickets came from v1.
    const versions = await app.services.db.query<{ v: number }>(
      `SELECT DISTINCT p.model_version AS v FROM predictions p JOIN tickets t ON t.id = p.ticket_id
        WHERE t.source = 'shadow-test'`,
    );
    expect(versions).toEqual([{ v: 1 }]);
  });

  it('promotes a challenger trained on correct labels over a champion trained on corrupted ones', async () => {
    // An owner overrides the gate and makes the corrupted v3 champion anyway (promote works on any
    // version); the next model, trained on the corrected labels, must win it back.
    const override = await api<Json>('POST', '/api/v1/models/3/promote');
    expect(override.body).toEqual({ version: 3, replaced: 1 });
    expect((await model(3)).history.at(-1)).toMatchObject({
      action: 'model.promoted',
      payload: { from: 'retired', reason: 'promoted by an owner' },
    });

    // The server stays free while it trains: another client follows the run's steps meanwhile.
    const training = api<Json>('POST', '/api/v1/models/train');
    let finished = false;
    void training.then(() => {
      finished = true;
    });
    const seen = new Set<string>();
    while (!finished) {
      const run = (await api<Json>('GET', '/api/v1/models/training-runs/latest')).body.run;
      if (run?.status === 'running') seen.add(run.step);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect([...seen].some((step) => step.startsWith('training'))).toBe(true);
    const trained = await training;
    expect(trained.body).toMatchObject({ version: 4, status: 'challenger' });
    await feedAndLabel(SHADOW_TICKETS);
    const shadow = (await model(4)).shadow;
    // Measured: 86% against the corrupted champion's 76–77% (it also learned these labels online).
    expect(shadow.challenger.overall.accuracy).toBeGreaterThan(shadow.champion.overall.accuracy);

    // Under the approval policy (the default) a passing challenger waits for an owner…
    const waiting = await api<Json>('POST', '/api/v1/models/gate');
    expect(waiting.body.outcome).toMatchObject({
      action: 'awaiting_approval',
      version: 4,
      gate: { verdict: 'pass' },
    });
    expect((await api<Json>('POST', '/api/v1/models/gate')).body.outcome.action).toBe('awaiting_approval');
    expect((await model(4)).history.filter((h: Json) => h.action === 'model.gate_evaluated')).toHaveLength(1);
    expect((await model(3)).status).toBe('champion');

    // …and under the auto policy it is promoted on the next check.
    expect((await api<Json>('PATCH', '/api/v1/models/promotion-policy', { mode: 'auto' })).body.mode).toBe(
      'auto',
    );
    const gate = await api<Json>('POST', '/api/v1/models/gate');
    expect(gate.body.outcome).toMatchObject({ action: 'promoted', version: 4, gate: { verdict: 'pass' } });
    const v4 = await model(4);
    expect(v4).toMatchObject({ status: 'champion', previousChampionVersion: 3 });
    expect(v4.history.at(-1)).toMatchObject({
      action: 'model.promoted',
      payload: { reason: 'passed the promotion gate (auto policy)' },
    });
    expect((await model(3)).status).toBe('retired');
    const classified = await api<Json>('POST', '/api/v1/classify', { body: live[0]!.body });
    expect(classified.body.modelVersion).toBe(4);
  });

  it('rolls back in one action: the previous champion is restored and predicts again', async () => {
    const rolled = await api<Json>('POST', '/api/v1/models/rollback');
    expect(rolled.status).toBe(200);
    expect(rolled.body).toEqual({ restored: 3, retired: 4 });
    expect((await model(3)).status).toBe('champion');
    const v4 = await model(4);
    expect(v4.status).toBe('retired');
    expect(v4.history.at(-1)).toMatchObject({ action: 'model.rolled_back', payload: { restored: 3 } });
    const ticket = await api<Json>('POST', '/api/v1/tickets', {
      source: 'after-rollback',
      externalId: 'r-1',
      subject: live[1]!.subject,
      body: live[1]!.body,
    });
    expect(ticket.body.prediction.modelVersion).toBe(3);
    // v3 had replaced v1: a second rollback goes one further back; v1 replaced nothing.
    expect((await api<Json>('POST', '/api/v1/models/rollback')).body).toEqual({ restored: 1, retired: 3 });
    const again = await api<Json>('POST', '/api/v1/models/rollback');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('model_not_promotable');
  });

  it('lets only holders of models:promote promote or roll back', async () => {
    const key = await api<Json>('POST', '/api/v1/api-keys', { name: 'helpdesk', role: 'integration' });
    const integration = apiClient(app.url, { apiKey: key.body.key });
    expect((await integration<Json>('POST', '/api/v1/models/rollback')).status).toBe(403);
    expect((await integration<Json>('POST', '/api/v1/models/4/promote')).status).toBe(403);
    expect((await integration<Json>('GET', '/api/v1/models')).status).toBe(200);
  });
});
