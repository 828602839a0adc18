import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GENERIC_INTEGRATION_USER,
  type GenericHelpdesk,
  signedGenericHeaders,
  startGenericHelpdesk,
} from '../../src/modules/integrations/generic/test-support/generic-helpdesk.js';
import { secretBox } from '../../src/platform/crypto/secret-box.js';
import { databaseTargets } from '../../src/platform/testing/test-databases.js';
import { addPerson } from './api-client.js';
import { type ConnectorHarness, startConnectorHarness } from './connector-harness.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

const INBOUND_SECRET = 'generic inbound secret, long enough';

// The generic connector end to end: a local helpdesk implementing docs/integrations/generic.md,
// signed webhooks in, write-back out through the outbox, echoes and people's changes.
describe.each(targets)('generic connector on $name', (target) => {
  let desk: GenericHelpdesk;
  let h: ConnectorHarness;
  let n = 0;

  const event = (body: Json) => {
    const raw = JSON.stringify({ id: `evt-${n++}`, ...body });
    return { raw, headers: signedGenericHeaders(INBOUND_SECRET, raw, new Date()) };
  };
  const send = async (body: Json) => {
    const { raw, headers } = event(body);
    return h.deliver(raw, headers);
  };
  /** A ticket created in the helpdesk and announced by its webhook. */
  const createInDesk = async (id: string, content = h.clearTicket) => {
    desk.tickets.set(id, {
      id,
      subject: content.subject,
      category: null,
      tags: [],
      group: null,
      assignee: null,
      notes: [],
    });
    const res = await send({
      type: 'ticket.created',
      actor: { id: 'cust-1', email: 'customer@example.com' },
      ticket: { id, ...content, requester: { email: 'customer@example.com' } },
    });
    expect(res.status).toBe(202);
    return res;
  };

  beforeAll(async () => {
    desk = await startGenericHelpdesk();
    h = await startConnectorHarness(target, (categories) => ({
      kind: 'generic',
      name: 'In-house desk',
      baseUrl: desk.url,
      credentials: { token: desk.token },
      inboundSecret: INBOUND_SECRET,
      integrationUser: GENERIC_INTEGRATION_USER,
      // Fast enough for tests; the rate limit itself is tested below.
      rateLimitPerMinute: 6_000,
      categoryMapping: categories.map((c) => ({ categoryId: c.id, value: c.name })),
      writeSuggestionsAsNote: true,
    }));
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await desk?.close();
  });

  it('stores credentials encrypted, never returns them, and fails clearly with another key', async () => {
    const listed = await h.api<Json>('GET', '/api/v1/connections');
    expect(listed.status).toBe(200);
    expect(listed.body.items[0]).toMatchObject({
      kind: 'generic',
      credentialFields: ['token'],
      hasInboundSecret: true,
    });
    expect(JSON.stringify(listed.body)).not.toContain(desk.token);
    expect(JSON.stringify(listed.body)).not.toContain(INBOUND_SECRET);
    const [row] = await h.handle.db.query<Json>('SELECT * FROM connections WHERE id = $1', [h.connectionId]);
    expect(JSON.stringify(row)).not.toContain(desk.token);
    expect(JSON.stringify(row)).not.toContain(INBOUND_SECRET);
    expect(row!.key_id).toBe(h.app.services.secrets().keyId);
    const otherKey = secretBox(Buffer.alloc(32, 7));
    expect(() => otherKey.open(row!.credentials_encrypted)).toThrow(
      /encrypted with key .* but TRIAGE_ENCRYPTION_KEY is key/,
    );
    const tampered = `${row!.credentials_encrypted.slice(0, -4)}AAAA`;
    expect(() => h.app.services.secrets().open(tampered)).toThrow(/integrity check/);
  });

  it('tests a connection: who it is there, and a clear failure for bad credentials', async () => {
    const ok = await h.api<Json>('POST', `/api/v1/connections/${h.connectionId}/test`);
    expect(ok.body).toMatchObject({
      ok: true,
      identity: { email: GENERIC_INTEGRATION_USER.email },
      integrationUserMatches: true,
    });
    const bad = await h.api<Json>('POST', '/api/v1/connections', {
      kind: 'generic',
      name: 'Wrong token',
      baseUrl: desk.url,
      credentials: { token: 'not-the-token' },
      inboundSecret: INBOUND_SECRET,
    });
    expect(bad.status).toBe(201);
    const refused = await h.api<Json>('POST', `/api/v1/connections/${bad.body.id}/test`);
    expect(refused.body).toMatchObject({
      ok: false,
      httpStatus: 401,
      message: expect.stringMatching(/refused the credentials/),
    });
    expect((await h.api('DELETE', `/api/v1/connections/${bad.body.id}`)).status).toBe(204);
    const missing = await h.api<Json>('POST', '/api/v1/connections', {
      kind: 'generic',
      name: 'x',
      baseUrl: desk.url,
      credentials: {},
    });
    expect(missing.status).toBe(400);
  });

  it('categorises a ticket created in the helpdesk and writes the category and a note back, once', async () => {
    const res = await createInDesk('T-100');
    expect(res.body.outcomes).toEqual([expect.objectContaining({ result: 'ticket_created' })]);
    const ticket = await h.ticketOf('T-100');
    expect(ticket!.decision).toMatchObject({ outcome: 'applied', category: { id: h.billing.id } });
    await h.runOutbox();
    const remote = desk.tickets.get('T-100')!;
    expect(remote.category).toBe(h.billing.name);
    expect(remote.notes).toHaveLength(1);
    expect(remote.notes[0]!.body).toMatch(/Triage set the category/);
    // In order: the category, then the note explaining it.
    expect(desk.writes.filter((w) => w.ticketId === 'T-100').map((w) => w.what)).toEqual([
      `category=${h.billing.name}`,
      'note',
    ]);
    // A redelivery of the same webhook creates nothing new.
    const again = await h.deliver(
      ...(() => {
        const raw = JSON.stringify({
          id: 'evt-dup',
          type: 'ticket.created',
          ticket: { id: 'T-100', ...h.clearTicket, requester: { email: 'customer@example.com' } },
        });
        return [raw, signedGenericHeaders(INBOUND_SECRET, raw, new Date())] as const;
      })(),
    );
    expect(again.body.outcomes[0].result).toBe('ticket_existed');
  });

  it("takes a person's change in the helpdesk as a helpdesk label of the mapped Triage person", async () => {
    const rita = await addPerson(h.app.url, h.api, {
      email: 'rita@example.com',
      name: 'Rita',
      role: 'agent',
    });
    // Another text than the clear billing ticket: the labels below teach the model at once, and
    // the later tests still want the billing ticket applied.
    const login = { subject: 'Locked out of my account', body: 'The password reset link never arrives.' };
    await createInDesk('T-200', login);
    await h.runOutbox();
    const other = h.categories.find(
      (c) => c.id !== h.billing.id && !/billing|invoice|payment|refund/i.test(c.name),
    )!;
    const res = await send({
      type: 'ticket.category_changed',
      actor: { id: 'agent-7', email: 'Rita@Example.com' },
      ticket: { id: 'T-200' },
      category: { from: h.billing.name, to: other.name },
    });
    expect(res.body.outcomes[0]).toMatchObject({ result: 'label_recorded', categoryId: other.id });
    const ticket = await h.ticketOf('T-200');
    expect(await h.labelsOf(ticket!.id)).toEqual([
      {
        kind: 'helpdesk',
        reasonCode: 'helpdesk_change',
        categoryId: other.id,
        actorType: 'user',
        actorId: rita.id,
      },
    ]);
    expect(ticket!.category.id).toBe(other.id);
    expect(ticket!.categorySetBy).toBe('human');

    // Someone with no Triage account: still a label, under their helpdesk identity.
    await createInDesk('T-201', login);
    const stranger = await send({
      type: 'ticket.category_changed',
      actor: { id: 'agent-99', email: 'temp@agency.example' },
      ticket: { id: 'T-201' },
      category: { from: null, to: other.name },
    });
    expect(stranger.body.outcomes[0].result).toBe('label_recorded');
    const t201 = await h.ticketOf('T-201');
    expect(await h.labelsOf(t201!.id)).toEqual([
      expect.objectContaining({ kind: 'helpdesk', actorType: 'system' }),
    ]);
    const history = (t201!.history ?? []) as Json[];
    if (history.length > 0) {
      expect(
        history.some((e) => e.action === 'label.recorded' && /temp@agency\.example/.test(e.actorName)),
      ).toBe(true);
    }
  });

  it("never learns from Triage's own writes coming back", async () => {
    await createInDesk('T-300');
    await h.runOutbox();
    const ticket = await h.ticketOf('T-300');
    expect(ticket!.decision.outcome).toBe('applied');
    expect(desk.tickets.get('T-300')!.category).toBe(h.billing.name);
    // The echo of the category Triage wrote, by its integration user…
    const byUser = await send({
      type: 'ticket.category_changed',
      actor: { id: GENERIC_INTEGRATION_USER.id },
      ticket: { id: 'T-300' },
      category: { from: null, to: h.billing.name },
    });
    expect(byUser.body.outcomes[0]).toMatchObject({ result: 'echo', why: 'made by the integration user' });
    // …and a helpdesk that reports the change without naming who made it.
    const anonymous = await send({
      type: 'ticket.category_changed',
      ticket: { id: 'T-300' },
      category: { from: null, to: h.billing.name },
    });
    expect(anonymous.body.outcomes[0]).toMatchObject({ result: 'echo' });
    expect(await h.labelsOf(ticket!.id)).toEqual([]);
    const after = await h.ticketOf('T-300');
    expect(after!.categorySetBy).toBe('ai');
  });

  it("does not overwrite a category a person set in the helpdesk before Triage's write went out", async () => {
    await createInDesk('T-400');
    const other = h.categories.find((c) => c.id !== h.billing.id)!;
    desk.tickets.get('T-400')!.category = other.name;
    await h.runOutbox();
    expect(desk.tickets.get('T-400')!.category).toBe(other.name);
    const ticket = await h.ticketOf('T-400');
    const [skip] = await h.handle.db.query<Json>(
      `SELECT result, reason FROM helpdesk_writes WHERE ticket_id = $1 AND action = 'set_category'`,
      [ticket!.id],
    );
    expect(skip).toMatchObject({ result: 'skipped', reason: expect.stringMatching(/A person set/) });
  });

  it('refuses unsigned and wrongly signed deliveries with 401, storing nothing', async () => {
    const before = await h.handle.db.query<Json>('SELECT count(*)::int AS n FROM inbound_events');
    const raw = JSON.stringify({
      id: 'evt-x',
      type: 'ticket.created',
      ticket: { id: 'T-666', subject: 'x' },
    });
    const unsigned = await h.deliver(raw, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.code).toBe('invalid_signature');
    const wrong = await h.deliver(raw, signedGenericHeaders('not the secret at all!!', raw, new Date()));
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_signature');
    const unknown = await fetch(
      `${h.app.url}/api/v1/integrations/00000000-0000-4000-8000-000000000000/events`,
      {
        method: 'POST',
        headers: signedGenericHeaders(INBOUND_SECRET, raw, new Date()),
        body: raw,
      },
    );
    expect(unknown.status).toBe(401);
    expect(await h.ticketOf('T-666')).toBeNull();
    const after = await h.handle.db.query<Json>('SELECT count(*)::int AS n FROM inbound_events');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('answers 400 to a malformed delivery and keeps it for inspection', async () => {
    const raw = '{"id": "evt-broken", "type": "ticket.created", "ticket": {"subject": "no id"}}';
    const res = await h.deliver(raw, signedGenericHeaders(INBOUND_SECRET, raw, new Date()));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('malformed_event');
    const notJson = '{"id": ';
    expect((await h.deliver(notJson, signedGenericHeaders(INBOUND_SECRET, notJson, new Date()))).status).toBe(
      400,
    );
    const deliveries = await h.api<Json>('GET', `/api/v1/connections/${h.connectionId}/deliveries`);
    const rejected = deliveries.body.items.filter((d: Json) => d.status === 'rejected');
    expect(rejected.map((d: Json) => d.rawBody)).toEqual(expect.arrayContaining([raw, notJson]));
    expect(rejected[0].reason).toEqual(expect.any(String));
    // The server is fine afterwards.
    expect((await createInDesk('T-500')).status).toBe(202);
  });

  it('waits out an outage (503 + Retry-After): every write once, in order, no attempt used up', async () => {
    await h.runOutbox();
    await createInDesk('T-600');
    await createInDesk('T-601');
    desk.server.outage(3, { status: 503, headers: { 'retry-after': '1' }, body: { error: 'maintenance' } });
    const started = Date.now();
    const runs = await h.runOutbox({ timeoutMs: 20_000 });
    expect(runs.reduce((sum, r) => sum + r.deferred, 0)).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    for (const id of ['T-600', 'T-601']) {
      expect(desk.writes.filter((w) => w.ticketId === id).map((w) => w.what)).toEqual([
        `category=${h.billing.name}`,
        'note',
      ]);
      expect(desk.tickets.get(id)!.notes).toHaveLength(1);
    }
    const effects = (await h.writeBacks()).filter((e) => ['T-600', 'T-601'].includes(e.payload.externalId));
    expect(effects.every((e) => e.status === 'delivered')).toBe(true);
    expect(effects.some((e) => e.deferrals > 0)).toBe(true);
    // Deferred attempts were given back: each effect used one attempt.
    expect(effects.every((e) => e.attempts === 1)).toBe(true);
  }, 30_000);

  it('loses nothing when a worker dies after writing but before recording: the marker stops a double', async () => {
    await createInDesk('T-700');
    const { claimDueEffects } = await import('../../src/platform/outbox/claim-due-effects.js');
    const services = h.app.services;
    const { claimed } = await claimDueEffects(services.db, {
      workerId: 'doomed-worker',
      now: new Date(),
      limit: 10,
      leaseMs: 300,
      kinds: ['helpdesk.writeback'],
      defaultMaxAttempts: services.outboxPolicy.defaultMaxAttempts,
      onDeadLetter: undefined,
    });
    const first = claimed.find((e) => (e.payload as Json).externalId === 'T-700')!;
    // The doomed worker writes to the helpdesk, then dies before recording the result.
    const handler = services.effectHandlers['helpdesk.writeback']!;
    expect(await handler(first, { signal: new AbortController().signal })).toMatchObject({
      outcome: 'delivered',
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await h.runOutbox({ workerId: 'second-worker' });
    expect(desk.writes.filter((w) => w.ticketId === 'T-700').map((w) => w.what)).toEqual([
      `category=${h.billing.name}`,
      'note',
    ]);
    const effects = (await h.writeBacks()).filter((e) => e.payload.externalId === 'T-700');
    expect(effects.map((e) => e.status)).toEqual(['delivered', 'delivered']);
    expect(effects[0]!.attempts).toBe(2);
  });

  it("keeps to the connection's rate limit across effects", async () => {
    await h.api('PATCH', `/api/v1/connections/${h.connectionId}`, { rateLimitPerMinute: 300 });
    await createInDesk('T-800');
    await createInDesk('T-801');
    const before = desk.server.requests.length;
    const started = Date.now();
    await h.runOutbox();
    const elapsed = Date.now() - started;
    // Four effects at one per 200 ms: at least three intervals.
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(desk.server.requests.length - before).toBe(8); // inspect + write per effect
    await h.api('PATCH', `/api/v1/connections/${h.connectionId}`, { rateLimitPerMinute: 6_000 });
  });
});
