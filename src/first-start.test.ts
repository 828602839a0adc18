import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from './composition.js';
import { firstStart } from './first-start.js';
import { createCategory } from './modules/categories/index.js';
import { demoCategories, seedDemoWorkspace } from './modules/demo/index.js';
import { loadConfig } from './platform/config/config.js';
import { systemActor } from './platform/events/index.js';
import { databaseTargets, type TestDatabase } from './platform/testing/test-databases.js';

const { targets } = await databaseTargets();

describe.each(targets)('first start on $name', (target) => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(() => handle.dispose());

  it('creates one workspace, one admin and one admin key, and only once', async () => {
    const services = await createServices(loadConfig({ TRIAGE_DEMO: 'false' }), { db: handle.db });
    const first = await firstStart(services);
    expect(first?.adminPassword).toMatch(/^.{16}$/);
    expect(first?.apiKey).toMatch(/^trg_/);
    expect(await firstStart(services)).toBeUndefined();
    const counts = await handle.db.query<{ users: number; keys: number; workspaces: number }>(
      `SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM api_keys) AS keys,
              (SELECT count(*)::int FROM workspaces) AS workspaces`,
    );
    expect(counts[0]).toEqual({ users: 1, keys: 1, workspaces: 1 });
  });

  it('completes a demo seeding that was interrupted, without duplicating anything', async () => {
    const services = await createServices(loadConfig({ TRIAGE_DEMO: 'false' }), { db: handle.db });
    const [ws] = await handle.db.query<{ id: string }>('SELECT id FROM workspaces');
    // As if a crash hit after the first categories were created.
    for (const c of demoCategories.slice(0, 3)) {
      await createCategory(
        services,
        { workspaceId: ws!.id, actor: systemActor('test') },
        { key: c.key, name: c.name },
      );
    }
    const options = { ownerUserId: null, historySize: 300, liveTickets: 3 };
    const seeded = await seedDemoWorkspace(services, ws!.id, options);
    expect(seeded.modelVersion).toBe(1);
    await seedDemoWorkspace(services, ws!.id, options);
    const [counts] = await handle.db.query<{ categories: number; history: number; live: number }>(
      `SELECT (SELECT count(*)::int FROM categories WHERE workspace_id = $1) AS categories,
              (SELECT count(*)::int FROM tickets WHERE workspace_id = $1 AND source = 'demo-history') AS history,
              (SELECT count(*)::int FROM tickets WHERE workspace_id = $1 AND source = 'demo-live') AS live`,
      [ws!.id],
    );
    expect(counts).toEqual({ categories: demoCategories.length, history: 300, live: 3 });
  });

  it('retrains a champion saved in a model format this version cannot read', async () => {
    const services = await createServices(loadConfig({ TRIAGE_DEMO: 'false' }), { db: handle.db });
    const [ws] = await handle.db.query<{ id: string }>('SELECT id FROM workspaces');
    // As if saved by an older Triage: same bytes, older format version in the header.
    const [old] = await handle.db.query<{ artifact: Uint8Array; version: number }>(
      `SELECT artifact, version FROM models WHERE workspace_id = $1 AND status = 'champion'`,
      [ws!.id],
    );
    const text = Buffer.from(old!.artifact)
      .toString('latin1')
      .replace('"formatVersion":3', '"formatVersion":2');
    await handle.db.query(`UPDATE models SET artifact = $1 WHERE workspace_id = $2 AND status = 'champion'`, [
      Buffer.from(text, 'latin1'),
      ws!.id,
    ]);
    expect(await services.champions.champion(handle.db, ws!.id)).toBeNull();

    const progress: string[] = [];
    await firstStart(services, (msg) => progress.push(msg));
    expect(progress.join('\n')).toMatch(/cannot be read .*format version 2 is not supported.*retraining/);
    const champion = await services.champions.champion(handle.db, ws!.id);
    expect(champion?.version).toBe(old!.version + 1);
    expect(champion?.model.categories.length).toBeGreaterThan(1);
  });
});
