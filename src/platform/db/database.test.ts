import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../events/actor.js';
import { appendEvent, verifyEventChain } from '../events/event-log.js';
import { databaseTargets, type TestDatabase } from '../testing/test-databases.js';
import { type Database, one } from './database.js';
import { migrate, readMigrations } from './migrate.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

describe.each(targets)('data layer on $name', (target) => {
  let handle: TestDatabase;
  let db: Database;
  let workspaceId: string;

  beforeAll(async () => {
    handle = await target.open();
    db = handle.db;
    ({ id: workspaceId } = await one<{ id: string }>(
      db,
      `INSERT INTO workspaces (slug, name) VALUES ('w1', 'W1') RETURNING id`,
    ));
  });
  afterAll(() => handle.dispose());

  it('has applied every migration, and applying again changes nothing', async () => {
    const applied = await db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(applied.map((m) => m.version)).toEqual(readMigrations().map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(db, edited)).rejects.toThrow(/edited after it was applied/);
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO workspaces (slug, name) VALUES ('rolled-back', 'x')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query(`SELECT 1 FROM workspaces WHERE slug = 'rolled-back'`)).toHaveLength(0);
  });

  it('keeps the event log append-only and its hash chain verifiable', async () => {
    await db.transaction(async (tx) => {
      for (const action of ['a.one', 'a.two', 'a.three']) {
        await appendEvent(tx, {
          workspaceId,
          actor: systemActor('test'),
          action,
          subjectType: 'thing',
          subjectId: '1',
          payload: { z: 1, a: [1, { y: 'é', b: null }] },
          occurredAt: new Date('2026-01-02T03:04:05.678Z'),
        });
      }
    });
    expect(await verifyEventChain(db, workspaceId)).toEqual({ ok: true, checked: 3 });
    await expect(
      db.query(`UPDATE events SET action = 'forged' WHERE workspace_id = $1`, [workspaceId]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM events WHERE workspace_id = $1', [workspaceId])).rejects.toThrow(
      /append-only/,
    );
  });

  it('detects a row written around the chain', async () => {
    const { id: other } = await one<{ id: string }>(
      db,
      `INSERT INTO workspaces (slug, name) VALUES ('w2', 'W2') RETURNING id`,
    );
    await db.transaction((tx) =>
      appendEvent(tx, {
        workspaceId: other,
        actor: systemActor('test'),
        action: 'ok',
        subjectType: 'thing',
        subjectId: '1',
        occurredAt: new Date(),
      }),
    );
    await db.query(
      `INSERT INTO events (workspace_id, occurred_at, actor_type, actor_name, action, subject_type, subject_id, payload, prev_hash, hash)
       VALUES ($1, now(), 'system', 'intruder', 'forged', 'thing', '1', '{}', NULL, 'x')`,
      [other],
    );
    const result = await verifyEventChain(db, other);
    expect(result.ok).toBe(false);
    expect(result.checked).toBe(1);
  });

  it('serialises concurrent appends so the chain stays intact', async () => {
    const { id: ws } = await one<{ id: string }>(
      db,
      `INSERT INTO workspaces (slug, name) VALUES ('w3', 'W3') RETURNING id`,
    );
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.transaction((tx) =>
          appendEvent(tx, {
            workspaceId: ws,
            actor: systemActor('test'),
            action: `concurrent.${i}`,
            subjectType: 'thing',
            subjectId: String(i),
            occurredAt: new Date(),
          }),
        ),
      ),
    );
    expect(await verifyEventChain(db, ws)).toEqual({ ok: true, checked: 8 });
  });
});
