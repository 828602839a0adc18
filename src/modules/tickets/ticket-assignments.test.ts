import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, openPglite } from '../../platform/db/database.js';
import { migrate, readMigrations } from '../../platform/db/migrate.js';
import { appendEvent, systemActor } from '../../platform/events/index.js';

// Migration 0018 fills ticket_assignments from what came before it: the ticket.updated events
// (they hold the assignee before and after) and, for the arrival, the assignee before the first
// such change or else the current one.
describe('ticket assignments backfilled by migration 0018', () => {
  const db = openPglite(undefined);
  const at = (s: string) => new Date(`2026-03-02T${s}Z`);
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    const d = await db;
    await migrate(
      d,
      readMigrations().filter((m) => m.version < 18),
    );
    const { id: workspaceId } = await one<{ id: string }>(
      d,
      `INSERT INTO workspaces (slug, name) VALUES ('w', 'W') RETURNING id`,
    );
    const ticket = async (key: string, assignee: string | null) =>
      (
        await one<{ id: string }>(
          d,
          `INSERT INTO tickets (workspace_id, source, external_id, content_hash, assignee, received_at)
           VALUES ($1, 'test', $2, $2, $3, $4) RETURNING id`,
          [workspaceId, key, assignee, at('09:00:00')],
        )
      ).id;
    // Arrived with Ana and kept her; arrived with Ana, went to Bob and then to Cy; arrived unassigned.
    ids = {
      kept: await ticket('kept', 'ana'),
      moved: await ticket('moved', 'cy'),
      none: await ticket('none', null),
    };
    const updated = (before: string | null, after: string | null, time: string) =>
      d.transaction((tx) =>
        appendEvent(tx, {
          workspaceId,
          actor: systemActor('test'),
          action: 'ticket.updated',
          subjectType: 'ticket',
          subjectId: ids.moved!,
          payload: { eventId: time, before: { assignee: before }, after: { assignee: after } },
          occurredAt: at(time),
        }),
      );
    await updated('ana', 'bob', '10:00:00');
    await updated('bob', 'bob', '10:30:00');
    await updated('bob', 'cy', '11:00:00');
    await migrate(d);
  });
  afterAll(async () => (await db).close());

  it('records the arrival assignee and every change since', async () => {
    const rows = await (await db).query<{
      ticketId: string;
      from: string | null;
      to: string | null;
      at: Date;
    }>(
      `SELECT ticket_id AS "ticketId", from_assignee AS from, to_assignee AS to, changed_at AS at
         FROM ticket_assignments ORDER BY ticket_id, changed_at, id`,
    );
    const of = (id: string) =>
      rows.filter((r) => r.ticketId === id).map((r) => [r.from, r.to, r.at.toISOString()]);
    expect(of(ids.kept!)).toEqual([[null, 'ana', at('09:00:00').toISOString()]]);
    // The arrival assignee is the first change's "before"; the no-op change (bob → bob) is left out.
    expect(of(ids.moved!)).toEqual([
      [null, 'ana', at('09:00:00').toISOString()],
      ['ana', 'bob', at('10:00:00').toISOString()],
      ['bob', 'cy', at('11:00:00').toISOString()],
    ]);
    expect(of(ids.none!)).toEqual([]);
  });
});
