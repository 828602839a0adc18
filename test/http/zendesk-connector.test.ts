import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT,
  CATEGORY_FIELD_ID,
  CUSTOMER,
  startZendeskAccount,
  TRIAGE_USER,
  triageTriggers,
} from '../../src/modules/integrations/zendesk/test-support/zendesk-account.js';
import type { ZendeskTestServer } from '../../src/modules/integrations/zendesk/test-support/zendesk-test-server.js';
import { systemClock } from '../../src/platform/clock.js';
import { databaseTargets } from '../../src/platform/testing/test-databases.js';
import { addPerson } from './api-client.js';
import { type ConnectorHarness, startConnectorHarness } from './connector-harness.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

/** Which trigger sent a delivery (raw bad-input bodies may not be JSON). */
function eventOf(body: string): string | null {
  try {
    return (JSON.parse(body) as { event?: string }).event ?? null;
  } catch {
    return null;
  }
}

const SECRET = 'zendesk signing secret, long enough';
const BILLING_GROUP = 77;

// Zendesk end to end: a local Zendesk (zendesk-test-server.ts) whose triggers notify the real
// app, which writes the category field, an internal note and the group back through the outbox.
describe.each(targets)('Zendesk connector on $name', (target) => {
  let zendesk: ZendeskTestServer;
  let h: ConnectorHarness;

  const answers = async () => {
    await zendesk.settle();
    return zendesk.deliveries.map((d) => ({
      event: eventOf(d.body),
      status: d.status,
      body: d.answer ? JSON.parse(d.answer) : null,
    }));
  };
  const createTicket = async (subject: string, description: string) => {
    const ticket = zendesk.act.createTicket(CUSTOMER.id, { subject, description });
    await zendesk.settle();
    expect(zendesk.deliveries.at(-1)!.status).toBe(202);
    return ticket;
  };
  const categoryOf = (id: number) =>
    zendesk.ticket(id).customFields.find((field) => field.id === CATEGORY_FIELD_ID)?.value ?? null;

  beforeAll(async () => {
    zendesk = await startZendeskAccount('http://127.0.0.1:1/subscribed-below', SECRET, systemClock);
    h = await startConnectorHarness(target, (categories, billing) => ({
      kind: 'zendesk',
      name: 'acme.zendesk.com',
      baseUrl: zendesk.url,
      credentials: { email: TRIAGE_USER.email, apiToken: TRIAGE_USER.apiToken },
      inboundSecret: SECRET,
      integrationUser: { id: String(TRIAGE_USER.id), email: TRIAGE_USER.email },
      rateLimitPerMinute: 6_000,
      categoryMapping: categories.map((c) => ({ categoryId: c.id, value: c.key })),
      settings: { categoryFieldId: CATEGORY_FIELD_ID, groupByCategory: { [billing.key]: BILLING_GROUP } },
      writeSuggestionsAsNote: true,
    }));
    const inbound = `${h.app.url}/api/v1/integrations/${h.connectionId}/events`;
    zendesk.subscribe({ url: inbound, secret: SECRET, triggers: triageTriggers() });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await zendesk?.close();
  });

  it('tests the connection as the API user', async () => {
    const tested = await h.api<Json>('POST', `/api/v1/connections/${h.connectionId}/test`);
    expect(tested.body).toMatchObject({
      ok: true,
      identity: { id: String(TRIAGE_USER.id), email: TRIAGE_USER.email },
      integrationUserMatches: true,
    });
  });

  it('categorises a new ticket, writes field, internal note and group once, and ignores its own change coming back', async () => {
    const created = await createTicket(h.clearTicket.subject, h.clearTicket.body);
    const ticket = await h.ticketOf(String(created.id));
    expect(ticket!.decision).toMatchObject({ outcome: 'applied', category: { id: h.billing.id } });

    await h.runOutbox();
    const remote = zendesk.ticket(created.id);
    expect(categoryOf(created.id)).toBe(h.billing.key);
    expect(remote.groupId).toBe(BILLING_GROUP);
    const notes = remote.comments.filter((comment) => !comment.public);
    expect(notes).toEqual([
      expect.objectContaining({
        authorId: TRIAGE_USER.id,
        body: expect.stringMatching(/Triage set the category/),
      }),
    ]);
    // In order: field, note, group — each an audit by Triage's API user.
    expect(remote.audits.slice(1).map((audit) => audit.events.map((e) => e.field_name ?? e.type))).toEqual([
      [String(CATEGORY_FIELD_ID)],
      ['Comment'],
      ['group_id'],
    ]);

    // The "category changed" trigger fired for Triage's own write: an echo, not a label.
    const [echo] = (await answers()).slice(-1);
    expect(echo).toMatchObject({
      status: 202,
      body: { outcomes: [expect.objectContaining({ result: 'echo' })] },
    });
    expect(await h.labelsOf(ticket!.id)).toEqual([]);
    expect((await h.ticketOf(String(created.id)))!.categorySetBy).toBe('ai');

    const before = zendesk.requests.length;
    await h.runOutbox();
    expect(zendesk.requests.length).toBe(before);
  });

  it('takes an agent’s change of the category field as a label by the Triage person with that e-mail', async () => {
    const alex = await addPerson(h.app.url, h.api, { email: AGENT.email, name: AGENT.name, role: 'agent' });
    const created = await createTicket('Locked out of my account', 'The password reset link never arrives.');
    await h.runOutbox();
    const ticket = await h.ticketOf(String(created.id));
    const other = h.categories.find((c) => c.id !== ticket!.category?.id && c.id !== h.billing.id)!;
    zendesk.act.updateTicket(AGENT.id, created.id, {
      custom_fields: [{ id: CATEGORY_FIELD_ID, value: other.key }],
    });
    const [reply] = (await answers()).filter((a) => a.event === 'ticket.category_changed').slice(-1);
    expect(reply!.body.outcomes[0]).toMatchObject({ result: 'label_recorded', categoryId: other.id });
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

  it('follows a subject edit, a reassignment and an agent’s comment; Triage’s own note is an echo', async () => {
    const created = await createTicket(h.clearTicket.subject, h.clearTicket.body);
    await h.runOutbox();
    const ticket = await h.ticketOf(String(created.id));
    const noteByTriage = zendesk.ticket(created.id).comments.find((c) => c.authorId === TRIAGE_USER.id);
    expect(noteByTriage?.public).toBe(false);
    zendesk.act.updateTicket(AGENT.id, created.id, { subject: 'Card charged twice after the upgrade' });
    zendesk.act.updateTicket(AGENT.id, created.id, { assignee_id: AGENT.id });
    zendesk.act.updateTicket(AGENT.id, created.id, {
      comment: { body: 'Called the customer back.', public: false },
    });
    const replies = await answers();

    const after = await h.ticketOf(String(created.id));
    expect(after).toMatchObject({ subject: 'Card charged twice after the upgrade', assignee: AGENT.email });
    const actions = after!.history.map((entry: Json) => entry.action);
    // Triage's note came back through the comment trigger too, but as an echo, not a comment.
    expect(actions.filter((a: string) => a === 'ticket.commented')).toHaveLength(1);
    // The subject and the assignee: two updates; the triggers' unchanged values made none.
    expect(actions.filter((a: string) => a === 'ticket.updated')).toHaveLength(2);
    const comments = zendesk.deliveries.flatMap((d, index) =>
      eventOf(d.body) === 'ticket.commented' && JSON.parse(d.body).ticket.id === String(created.id)
        ? [{ by: JSON.parse(d.body).current_user.id, outcome: replies[index]!.body.outcomes[0] }]
        : [],
    );
    expect(comments).toEqual([
      { by: String(TRIAGE_USER.id), outcome: expect.objectContaining({ result: 'echo' }) },
      { by: String(AGENT.id), outcome: expect.objectContaining({ result: 'applied', ticketId: ticket!.id }) },
    ]);
  });

  it('refuses a wrongly signed, unsigned or stale webhook with 401 and a body not the documented one with 400', async () => {
    const body = JSON.stringify({ event: 'ticket.created', ticket: { id: 'not-a-number' } });
    zendesk.deliverRaw(body, { secret: 'not the secret' });
    zendesk.deliverRaw(body, { signature: null });
    zendesk.deliverRaw(body, { timestamp: '2020-01-01T00:00:00Z' });
    zendesk.deliverRaw(body);
    const [wrong, unsigned, stale, malformed] = (await answers()).slice(-4);
    for (const refused of [wrong, unsigned, stale]) {
      expect(refused).toMatchObject({ status: 401, body: { code: 'invalid_signature' } });
    }
    expect(malformed).toMatchObject({ status: 400, body: { code: 'malformed_event' } });
    const deliveries = await h.api<Json>('GET', `/api/v1/connections/${h.connectionId}/deliveries`);
    expect(
      deliveries.body.items.filter((d: Json) => d.status === 'rejected').map((d: Json) => d.rawBody),
    ).toContain(body);
  });

  it('waits out 429 and 503 with Retry-After: every write once, in order, no attempt used up', async () => {
    await h.runOutbox();
    const first = await createTicket(h.clearTicket.subject, `${h.clearTicket.body} Order 1.`);
    const second = await createTicket(h.clearTicket.subject, `${h.clearTicket.body} Order 2.`);
    zendesk.failNext({ kind: 'rate_limited', retryAfterSeconds: 1 });
    zendesk.failNext({ kind: 'unavailable', retryAfterSeconds: 1 }, 2);
    const runs = await h.runOutbox({ timeoutMs: 20_000 });
    expect(runs.reduce((sum, run) => sum + run.deferred, 0)).toBeGreaterThanOrEqual(2);
    for (const created of [first, second]) {
      const remote = zendesk.ticket(created.id);
      expect(categoryOf(created.id)).toBe(h.billing.key);
      expect(remote.comments.filter((comment) => !comment.public)).toHaveLength(1);
      expect(
        remote.audits.slice(1).map((audit) => audit.events[0]!.field_name ?? audit.events[0]!.type),
      ).toEqual([String(CATEGORY_FIELD_ID), 'Comment', 'group_id']);
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
    zendesk.act.updateTicket(AGENT.id, created.id, {
      custom_fields: [{ id: CATEGORY_FIELD_ID, value: other.key }],
    });
    await zendesk.settle();
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
