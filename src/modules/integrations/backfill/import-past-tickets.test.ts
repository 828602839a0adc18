import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../platform/clock.js';
import { one } from '../../../platform/db/database.js';
import { systemActor, verifyEventChain } from '../../../platform/events/index.js';
import { databaseTargets, type TestDatabase } from '../../../platform/testing/test-databases.js';
import { trainingLabels } from '../../learning/training-labels.js';
import type { ConnectionView, PastTicket } from '../connector.js';
import { classifyPastTickets, importPastTickets } from './import-past-tickets.js';

const { targets } = await databaseTargets();

const person = { id: 'u-7', email: 'pat@desk.test', name: 'Pat', isIntegration: false };
const past = (id: string, value: string | null, extra: Partial<PastTicket> = {}): PastTicket => ({
  ticket: {
    externalId: id,
    subject: `Ticket ${id}`,
    body: `The text of ticket ${id}`,
    requesterEmail: 'c@example.test',
    assigneeEmail: null,
    createdAt: '2026-03-01T10:00:00Z',
    fields: {},
  },
  categoryValue: value,
  categorySetBy: value === null ? null : person,
  setByTriage: false,
  ...extra,
});

describe.each(targets)('importing past tickets on $name', (target) => {
  let handle: TestDatabase;
  let connection: ConnectionView;
  let billing: string;
  let login: string;
  const ctx = () => ({ workspaceId: connection.workspaceId, actor: systemActor('backfill test') });

  beforeAll(async () => {
    handle = await target.open();
    const ws = await one<{ id: string }>(
      handle.db,
      `INSERT INTO workspaces (slug, name) VALUES ('bf', 'Backfill') RETURNING id`,
    );
    const category = async (key: string) =>
      (
        await one<{ id: string }>(
          handle.db,
          `INSERT INTO categories (workspace_id, key, name) VALUES ($1, $2, $2) RETURNING id`,
          [ws.id, key],
        )
      ).id;
    billing = await category('billing');
    login = await category('login');
    const row = await one<{ id: string }>(
      handle.db,
      `INSERT INTO connections (workspace_id, kind, name, base_url, credentials_encrypted, key_id, created_at, updated_at)
       VALUES ($1, 'generic', 'Desk', 'http://desk.test', 'sealed', 'k1', now(), now()) RETURNING id`,
      [ws.id],
    );
    connection = {
      id: row.id,
      workspaceId: ws.id,
      kind: 'generic',
      name: 'Desk',
      baseUrl: 'http://desk.test',
      credentials: {},
      inboundSecret: null,
      integrationUser: { id: 'triage-bot', email: 'Triage@Desk.test' },
      categoryMapping: [
        { categoryId: billing, value: 'Billing' },
        { categoryId: login, value: 'Login' },
      ],
      writeSuggestionsAsNote: false,
      settings: {},
    };
  });
  afterAll(() => handle.dispose());

  it('tells AI provenance from a person by the connector, the integration user and what Triage wrote', async () => {
    // Triage knows ticket w-1 from live intake and wrote "Login" to it; a person later left it as is.
    const known = await one<{ id: string }>(
      handle.db,
      `INSERT INTO tickets (workspace_id, source, external_id, content_hash) VALUES ($1, $2, 'w-1', 'h') RETURNING id`,
      [connection.workspaceId, `generic:${connection.id}`],
    );
    await handle.db.query(
      `INSERT INTO helpdesk_writes (workspace_id, connection_id, ticket_id, marker, action, value, result, written_at)
       VALUES ($1, $2, $3, 'triage-m1', 'set_category', 'Login', 'written', now())`,
      [connection.workspaceId, connection.id, known.id],
    );
    const { counts, classified } = await classifyPastTickets(handle.db, connection, [
      past('p-1', 'billing'),
      past('p-2', 'Billing', {
        categorySetBy: { id: null, email: 'triage@desk.test', name: null, isIntegration: false },
      }),
      past('p-3', 'Login', { setByTriage: true }),
      past('w-1', 'login', { categorySetBy: null }),
      past('p-4', null),
      past('p-5', 'Refunds'),
      past('p-1', 'billing'),
      past('', 'Billing'),
    ]);
    expect(classified.map((c) => [c.past.ticket.externalId, c.provenance])).toEqual([
      ['p-1', 'human'],
      ['p-2', 'ai'],
      ['p-3', 'ai'],
      ['w-1', 'ai'],
    ]);
    expect(classified[0]!.categoryId).toBe(billing);
    expect(counts).toEqual({
      read: 8,
      imported: 0,
      unchanged: 1,
      labelled: 0,
      aiProvenance: 0,
      uncategorised: 1,
      unmapped: 1,
      rejected: 1,
    });
  });

  it('imports people’s categories as labels and Triage’s as AI provenance, once', async () => {
    const page = [past('q-1', 'Billing'), past('q-2', 'Login', { setByTriage: true }), past('q-3', null)];
    const first = await handle.db.transaction((tx) =>
      importPastTickets(tx, systemClock, ctx(), connection, page),
    );
    expect(first).toMatchObject({ read: 3, imported: 2, labelled: 1, aiProvenance: 1, uncategorised: 1 });
    const again = await handle.db.transaction((tx) =>
      importPastTickets(tx, systemClock, ctx(), connection, page),
    );
    expect(again).toMatchObject({ read: 3, imported: 0, unchanged: 2, labelled: 0, aiProvenance: 0 });

    const tickets = await handle.db.query<{ externalId: string; categoryId: string; setBy: string }>(
      `SELECT external_id AS "externalId", category_id AS "categoryId", category_set_by AS "setBy"
         FROM tickets WHERE source = $1 AND external_id LIKE 'q-%' ORDER BY external_id`,
      [`generic:${connection.id}`],
    );
    expect(tickets).toEqual([
      { externalId: 'q-1', categoryId: billing, setBy: 'human' },
      { externalId: 'q-2', categoryId: login, setBy: 'ai' },
    ]);
    const examples = (await trainingLabels(handle.db, connection.workspaceId)).examples;
    expect(examples.map((e) => e.subject)).toEqual(['Ticket q-1']);
    expect(await verifyEventChain(handle.db, connection.workspaceId)).toMatchObject({ ok: true });
  });
});
