import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../platform/db/database.js';
import { readMigrations } from '../../platform/db/migrate.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

// Migration 0003 on a database that already has work in it: the foundation is replayed in
// a schema of its own, filled, migrated, checked and dropped, so the test database's own
// tables stay untouched.
describe.each(targets)('migration 0003 over existing data on $name', (target) => {
  let handle: TestDatabase;
  const [foundation, queues] = ['0001_foundation', '0003_review_queues'].map(
    (name) => readMigrations().find((m) => m.name === name)!,
  );

  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(() => handle.dispose());

  it('gives each workspace a default queue owned by its earliest admin, with every member, holding its items', async () => {
    const result = await handle.db.transaction(async (tx) => {
      await tx.exec('CREATE SCHEMA before_queues; SET LOCAL search_path TO before_queues, public;');
      await tx.exec(foundation!.sql);
      const ws = await one<{ id: string }>(
        tx,
        `INSERT INTO workspaces (slug, name) VALUES ('old', 'Old') RETURNING id`,
      );
      const users = await tx.query<{ id: string; email: string }>(
        `INSERT INTO users (email, name) VALUES ('late-admin@x', 'Late'), ('early-admin@x', 'Early'), ('rev@x', 'Rev')
         RETURNING id, email`,
      );
      const id = (email: string) => users.find((u) => u.email === email)!.id;
      await tx.query(
        `INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES
           ($1, $2, 'admin', '2026-01-02'), ($1, $3, 'admin', '2026-01-01'), ($1, $4, 'reviewer', '2026-01-03')`,
        [ws.id, id('late-admin@x'), id('early-admin@x'), id('rev@x')],
      );
      const ticket = await one<{ id: string }>(
        tx,
        `INSERT INTO tickets (workspace_id, source, external_id, content_hash) VALUES ($1, 's', '1', 'h') RETURNING id`,
        [ws.id],
      );
      const decision = await one<{ id: string }>(
        tx,
        `INSERT INTO decisions (workspace_id, ticket_id, outcome, rule) VALUES ($1, $2, 'needs_review', 'r') RETURNING id`,
        [ws.id, ticket.id],
      );
      await tx.query(
        `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, resolution, created_at) VALUES
           ($1, $2, $3, 'resolved', 'suggestion', NULL, '2026-02-01T10:00:00Z'),
           ($1, $2, $3, 'open', 'suggestion', NULL, '2026-02-02T10:00:00Z')`,
        [ws.id, ticket.id, decision.id],
      );
      await tx.exec(queues!.sql);
      const queue = await one<{ id: string; ownerUserId: string; isDefault: boolean }>(
        tx,
        `SELECT id, owner_user_id AS "ownerUserId", is_default AS "isDefault" FROM review_queues WHERE workspace_id = $1`,
        [ws.id],
      );
      const members = await tx.query<{ userId: string }>(
        `SELECT user_id AS "userId" FROM review_queue_members WHERE queue_id = $1`,
        [queue.id],
      );
      const items = await tx.query<{ queueId: string; dueAt: Date; resolution: string | null; kind: string }>(
        `SELECT queue_id AS "queueId", due_at AS "dueAt", resolution, kind FROM review_items ORDER BY created_at`,
      );
      await tx.exec('SET LOCAL search_path TO public; DROP SCHEMA before_queues CASCADE;');
      return { queue, members, items, earliestAdmin: id('early-admin@x'), everyone: users.map((u) => u.id) };
    });
    expect(result.queue).toMatchObject({ isDefault: true, ownerUserId: result.earliestAdmin });
    expect(result.members.map((m) => m.userId).sort()).toEqual([...result.everyone].sort());
    expect(result.items).toEqual([
      {
        queueId: result.queue.id,
        dueAt: new Date('2026-02-02T10:00:00Z'),
        resolution: 'superseded',
        kind: 'first',
      },
      { queueId: result.queue.id, dueAt: new Date('2026-02-03T10:00:00Z'), resolution: null, kind: 'first' },
    ]);
  });
});
