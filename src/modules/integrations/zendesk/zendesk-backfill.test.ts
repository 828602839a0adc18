import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../platform/clock.js';
import type { ConnectionView } from '../connector.js';
import { HelpdeskHttpError, helpdeskHttp } from '../helpdesk-http.js';
import { AGENT, CATEGORY_FIELD_ID, CUSTOMER, TRIAGE_USER } from './test-support/zendesk-account.js';
import { startZendeskTestServer, type ZendeskTestServer } from './test-support/zendesk-test-server.js';
import { listZendeskPastTickets } from './zendesk-backfill.js';

// The cursor-based incremental export as the local Zendesk serves it
// (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/).
describe('Zendesk listPastTickets', () => {
  let zendesk: ZendeskTestServer;
  let now = new Date('2026-06-01T12:00:00Z');
  const clock: Clock = { now: () => now };
  const connection = (): ConnectionView => ({
    id: '00000000-0000-4000-8000-000000000001',
    workspaceId: '00000000-0000-4000-8000-000000000002',
    kind: 'zendesk',
    name: 'acme',
    baseUrl: zendesk.url,
    credentials: { email: TRIAGE_USER.email, apiToken: TRIAGE_USER.apiToken },
    inboundSecret: 'secret of some length',
    integrationUser: { id: String(TRIAGE_USER.id), email: TRIAGE_USER.email },
    categoryMapping: [],
    writeSuggestionsAsNote: false,
    settings: { categoryFieldId: CATEGORY_FIELD_ID },
  });
  const list = (cursor: string | null, since = new Date('2026-01-01T00:00:00Z')) =>
    listZendeskPastTickets({
      connection: connection(),
      http: helpdeskHttp({
        baseUrl: zendesk.url,
        signal: new AbortController().signal,
        timeoutMs: 5_000,
        now: () => now,
      }),
      since,
      cursor,
      pageSize: 2,
    });

  beforeAll(async () => {
    zendesk = await startZendeskTestServer({ users: [TRIAGE_USER, AGENT, CUSTOMER], clock });
    const at = (iso: string) => {
      now = new Date(iso);
    };
    const create = (subject: string) =>
      zendesk.act.createTicket(CUSTOMER.id, { subject, description: `${subject}.` });
    const categorise = (by: number, id: number, value: string) =>
      zendesk.act.updateTicket(by, id, { custom_fields: [{ id: CATEGORY_FIELD_ID, value }] });
    at('2025-11-01T10:00:00Z');
    create('Too old'); // 1
    at('2026-02-01T10:00:00Z');
    const byAgent = create('Charged twice'); // 2
    categorise(AGENT.id, byAgent.id, 'billing');
    at('2026-03-01T10:00:00Z');
    const byTriage = create('Cannot log in'); // 3
    categorise(TRIAGE_USER.id, byTriage.id, 'login');
    at('2026-04-01T10:00:00Z');
    const corrected = create('Refund please'); // 4: Triage set it, an agent corrected it after
    categorise(TRIAGE_USER.id, corrected.id, 'billing');
    categorise(AGENT.id, corrected.id, 'refunds');
    at('2026-05-01T10:00:00Z');
    create('No category yet'); // 5
    at('2026-06-01T12:00:00Z');
    create('Changed within the last minute'); // 6: not exported yet
  });
  afterAll(() => zendesk?.close());

  it('pages through the export since the start with each category and who set it', async () => {
    const first = await list(null);
    expect(first.tickets.map((t) => t.ticket.externalId)).toEqual(['2', '3']);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(first.nextCursor);
    expect(second.tickets.map((t) => t.ticket.externalId)).toEqual(['4', '5']);
    expect(second.nextCursor).toBeNull();
    expect(second.total).toBeNull();
    const all = [...first.tickets, ...second.tickets];
    expect(all.map((t) => [t.categoryValue, t.categorySetBy?.id ?? null, t.setByTriage])).toEqual([
      ['billing', String(AGENT.id), false],
      ['login', String(TRIAGE_USER.id), true],
      ['refunds', String(AGENT.id), false],
      [null, null, false],
    ]);
    expect(all[0]!.ticket).toMatchObject({ subject: 'Charged twice', body: 'Charged twice.' });
    const exports = zendesk.requests.filter((r) => r.path === '/api/v2/incremental/tickets/cursor.json');
    expect(exports[0]!.query.get('start_time')).toBe(String(Date.parse('2026-01-01T00:00:00Z') / 1000));
    expect(exports[1]!.query.get('cursor')).toBe(first.nextCursor);
  });

  it('throws the 429 with its Retry-After for the platform to wait out', async () => {
    zendesk.failNext({ kind: 'rate_limited', retryAfterSeconds: 7 });
    const error = await list(null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelpdeskHttpError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 7_000, rateLimited: true });
  });
});
