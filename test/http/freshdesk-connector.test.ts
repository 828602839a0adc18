import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT,
  CATEGORY_FIELD,
  CUSTOMER,
  startFreshdeskAccount,
  TRIAGE_AGENT,
  triageRules,
} from '../../src/modules/integrations/freshdesk/test-support/freshdesk-account.js';
import type { FreshdeskTestServer } from '../../src/modules/integrations/freshdesk/test-support/freshdesk-test-server.js';
import { systemClock } from '../../src/platform/clock.js';
import { databaseTargets } from '../../src/platform/testing/test-databases.js';
import { addPerson } from './api-client.js';
import { type ConnectorHarness, startConnectorHarness } from './connector-harness.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

const SECRET = 'freshdesk shared secret, long enough';
const BILLING_GROUP = 77;

// Freshdesk end to end: a local Freshdesk (freshdesk-test-server.ts) whose automation rules notify
// the real app, which writes the category field, a private note and the group back through the outbox.
describe.each(targets)('Freshdesk connector on $name', (target) => {
  let freshdesk: FreshdeskTestServer;
  let h: ConnectorHarness;

  const answers = async () => {
    await freshdesk.settle();
    return freshdesk.deliveries.map((d) => ({
      status: d.status,
      body: d.answer ? JSON.parse(d.answer) : null,
    }));
  };
  const createTicket = async (subject: string, description: string) => {
    const ticket = freshdesk.act.createTicket(CUSTOMER.id, { subject, description });
    await freshdesk.settle();
    expect(freshdesk.deliveries.at(-1)!.status).toBe(202);
    return ticket;
  };
  const categoryOf = (id: number) => freshdesk.ticket(id).customFields[CATEGORY_FIELD] ?? null;

  beforeAll(async () => {
    freshdesk = await startFreshdeskAccount('http://127.0.0.1:1/subscribed-below', SECRET, systemClock);
    h = await startConnectorHarness(target, (categories, billing) => ({
      kind: 'freshdesk',
      name: 'acme.freshdesk.com',
      baseUrl: freshdesk.url,
      credentials: { apiKey: TRIAGE_AGENT.apiKey },
      inboundSecret: SECRET,
      integrationUser: { id: String(TRIAGE_AGENT.id), email: TRIAGE_AGENT.email },
      rateLimitPerMinute: 6_000,
      categoryMapping: categories.map((c) => ({ categoryId: c.id, value: c.key })),
      settings: { categoryField: CATEGORY_FIELD, groupByCategory: { [billing.key]: BILLING_GROUP } },
      writeSuggestionsAsNote: true,
    }));
    // The category field is a drop-down of the mapped values, as the doc asks the admin to make it.
    freshdesk.setCategoryChoices(h.categories.map((c) => c.key));
    const inbound = `${h.app.url}/api/v1/integrations/${h.connectionId}/events`;
    freshdesk.subscribe({ url: inbound, secret: SECRET, rules: triageRules() });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await freshdesk?.close();
  });

  it('tests the connection as the API key’s agent', async () => {
    const tested = await h.api<Json>('POST', `/api/v1/connections/${h.connectionId}/test`);
    expect(tested.body).toMatchObject({
      ok: true,
      identity: { id: String(TRIAGE_AGENT.id), email: TRIAGE_AGENT.email },
      integrationUserMatches: true,
    });
  });

  it('categorises a new ticket, writes field, private note and group once, and ignores its own change coming back', async () => {
    const created = await createTicket(h.clearTicket.subject, h.clearTicket.body);
    const ticket = await h.ticketOf(String(created.id));
    expect(ticket!.decision).toMatchObject({ outcome: 'applied', category: { id: h.billing.id } });

    await h.runOutbox();
    const remote = freshdesk.ticket(created.id);
    expect(categoryOf(created.id)).toBe(h.billing.key);
    expect(remote.groupId).toBe(BILLING_GROUP);
    expect(remote.conversations).toEqual([
      expect.objectContaining({
        private: true,
        userId: TRIAGE_AGENT.id,
        bodyText: expect.stringMatching(/Triage set the category/),
      }),
    ]);
    // In order: field, note, group.
    const writes = freshdesk.requests
      .filter((r) => r.method !== 'GET' && r.path.startsWith(`/api/v2/tickets/${created.id}`))
      .map((r) => `${r.method} ${Object.keys(r.body as object).join(',')}`);
    expect(writes).toEqual(['PUT custom_fields', 'POST body,private', 'PUT group_id']);

    // Freshdesk runs the rules for Triage's writes afterwards: the category change and the note
    // come back, as echoes, not as a label or a comment.
    const before = freshdesk.deliveries.length;
    await freshdesk.runAutomations();
    const echoes = (await answers()).slice(before);
    expect(echoes.map((e) => e.body.outcomes[0])).toEqual([
      expect.objectContaining({ type: 'category_changed', result: 'echo' }),
      expect.objectContaining({ type: 'ticket_commented', result: 'echo' }),
    ]);
    expect(await h.labelsOf(ticket!.id)).toEqual([]);
    expect((await h.ticketOf(String(created.id)))!.categorySetBy).toBe('ai');

    const requests = freshdesk.requests.length;
    await h.runOutbox();
    expect(freshdesk.requests.length).toBe(requests);
  });

  it('takes an agent’s change of the category field as a label by the Triage person with that e-mail', async () => {
    const alex = await addPerson(h.app.url, h.api, { email: AGENT.email, name: AGENT.name, role: 'agent' });
    const created = await createTicket('Locked out of my account', 'The password reset link never arrives.');
    await h.runOutbox();
    await freshdesk.runAutomations();
    const ticket = await h.ticketOf(String(created.id));
    const other = h.categories.find((c) => c.id !== ticket!.category?.id && c.id !== h.billing.id)!;
    freshdesk.act.updateTicket(AGENT.id, created.id, { responderId: AGENT.id });
    freshdesk.act.updateTicket(AGENT.id, created.id, { customFields: { [CATEGORY_FIELD]: other.key } });
    const [assigned, changed] = (await answers()).slice(-2);
    expect(assigned!.body.outcomes[0]).toMatchObject({ type: 'ticket_updated', result: 'applied' });
    expect(changed!.body.outcomes[0]).toMatchObject({ result: 'label_recorded', categoryId: other.id });
    expect(await h.labelsOf(ticket!.id)).toEqual([
      {
        kind: 'helpdesk',
        reasonCode: 'helpdesk_change',
        categoryId: other.id,
        actorType: 'user',
        actorId: alex.id,
      },
    ]);
  });

  it('refuses a wrong or missing secret with 401 and logs it, and keeps a body not the documented one with 400', async () => {
    const body = JSON.stringify({ event: 'ticket_created', ticket: { id: 'not-a-number' } });
    freshdesk.deliverRaw(body, 'not the secret, but long');
    freshdesk.deliverRaw(body, null);
    freshdesk.deliverRaw(body);
    const [wrong, missing, malformed] = (await answers()).slice(-3);
    for (const refused of [wrong, missing]) {
      expect(refused).toMatchObject({ status: 401, body: { code: 'invalid_signature' } });
    }
    expect(malformed).toMatchObject({ status: 400, body: { code: 'malformed_event' } });
    const deliveries = await h.api<Json>('GET', `/api/v1/connections/${h.connectionId}/deliveries`);
    const items = deliveries.body.items as Json[];
    expect(items.filter((d) => d.status === 'rejected').map((d) => d.rawBody)).toContain(body);
  });

  it('waits out 429 and 503 with Retry-After: every write once, in order', async () => {
    await h.runOutbox();
    const first = await createTicket(h.clearTicket.subject, `${h.clearTicket.body} Order 1.`);
    const second = await createTicket(h.clearTicket.subject, `${h.clearTicket.body} Order 2.`);
    freshdesk.failNext({ kind: 'rate_limited', retryAfterSeconds: 1 });
    freshdesk.failNext({ kind: 'unavailable', retryAfterSeconds: 1 }, 2);
    const runs = await h.runOutbox({ timeoutMs: 20_000 });
    expect(runs.reduce((sum, run) => sum + run.deferred, 0)).toBeGreaterThanOrEqual(2);
    for (const created of [first, second]) {
      const remote = freshdesk.ticket(created.id);
      expect(categoryOf(created.id)).toBe(h.billing.key);
      expect(remote.groupId).toBe(BILLING_GROUP);
      expect(remote.conversations.filter((c) => c.private)).toHaveLength(1);
    }
    const effects = (await h.writeBacks()).filter((e) =>
      [String(first.id), String(second.id)].includes(e.payload.externalId),
    );
    expect(effects).toHaveLength(6);
    expect(effects.every((e) => e.status === 'delivered' && e.attempts === 1)).toBe(true);
  }, 40_000);
  // Last: the agent's change below is a label on the clear billing text, which the model learns at once.
  it('leaves a category an agent set before Triage’s write went out', async () => {
    const created = await createTicket(h.clearTicket.subject, `${h.clearTicket.body} (second)`);
    const other = h.categories.find((c) => c.id !== h.billing.id)!;
    freshdesk.act.updateTicket(AGENT.id, created.id, { customFields: { [CATEGORY_FIELD]: other.key } });
    await freshdesk.settle();
    await h.runOutbox();
    expect(categoryOf(created.id)).toBe(other.key);
    const ticket = await h.ticketOf(String(created.id));
    const [skip] = await h.handle.db.query<Json>(
      `SELECT result FROM helpdesk_writes WHERE ticket_id = $1 AND action = 'set_category'`,
      [ticket!.id],
    );
    expect(skip).toMatchObject({ result: 'skipped' });
  });
});
