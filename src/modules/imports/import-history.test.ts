import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.js';
import { one } from '../../platform/db/database.js';
import { systemActor, verifyEventChain } from '../../platform/events/index.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { importHistoryBatch } from './import-history.js';

const { targets } = await databaseTargets();

describe.each(targets)('importHistoryBatch on $name', (target) => {
  let handle: TestDatabase;
  let ctx: { workspaceId: string; actor: ReturnType<typeof systemActor> };
  const deps = () => ({ db: handle.db, clock: systemClock });

  beforeAll(async () => {
    handle = await target.open();
    const ws = await one<{ id: string }>(
      handle.db,
      `INSERT INTO workspaces (slug, name) VALUES ('imp', 'Imports') RETURNING id`,
    );
    ctx = { workspaceId: ws.id, actor: systemActor('test') };
  });
  afterAll(() => handle.dispose());

  it('imports rows as labelled tickets, once, and reports repeats and conflicts', async () => {
    const rows = [
      { externalId: 'a', subject: 'Invoice wrong', category: 'Billing' },
      { externalId: 'b', body: 'Cannot log in', category: 'Login' },
      { externalId: 'a', subject: 'Invoice wrong', category: 'Billing' },
      { externalId: 'b', body: 'Cannot log in at all', category: 'Login' },
      { externalId: 'c', body: 'Where is my export?', category: 'Export' },
    ];
    const strict = await importHistoryBatch(deps(), ctx, rows, { createCategories: false, source: 'hist' });
    expect(strict.created).toBe(0);
    expect(strict.rejected.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);

    const first = await importHistoryBatch(deps(), ctx, rows, { createCategories: true, source: 'hist' });
    expect(first).toMatchObject({
      created: 3,
      unchanged: 1,
      createdCategories: ['Billing', 'Login', 'Export'],
    });
    expect(first.rejected).toEqual([
      { index: 3, reason: expect.stringMatching(/"b" was imported before with other content/) },
    ]);

    const again = await importHistoryBatch(deps(), ctx, rows.slice(0, 2), {
      createCategories: false,
      source: 'hist',
    });
    expect(again).toMatchObject({ created: 0, unchanged: 2, rejected: [] });

    const tickets = await handle.db.query<{
      externalId: string;
      category: string;
      setBy: string;
      labels: number;
    }>(
      `SELECT t.external_id AS "externalId", c.name AS category, t.category_set_by AS "setBy",
              (SELECT count(*)::int FROM labels l WHERE l.ticket_id = t.id AND l.kind = 'import') AS labels
         FROM tickets t JOIN categories c ON c.id = t.category_id WHERE t.workspace_id = $1 ORDER BY t.external_id`,
      [ctx.workspaceId],
    );
    expect(tickets).toEqual([
      { externalId: 'a', category: 'Billing', setBy: 'human', labels: 1 },
      { externalId: 'b', category: 'Login', setBy: 'human', labels: 1 },
      { externalId: 'c', category: 'Export', setBy: 'human', labels: 1 },
    ]);
    const actions = await handle.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM events WHERE workspace_id = $1 GROUP BY action ORDER BY action`,
      [ctx.workspaceId],
    );
    expect(actions).toEqual([
      { action: 'category.created', n: 3 },
      { action: 'label.recorded', n: 3 },
      { action: 'ticket.imported', n: 3 },
    ]);
    expect((await verifyEventChain(handle.db, ctx.workspaceId)).ok).toBe(true);
  });
});
