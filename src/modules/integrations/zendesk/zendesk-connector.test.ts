import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../platform/testing/manual-clock.js';
import type { ConnectionView, InboundRequest, PlannedEffect, WriteBackInput } from '../connector.js';
import { HelpdeskHttpError } from '../helpdesk-http.js';
import { effectContext as contextFor } from '../test-support/effect-context.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js';
import {
  AGENT,
  CATEGORY_FIELD_ID,
  CUSTOMER,
  startZendeskAccount,
  TRIAGE_USER,
} from './test-support/zendesk-account.js';
import type { ZendeskTestServer } from './test-support/zendesk-test-server.js';
import { zendeskConnector as zendesk } from './zendesk-connector.js';
import { zendeskSignature } from './zendesk-signature.js';

const SECRET = 'zendesk webhook signing secret';
const TRIAGE = TRIAGE_USER;
const ALEX = AGENT;
const CATEGORY_FIELD = CATEGORY_FIELD_ID;
const clock = manualClock();

const connection = (
  baseUrl = 'http://127.0.0.1:1',
  credentials?: Record<string, string>,
): ConnectionView => ({
  id: '00000000-0000-4000-8000-0000000000b1',
  workspaceId: '00000000-0000-4000-8000-0000000000b2',
  kind: 'zendesk',
  name: 'acme.zendesk.com',
  baseUrl,
  credentials: credentials ?? { email: TRIAGE.email, apiToken: TRIAGE.apiToken },
  inboundSecret: SECRET,
  integrationUser: { id: String(TRIAGE.id), email: TRIAGE.email },
  categoryMapping: [
    { categoryId: 'cat-billing', value: 'billing' },
    { categoryId: 'cat-access', value: 'access' },
  ],
  writeSuggestionsAsNote: true,
  settings: { categoryFieldId: CATEGORY_FIELD, groupByCategory: { billing: 77 } },
});

let server: ZendeskTestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startZendeskAccount(receiver.url, SECRET, clock);
});

afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

async function freshDeliveries(): Promise<void> {
  await server.settle();
  receiver.received.length = 0;
}

function delivered(index: number, at = clock.now()): InboundRequest {
  const delivery = receiver.received[index]!;
  return {
    rawBody: Buffer.from(delivery.raw),
    headers: delivery.headers as Record<string, string>,
    receivedAt: at,
  };
}

function effectContext(
  ticketId: number,
  effect: Omit<PlannedEffect, 'marker'> & { marker?: string },
  conn = connection(server.url),
) {
  return contextFor(conn, ticketId, effect, clock);
}

describe('Zendesk connector: inbound', () => {
  it('accepts Zendesk’s signature and refuses a missing, wrong, stale or tampered one', async () => {
    await freshDeliveries();
    server.act.createTicket(CUSTOMER.id, {
      subject: 'Charged twice',
      description: 'My card was charged twice.',
    });
    await server.settle();
    const request = delivered(0);
    expect(zendesk.verifyInbound(request, connection())).toEqual({ ok: true });
    const { 'x-zendesk-webhook-signature': _, ...unsigned } = request.headers;
    expect(zendesk.verifyInbound({ ...request, headers: unsigned }, connection())).toMatchObject({
      ok: false,
    });
    const timestamp = request.headers['x-zendesk-webhook-signature-timestamp']!;
    const wrong = {
      ...request.headers,
      'x-zendesk-webhook-signature': zendeskSignature('other', timestamp, request.rawBody),
    };
    expect(zendesk.verifyInbound({ ...request, headers: wrong }, connection())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not match/),
    });
    const tampered = {
      ...request,
      rawBody: Buffer.from(request.rawBody.toString().replace('twice', 'thrice')),
    };
    expect(zendesk.verifyInbound(tampered, connection())).toMatchObject({ ok: false });
    const replayed = delivered(0, new Date(clock.now().getTime() + 10 * 60_000));
    expect(zendesk.verifyInbound(replayed, connection())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/timestamp/),
    });
  });

  it('maps a created ticket, and tells an agent’s category change from Triage’s own', async () => {
    await freshDeliveries();
    const ticket = server.act.createTicket(CUSTOMER.id, {
      subject: 'Reset "link" expired',
      description: 'The reset link\nhas expired.',
      tags: ['web'],
    });
    server.act.updateTicket(ALEX.id, ticket.id, { custom_fields: [{ id: CATEGORY_FIELD, value: 'access' }] });
    await zendesk.apply(effectContext(ticket.id, { action: { type: 'set_category', value: 'billing' } }));
    await server.settle();

    const parsed = receiver.received.map((_, index) => zendesk.parseInbound(delivered(index), connection()));
    expect(parsed.every((result) => result.ok)).toBe(true);
    const [created, person, own] = parsed
      .flatMap((result) => (result.ok ? result.events : []))
      .filter((event) => event.type === 'ticket_created' || event.type === 'category_changed');
    if (created?.type !== 'ticket_created') throw new Error('expected ticket_created first');
    expect(zendesk.toTicket(created, connection())).toMatchObject({
      externalId: String(ticket.id),
      subject: 'Reset "link" expired',
      body: 'The reset link\nhas expired.',
      requester: CUSTOMER.email,
      customFields: { tags: ['web'], status: 'new' },
    });
    expect(created.actor).toMatchObject({ id: String(CUSTOMER.id), isIntegration: false });
    expect(person).toMatchObject({
      type: 'category_changed',
      value: 'access',
      actor: { id: String(ALEX.id), email: ALEX.email, isIntegration: false },
    });
    expect(own).toMatchObject({ type: 'category_changed', value: 'billing', actor: { isIntegration: true } });
    const ids = parsed.map((result) => (result.ok ? result.deliveryId : ''));
    expect(new Set(ids).size).toBe(receiver.received.length);
  });

  it('reads the ticket-updated and comment-added triggers, and knows Triage’s own note for an echo', async () => {
    await freshDeliveries();
    const ticket = server.act.createTicket(CUSTOMER.id, { subject: 'Login loop', description: 'It loops.' });
    server.act.updateTicket(ALEX.id, ticket.id, { subject: 'Login loop on "mobile"', assignee_id: ALEX.id });
    server.act.updateTicket(ALEX.id, ticket.id, {
      comment: { body: 'Asked for a screenshot.', public: true },
    });
    server.act.updateTicket(CUSTOMER.id, ticket.id, { comment: { body: 'Here it is\n"see" attached' } });
    await zendesk.apply(
      effectContext(ticket.id, {
        action: { type: 'add_note', body: 'Triage suggests "access".\n[triage-x]' },
      }),
    );
    await server.settle();

    const parsed = receiver.received.map((_, index) => zendesk.parseInbound(delivered(index), connection()));
    expect(parsed.every((result) => result.ok)).toBe(true);
    const events = parsed.flatMap((result) => (result.ok ? result.events : []));
    const updates = events.filter((event) => event.type === 'ticket_updated');
    expect(updates[0]).toMatchObject({
      externalId: String(ticket.id),
      changes: { subject: 'Login loop on "mobile"', body: 'It loops.', assigneeEmail: ALEX.email },
      actor: { id: String(ALEX.id), isIntegration: false },
    });
    const comments = events.filter((event) => event.type === 'ticket_commented');
    const ids = server
      .ticket(ticket.id)
      .comments.slice(1)
      .map((comment) => `zendesk:comment:${comment.id}`);
    expect(comments).toEqual([
      expect.objectContaining({
        eventId: ids[0],
        comment: { body: 'Asked for a screenshot.', isPublic: true },
        actor: expect.objectContaining({ email: ALEX.email, isIntegration: false }),
      }),
      expect.objectContaining({
        eventId: ids[1],
        comment: { body: 'Here it is\n"see" attached', isPublic: true },
        actor: expect.objectContaining({ email: CUSTOMER.email, isIntegration: false }),
      }),
      expect.objectContaining({
        eventId: ids[2],
        comment: { body: 'Triage suggests "access".\n[triage-x]', isPublic: false },
        actor: expect.objectContaining({ id: String(TRIAGE.id), isIntegration: true }),
      }),
    ]);
    // Every update fires "ticket updated" as well; Triage's own note is an echo there too.
    expect(updates).toHaveLength(4);
    expect(updates.at(-1)?.actor.isIntegration).toBe(true);
  });

  it('refuses bodies that are not the documented trigger body', () => {
    const parse = (raw: string) =>
      zendesk.parseInbound({ rawBody: Buffer.from(raw), headers: {}, receivedAt: clock.now() }, connection());
    expect(parse('{"event":')).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
    const commentless = { event: 'ticket.commented', ticket: { id: '7' } };
    expect(parse(JSON.stringify(commentless))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no comment/),
    });
    const unrendered = { ...commentless, comment: { id: '{{ticket.latest_comment.id}}', public: 'true' } };
    expect(parse(JSON.stringify(unrendered))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/comment/),
    });
    expect(parse(JSON.stringify({ event: 'ticket.created', ticket: { id: '{{ticket.id}}' } }))).toMatchObject(
      {
        ok: false,
        reason: expect.stringMatching(/ticket\.id/),
      },
    );
    expect(parse(JSON.stringify({ event: 'ticket.deleted', ticket: { id: '1' } }))).toMatchObject({
      ok: false,
    });
    const minimal = parse(
      JSON.stringify({ event: 'ticket.category_changed', ticket: { id: '12', category: '' } }),
    );
    expect(minimal).toMatchObject({ ok: true, events: [{ type: 'category_changed', value: null }] });
  });
});

describe('Zendesk connector: write-back against the local Zendesk', () => {
  const decision = (outcome: 'applied' | 'suggested'): WriteBackInput => ({
    ticket: { id: 't-1', externalId: '1' },
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

  it('plans the category field, the internal note and the category’s group', () => {
    const applied = zendesk.planWriteBack(decision('applied'), connection());
    expect(applied.map((effect) => effect.action)).toEqual([
      { type: 'set_category', value: 'billing' },
      { type: 'add_note', body: expect.stringContaining('Triage set the category to "Billing"') },
      { type: 'set_group', group: '77' },
    ]);
    expect(new Set(applied.map((effect) => effect.marker)).size).toBe(3);
    expect(zendesk.planWriteBack(decision('applied'), connection())).toEqual(applied);
    expect(
      zendesk.planWriteBack(decision('suggested'), connection()).map((effect) => effect.action.type),
    ).toEqual(['add_note']);
  });

  it('writes each effect once, as Triage’s API user: a retry finds its value or its marker', async () => {
    const ticket = server.act.createTicket(CUSTOMER.id, {
      subject: 'Invoice',
      description: 'Where is my invoice?',
    });
    const [category, note, group] = zendesk.planWriteBack(
      { ...decision('applied'), ticket: { id: 't-9', externalId: String(ticket.id) } },
      connection(),
    );
    for (const effect of [category!, note!, group!]) {
      const context = effectContext(ticket.id, effect);
      const before = await zendesk.inspect(context);
      expect(before.applied).toBe(false);
      await zendesk.apply(context);
      // A retry after a lost answer: inspect finds the effect and nothing is written again.
      expect((await zendesk.inspect(context)).applied).toBe(true);
    }
    const remote = server.ticket(ticket.id);
    expect(remote.customFields).toEqual([{ id: CATEGORY_FIELD, value: 'billing' }]);
    expect(remote.groupId).toBe(77);
    const notes = remote.comments.filter((comment) => comment.body.includes(note!.marker));
    expect(notes).toEqual([expect.objectContaining({ public: false, authorId: TRIAGE.id })]);
    expect(remote.audits.slice(1).map((audit) => audit.authorId)).toEqual([TRIAGE.id, TRIAGE.id, TRIAGE.id]);
    const puts = server.requests.filter(
      (request) => request.method === 'PUT' && request.path.includes(`/${ticket.id}.json`),
    );
    expect(puts).toHaveLength(3);
  });

  it('reports an agent’s category so the platform can leave it', async () => {
    const ticket = server.act.createTicket(CUSTOMER.id, { subject: 'Login', description: 'Cannot log in.' });
    server.act.updateTicket(ALEX.id, ticket.id, { custom_fields: [{ id: CATEGORY_FIELD, value: 'access' }] });
    const context = effectContext(ticket.id, { action: { type: 'set_category', value: 'billing' } });
    expect(await zendesk.inspect(context)).toEqual({ applied: false, categoryValue: 'access' });
  });

  it('surfaces 429 with Retry-After as a rate limit and 503 as retryable', async () => {
    const ticket = server.act.createTicket(CUSTOMER.id, { subject: 'Slow', description: 'Slow.' });
    const context = effectContext(ticket.id, { action: { type: 'set_category', value: 'billing' } });
    server.failNext({ kind: 'rate_limited', retryAfterSeconds: 3 });
    const limited = (await zendesk.apply(context).catch((error: unknown) => error)) as HelpdeskHttpError;
    expect(limited).toBeInstanceOf(HelpdeskHttpError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 3_000, rateLimited: true });
    server.failNext({ kind: 'unavailable' });
    const outage = (await zendesk.inspect(context).catch((error: unknown) => error)) as HelpdeskHttpError;
    expect(outage).toMatchObject({ status: 503, retryable: true, rateLimited: false });
    expect(server.ticket(ticket.id).customFields).toEqual([]);
    await zendesk.apply(context);
    expect(server.ticket(ticket.id).customFields).toEqual([{ id: CATEGORY_FIELD, value: 'billing' }]);
  });

  it('tests the connection with an API token or an OAuth token', async () => {
    const { http } = effectContext(1, { action: { type: 'add_tags', tags: [] } });
    expect(await zendesk.testConnection({ connection: connection(server.url), http })).toEqual({
      identity: { id: String(TRIAGE.id), email: TRIAGE.email, name: TRIAGE.name },
    });
    const oauth = connection(server.url, { oauthToken: ALEX.oauthToken });
    expect((await zendesk.testConnection({ connection: oauth, http })).identity.id).toBe(String(ALEX.id));
    const wrong = connection(server.url, { email: TRIAGE.email, apiToken: 'wrong-token' });
    await expect(zendesk.testConnection({ connection: wrong, http })).rejects.toMatchObject({ status: 401 });
  });
});
