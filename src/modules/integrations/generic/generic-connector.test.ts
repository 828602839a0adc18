import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView, EffectContext, InboundRequest, PlannedEffect } from '../connector.js';
import { HelpdeskHttpError, helpdeskHttp } from '../helpdesk-http.js';
import { genericConnector as generic } from './generic-connector.js';
import {
  GENERIC_INTEGRATION_USER,
  type GenericHelpdesk,
  signedGenericHeaders,
  startGenericHelpdesk,
} from './test-support/generic-helpdesk.js';

const now = new Date('2026-03-01T12:00:00Z');
const connection = (baseUrl = 'http://127.0.0.1:1'): ConnectionView => ({
  id: '00000000-0000-4000-8000-000000000001',
  workspaceId: '00000000-0000-4000-8000-000000000002',
  kind: 'generic',
  name: 'Desk',
  baseUrl,
  credentials: { token: 'generic-test-token' },
  inboundSecret: 'an inbound secret of some length',
  integrationUser: GENERIC_INTEGRATION_USER,
  categoryMapping: [{ categoryId: 'cat-billing', value: 'Billing' }],
  writeSuggestionsAsNote: true,
  settings: {},
});

const request = (body: unknown, headers?: Record<string, string>, at = now): InboundRequest => {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    rawBody: Buffer.from(raw),
    headers: headers ?? signedGenericHeaders('an inbound secret of some length', raw, at),
    receivedAt: at,
  };
};

const created = {
  id: 'evt-1',
  type: 'ticket.created',
  actor: { id: 'u-7', email: 'Rita@Example.com' },
  ticket: { id: 'T-1', subject: 'Charged twice', body: 'My card', requester: { email: 'c@example.com' } },
};

describe('generic connector: inbound', () => {
  it('accepts a correct signature and refuses a missing, wrong or stale one', () => {
    expect(generic.verifyInbound(request(created), connection())).toEqual({ ok: true });
    const raw = JSON.stringify(created);
    expect(generic.verifyInbound(request(created, {}), connection())).toMatchObject({ ok: false });
    const wrong = signedGenericHeaders('another secret entirely', raw, now);
    expect(generic.verifyInbound(request(created, wrong), connection())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not match/),
    });
    const stale = signedGenericHeaders(
      'an inbound secret of some length',
      raw,
      new Date(now.getTime() - 600_000),
    );
    expect(generic.verifyInbound(request(created, stale), connection())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/timestamp/),
    });
    // A body changed after signing no longer matches.
    const tampered = { ...request(created), rawBody: Buffer.from(raw.replace('twice', 'thrice')) };
    expect(generic.verifyInbound(tampered, connection())).toMatchObject({ ok: false });
  });

  it('parses a created ticket and maps it to Triage ticket fields', () => {
    const parsed = generic.parseInbound(request(created), connection());
    expect(parsed).toMatchObject({ ok: true, deliveryId: 'evt-1' });
    if (!parsed.ok) throw new Error('not parsed');
    const [event] = parsed.events;
    expect(event).toMatchObject({
      type: 'ticket_created',
      externalId: 'T-1',
      actor: { isIntegration: false },
    });
    if (event?.type !== 'ticket_created') throw new Error('wrong type');
    expect(generic.toTicket(event, connection())).toMatchObject({
      externalId: 'T-1',
      subject: 'Charged twice',
      requester: 'c@example.com',
    });
  });

  it("knows the integration's own user by id or e-mail", () => {
    const change = {
      id: 'evt-2',
      type: 'ticket.category_changed',
      actor: { email: 'TRIAGE-BOT@helpdesk.test' },
      ticket: { id: 'T-1' },
      category: { from: null, to: 'Billing' },
    };
    const parsed = generic.parseInbound(request(change), connection());
    expect(parsed).toMatchObject({
      ok: true,
      events: [{ type: 'category_changed', value: 'Billing', actor: { isIntegration: true } }],
    });
  });

  it.each([
    ['not JSON', '{"id": '],
    ['an unknown type', { id: 'e', type: 'ticket.exploded', ticket: { id: '1' } }],
    ['no ticket id', { id: 'e', type: 'ticket.created', ticket: {} }],
  ])('refuses %s with a reason, without throwing', (_name, body) => {
    expect(generic.parseInbound(request(body), connection())).toMatchObject({
      ok: false,
      reason: expect.any(String),
    });
  });
});

describe('generic connector: write-back against the documented REST API', () => {
  let desk: GenericHelpdesk;
  beforeAll(async () => {
    desk = await startGenericHelpdesk();
  });
  afterAll(() => desk?.close());

  const contextOf = (effect: PlannedEffect): EffectContext => ({
    connection: connection(desk.url),
    externalId: 'T-9',
    effect,
    http: helpdeskHttp({
      baseUrl: desk.url,
      signal: new AbortController().signal,
      timeoutMs: 2_000,
      now: () => now,
    }),
  });

  const plan = () =>
    generic.planWriteBack(
      {
        ticket: { id: 'ticket-9', externalId: 'T-9' },
        decision: {
          id: 'decision-1',
          outcome: 'applied',
          categoryId: 'cat-billing',
          categoryName: 'Billing',
          confidence: 0.93,
          modelVersion: 3,
          rule: 'auto: confidence above the threshold',
        },
        explanationTerms: ['charged', 'card'],
      },
      connection(desk.url),
    );

  it('plans the category then an explaining note, with deterministic markers', () => {
    const effects = plan();
    expect(effects.map((e) => e.action.type)).toEqual(['set_category', 'add_note']);
    expect(plan().map((e) => e.marker)).toEqual(effects.map((e) => e.marker));
    const note = effects[1]!.action;
    expect(note.type === 'add_note' && note.body).toContain(`[${effects[1]!.marker}]`);
  });

  it('finds its marker after writing, so a second delivery writes nothing', async () => {
    desk.tickets.set('T-9', {
      id: 'T-9',
      subject: 's',
      category: null,
      tags: [],
      group: null,
      assignee: null,
      notes: [],
    });
    for (const effect of plan()) {
      const ctx = contextOf(effect);
      expect(await generic.inspect(ctx)).toMatchObject({ applied: false });
      await generic.apply(ctx);
      expect(await generic.inspect(ctx)).toMatchObject({ applied: true });
    }
    expect(desk.tickets.get('T-9')).toMatchObject({ category: 'Billing' });
    expect(desk.tickets.get('T-9')!.notes).toHaveLength(1);
  });

  it('reports an outage with its Retry-After as a rate limit', async () => {
    desk.server.outage(1, { status: 503, headers: { 'retry-after': '7' } });
    const error = await generic.inspect(contextOf(plan()[0]!)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelpdeskHttpError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 7_000, rateLimited: true, retryable: true });
  });

  it('tests the connection by asking who it is', async () => {
    const result = await generic.testConnection({
      connection: connection(desk.url),
      http: contextOf(plan()[0]!).http,
    });
    expect(result.identity).toMatchObject(GENERIC_INTEGRATION_USER);
  });
});
