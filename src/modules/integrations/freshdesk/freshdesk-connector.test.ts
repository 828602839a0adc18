import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../platform/testing/manual-clock.js';
import type { ConnectionView, InboundRequest, PlannedEffect, WriteBackInput } from '../connector.js';
import { HelpdeskHttpError, helpdeskHttp } from '../helpdesk-http.js';
import { effectContext as contextFor } from '../test-support/effect-context.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js';
import { FRESHDESK_MAX_PAGE, fieldChange, freshdeskConnector as freshdesk } from './freshdesk-connector.js';
import {
  AGENT,
  CATEGORY_FIELD,
  CUSTOMER,
  startFreshdeskAccount,
  TRIAGE_AGENT,
} from './test-support/freshdesk-account.js';
import { type FreshdeskTestServer, startFreshdeskTestServer } from './test-support/freshdesk-test-server.js';

const SECRET = 'freshdesk shared secret, long enough';
const clock = manualClock();

const connection = (baseUrl = 'http://127.0.0.1:1', apiKey = TRIAGE_AGENT.apiKey): ConnectionView => ({
  id: '00000000-0000-4000-8000-0000000000c1',
  workspaceId: '00000000-0000-4000-8000-0000000000c2',
  kind: 'freshdesk',
  name: 'acme.freshdesk.com',
  baseUrl,
  credentials: { apiKey },
  inboundSecret: SECRET,
  integrationUser: { id: String(TRIAGE_AGENT.id), email: TRIAGE_AGENT.email },
  categoryMapping: [
    { categoryId: 'cat-billing', value: 'billing' },
    { categoryId: 'cat-access', value: 'access' },
  ],
  writeSuggestionsAsNote: true,
  settings: { categoryField: CATEGORY_FIELD, groupByCategory: { billing: 77 } },
});

let server: FreshdeskTestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startFreshdeskAccount(receiver.url, SECRET, clock);
});

afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

async function freshDeliveries(): Promise<void> {
  await server.runAutomations();
  receiver.received.length = 0;
}

function delivered(index: number): InboundRequest {
  const delivery = receiver.received[index]!;
  return {
    rawBody: Buffer.from(delivery.raw),
    headers: delivery.headers as Record<string, string>,
    receivedAt: clock.now(),
  };
}

function effectContext(ticketId: number, effect: Omit<PlannedEffect, 'marker'> & { marker?: string }) {
  return contextFor(connection(server.url), ticketId, effect, clock);
}

const parse = (raw: string) =>
  freshdesk.parseInbound({ rawBody: Buffer.from(raw), headers: {}, receivedAt: clock.now() }, connection());

describe('Freshdesk connector: inbound', () => {
  it('accepts the shared secret in X-Triage-Secret and refuses a missing or wrong one', async () => {
    await freshDeliveries();
    server.act.createTicket(CUSTOMER.id, { subject: 'Charged twice', description: 'Charged twice.' });
    await server.settle();
    const request = delivered(0);
    expect(freshdesk.verifyInbound(request, connection())).toEqual({ ok: true });
    const { 'x-triage-secret': _, ...without } = request.headers;
    expect(freshdesk.verifyInbound({ ...request, headers: without }, connection())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/missing/),
    });
    const wrong = { ...request.headers, 'x-triage-secret': `${SECRET}!` };
    expect(freshdesk.verifyInbound({ ...request, headers: wrong }, connection())).toMatchObject({
      ok: false,
    });
    expect(freshdesk.verifyInbound(request, { ...connection(), inboundSecret: null })).toMatchObject({
      ok: false,
    });
  });

  it('maps a created ticket, an agent’s category change (with its previous value), a note and Triage’s own note', async () => {
    await freshDeliveries();
    const ticket = server.act.createTicket(CUSTOMER.id, {
      subject: 'Reset "link" expired',
      description: 'The reset link\nhas <expired>.',
      tags: ['web', 'vip'],
    });
    server.act.updateTicket(AGENT.id, ticket.id, { responderId: AGENT.id });
    server.act.updateTicket(AGENT.id, ticket.id, { customFields: { [CATEGORY_FIELD]: 'access' } });
    server.act.addNote(AGENT.id, ticket.id, 'Customer called back.');
    await freshdesk.apply(
      effectContext(ticket.id, { action: { type: 'add_note', body: 'Why\n[triage-0123456789abcdef0123]' } }),
    );
    await server.runAutomations();

    const parsed = receiver.received.map((_, index) =>
      freshdesk.parseInbound(delivered(index), connection()),
    );
    expect(parsed.every((result) => result.ok)).toBe(true);
    const [created, assigned, person, note, own] = parsed.flatMap((result) =>
      result.ok ? result.events : [],
    );
    if (created?.type !== 'ticket_created') throw new Error('expected ticket_created first');
    expect(freshdesk.toTicket(created, connection())).toMatchObject({
      externalId: String(ticket.id),
      subject: 'Reset "link" expired',
      body: 'The reset link\nhas <expired>.',
      requester: CUSTOMER.email,
      channel: 'freshdesk',
      customFields: { tags: ['web', 'vip'], status: 'Open' },
    });
    expect(created.actor).toMatchObject({ email: CUSTOMER.email, isIntegration: false });
    expect(assigned).toMatchObject({ type: 'ticket_updated', changes: { assigneeEmail: AGENT.email } });
    expect(person).toMatchObject({
      type: 'category_changed',
      value: 'access',
      previousValue: null,
      actor: { email: AGENT.email, isIntegration: false },
    });
    expect(note).toMatchObject({
      type: 'ticket_commented',
      comment: { body: 'Customer called back.', isPublic: false },
      actor: { isIntegration: false },
    });
    expect(own).toMatchObject({ type: 'ticket_commented', actor: { isIntegration: true } });
    const ids = parsed.map((result) => (result.ok ? result.deliveryId : ''));
    expect(new Set(ids).size).toBe(5);
    // A redelivery of the same body is the same delivery.
    const again = freshdesk.parseInbound(delivered(2), connection());
    expect(again.ok && again.deliveryId).toBe(ids[2]);
  });

  it('reads the previous value out of {{triggered_event}}', () => {
    expect(fieldChange('{cf_triage_category:{from:billing,to:access}}', 'cf_triage_category')).toEqual({
      from: 'billing',
      to: 'access',
    });
    expect(fieldChange('{status:{from:Open,to:Pending}}', 'cf_triage_category')).toBeNull();
    const changed = parse(
      JSON.stringify({
        event: 'category_changed',
        triggered_event: '{cf_triage_category:{from:billing,to:}}',
        ticket: { id: '12', category: '' },
      }),
    );
    expect(changed).toMatchObject({ ok: true, events: [{ value: null, previousValue: 'billing' }] });
  });

  it('refuses bodies that are not the documented webhook body', () => {
    expect(parse('{"event":')).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
    expect(parse(JSON.stringify({ event: 'ticket_created', ticket: { id: '{{ticket.id}}' } }))).toMatchObject(
      {
        ok: false,
        reason: expect.stringMatching(/ticket\.id/),
      },
    );
    expect(parse(JSON.stringify({ event: 'ticket_deleted', ticket: { id: '1' } }))).toMatchObject({
      ok: false,
    });
  });
});

describe('Freshdesk connector: write-back against the local Freshdesk', () => {
  const decision = (outcome: 'applied' | 'suggested', externalId = '1'): WriteBackInput => ({
    ticket: { id: `t-${externalId}`, externalId },
    decision: {
      id: 'd-1',
      outcome,
      categoryId: 'cat-billing',
      categoryName: 'Billing',
      confidence: 0.91,
      modelVersion: 2,
      rule: outcome === 'applied' ? 'auto' : 'suggest',
    },
    explanationTerms: ['invoice', 'charged'],
  });

  it('plans the category field, the private note and the category’s group', () => {
    const applied = freshdesk.planWriteBack(decision('applied'), connection());
    expect(applied.map((effect) => effect.action)).toEqual([
      { type: 'set_category', value: 'billing' },
      { type: 'add_note', body: expect.stringContaining('Triage set the category to "Billing"') },
      { type: 'set_group', group: '77' },
    ]);
    expect(freshdesk.planWriteBack(decision('suggested'), connection()).map((e) => e.action.type)).toEqual([
      'add_note',
    ]);
  });

  it('writes each effect once, as Triage’s agent: a retry finds its value or its note’s marker', async () => {
    const ticket = server.act.createTicket(CUSTOMER.id, {
      subject: 'Invoice',
      description: 'Where is my invoice?',
    });
    const effects = [
      ...freshdesk.planWriteBack(decision('applied', String(ticket.id)), connection()),
      { marker: 'triage-tags', action: { type: 'add_tags' as const, tags: ['triage', 'billing'] } },
    ];
    for (const effect of effects) {
      const context = effectContext(ticket.id, effect);
      expect((await freshdesk.inspect(context)).applied).toBe(false);
      await freshdesk.apply(context);
      expect((await freshdesk.inspect(context)).applied).toBe(true);
    }
    const remote = server.ticket(ticket.id);
    expect(remote.customFields[CATEGORY_FIELD]).toBe('billing');
    expect(remote.groupId).toBe(77);
    expect(remote.tags).toEqual(['triage', 'billing']);
    expect(remote.conversations).toEqual([
      expect.objectContaining({
        private: true,
        userId: TRIAGE_AGENT.id,
        bodyText: expect.stringContaining(effects[1]!.marker),
      }),
    ]);
    const notes = server.requests.filter(
      (r) => r.method === 'POST' && r.path === `/api/v2/tickets/${ticket.id}/notes`,
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toMatchObject({ private: true, body: expect.stringContaining('<br>') });
  });

  it('adds tags to the ones a person set, and finds a note on a later page of conversations', async () => {
    const ticket = server.act.createTicket(CUSTOMER.id, {
      subject: 'Chatty',
      description: 'Many notes.',
      tags: ['vip'],
    });
    await freshdesk.apply(effectContext(ticket.id, { action: { type: 'add_tags', tags: ['triage'] } }));
    expect(server.ticket(ticket.id).tags).toEqual(['vip', 'triage']);
    for (let i = 0; i < 100; i++) server.act.addNote(AGENT.id, ticket.id, `note ${i}`);
    const note = {
      marker: 'triage-aaaaaaaaaaaaaaaaaaaa',
      action: { type: 'add_note' as const, body: 'x\n[triage-aaaaaaaaaaaaaaaaaaaa]' },
    };
    await freshdesk.apply(effectContext(ticket.id, note));
    expect((await freshdesk.inspect(effectContext(ticket.id, note))).applied).toBe(true);
    const pages = server.requests.filter((r) => r.path === `/api/v2/tickets/${ticket.id}/conversations`);
    expect(pages.map((r) => r.query.get('page'))).toEqual([null, '2']);
  });

  it('reports an agent’s category so the platform can leave it', async () => {
    const ticket = server.act.createTicket(CUSTOMER.id, { subject: 'Login', description: 'Cannot log in.' });
    server.act.updateTicket(AGENT.id, ticket.id, { customFields: { [CATEGORY_FIELD]: 'access' } });
    const context = effectContext(ticket.id, { action: { type: 'set_category', value: 'billing' } });
    expect(await freshdesk.inspect(context)).toEqual({ applied: false, categoryValue: 'access' });
  });

  it('surfaces 429 with Retry-After as a rate limit, 503 as retryable, a validation error as final', async () => {
    const ticket = server.act.createTicket(CUSTOMER.id, { subject: 'Slow', description: 'Slow.' });
    const context = effectContext(ticket.id, { action: { type: 'set_category', value: 'billing' } });
    server.failNext({ kind: 'rate_limited', retryAfterSeconds: 3 });
    const limited = (await freshdesk.apply(context).catch((error: unknown) => error)) as HelpdeskHttpError;
    expect(limited).toBeInstanceOf(HelpdeskHttpError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 3_000, rateLimited: true });
    server.failNext({ kind: 'unavailable' });
    expect(await freshdesk.inspect(context).catch((error: unknown) => error)).toMatchObject({
      status: 503,
      retryable: true,
    });
    server.setCategoryChoices(['access']);
    const invalid = await freshdesk.apply(context).catch((error: unknown) => error);
    server.setCategoryChoices(null);
    expect(invalid).toMatchObject({
      status: 400,
      retryable: false,
      message: expect.stringMatching(/Validation failed/),
    });
    await freshdesk.apply(context);
    expect(server.ticket(ticket.id).customFields[CATEGORY_FIELD]).toBe('billing');
  });

  it('tests the connection as the API key’s agent', async () => {
    const { http } = effectContext(1, { action: { type: 'add_tags', tags: [] } });
    expect(await freshdesk.testConnection({ connection: connection(server.url), http })).toEqual({
      identity: { id: String(TRIAGE_AGENT.id), email: TRIAGE_AGENT.email, name: TRIAGE_AGENT.name },
    });
    await expect(
      freshdesk.testConnection({ connection: connection(server.url, 'wrong-key-123'), http }),
    ).rejects.toMatchObject({ status: 401 });
  });
});

describe('Freshdesk connector: backfill', () => {
  it('pages past tickets updated since a date, oldest first, with their category, until a short page', async () => {
    const since = new Date(clock.now().getTime() + 1_000);
    clock.advance(3_600_000);
    const made = Array.from({ length: 102 }, (_, i) =>
      server.act.createTicket(CUSTOMER.id, { subject: `Old ${i}`, description: `Body <${i}>` }),
    );
    server.act.updateTicket(AGENT.id, made[0]!.id, { customFields: { [CATEGORY_FIELD]: 'billing' } });
    const http = helpdeskHttp({
      baseUrl: server.url,
      signal: new AbortController().signal,
      timeoutMs: 5_000,
      now: () => clock.now(),
    });
    const list = (cursor: string | null) =>
      freshdesk.listPastTickets!({ connection: connection(server.url), http, since, cursor, pageSize: 500 });
    const first = await list(null);
    expect(first.tickets).toHaveLength(100);
    expect(first.nextCursor).toBe('2');
    expect(first.tickets[0]).toEqual({
      ticket: expect.objectContaining({
        externalId: String(made[0]!.id),
        subject: 'Old 0',
        body: 'Body <0>',
      }),
      categoryValue: 'billing',
      categorySetBy: null,
      setByTriage: false,
    });
    const second = await list(first.nextCursor);
    expect(second.tickets.map((t) => t.ticket.subject)).toEqual(['Old 100', 'Old 101']);
    expect(second.nextCursor).toBeNull();
    const request = server.requests.at(-1)!;
    expect(Object.fromEntries(request.query)).toMatchObject({
      order_by: 'created_at',
      order_type: 'asc',
      per_page: '100',
      page: '2',
      include: 'description',
    });
  });

  it('stops at Freshdesk’s 300-page cap even when the last page is full', async () => {
    // A quiet account (no rules) with 30,100 tickets: page 300 is full, page 301 would be refused.
    const big = await startFreshdeskTestServer({
      agents: [TRIAGE_AGENT],
      contacts: [CUSTOMER],
      categoryField: CATEGORY_FIELD,
      clock,
    });
    try {
      const at = clock.now();
      for (let i = 0; i < (FRESHDESK_MAX_PAGE + 1) * 100; i++) {
        big.act.createTicket(CUSTOMER.id, { subject: `T${i}`, description: 'x', at });
      }
      const http = helpdeskHttp({
        baseUrl: big.url,
        signal: new AbortController().signal,
        timeoutMs: 5_000,
        now: () => clock.now(),
      });
      const request = { connection: connection(big.url), http, since: new Date(0), pageSize: 100 };
      const before = await freshdesk.listPastTickets!({ ...request, cursor: String(FRESHDESK_MAX_PAGE - 1) });
      expect(before.nextCursor).toBe(String(FRESHDESK_MAX_PAGE));
      const last = await freshdesk.listPastTickets!({ ...request, cursor: before.nextCursor });
      expect(last.tickets).toHaveLength(100);
      expect(last.nextCursor).toBeNull();
    } finally {
      await big.close();
    }
  });
});
