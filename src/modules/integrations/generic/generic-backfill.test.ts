import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView, PastTicket } from '../connector.js';
import { HelpdeskHttpError, helpdeskHttp } from '../helpdesk-http.js';
import { genericConnector } from './generic-connector.js';
import {
  GENERIC_INTEGRATION_USER,
  type GenericHelpdesk,
  startGenericHelpdesk,
} from './test-support/generic-helpdesk.js';

// The generic backfill endpoint of docs/integrations/generic.md ("Backfill"), read page by page
// from the local generic helpdesk.
describe('generic listPastTickets', () => {
  let desk: GenericHelpdesk;
  const connection = (token = 'generic-test-token'): ConnectionView => ({
    id: '00000000-0000-4000-8000-000000000001',
    workspaceId: '00000000-0000-4000-8000-000000000002',
    kind: 'generic',
    name: 'Desk',
    baseUrl: desk.url,
    credentials: { token },
    inboundSecret: 'an inbound secret of some length',
    integrationUser: GENERIC_INTEGRATION_USER,
    categoryMapping: [],
    writeSuggestionsAsNote: false,
    settings: {},
  });
  const list = (cursor: string | null, token?: string) =>
    genericConnector.listPastTickets!({
      connection: connection(token),
      http: helpdeskHttp({
        baseUrl: desk.url,
        signal: new AbortController().signal,
        timeoutMs: 5_000,
        now: () => new Date(),
      }),
      since: new Date('2026-01-01T00:00:00Z'),
      cursor,
      pageSize: 2,
    });

  beforeAll(async () => {
    desk = await startGenericHelpdesk();
    desk.addPastTicket('T-0', '2025-12-31T23:59:59Z', 'Billing', { id: 'u-1' });
    desk.addPastTicket('T-1', '2026-01-02T00:00:00Z', 'Billing', { id: 'u-1', email: 'rita@desk.test' });
    desk.addPastTicket('T-2', '2026-01-03T00:00:00Z', 'Login', {
      email: GENERIC_INTEGRATION_USER.email.toUpperCase(),
    });
    desk.addPastTicket('T-3', '2026-01-04T00:00:00Z', null, null);
  });
  afterAll(() => desk.close());

  it('reads tickets since the date, page by page, with the category and who set it', async () => {
    const first = await list(null);
    expect(first.total).toBe(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(first.nextCursor);
    expect(second.nextCursor).toBeNull();
    const all: PastTicket[] = [...first.tickets, ...second.tickets];
    expect(
      all.map((t) => [t.ticket.externalId, t.categoryValue, t.categorySetBy?.isIntegration ?? null]),
    ).toEqual([
      ['T-1', 'Billing', false],
      ['T-2', 'Login', true],
      ['T-3', null, null],
    ]);
    expect(all[0]!.ticket).toMatchObject({
      subject: 'Subject T-1',
      body: 'Body T-1',
      createdAt: '2026-01-02T00:00:00Z',
    });
    const sent = desk.server.requests.filter((r) => r.path === '/tickets');
    expect(sent.at(-1)!.query.get('cursor')).toBe(first.nextCursor);
    expect(sent.at(-1)!.query.get('since')).toBe('2026-01-01T00:00:00.000Z');
  });

  it('throws HelpdeskHttpError when the token is refused', async () => {
    await expect(list(null, 'a wrong token')).rejects.toBeInstanceOf(HelpdeskHttpError);
  });
});
