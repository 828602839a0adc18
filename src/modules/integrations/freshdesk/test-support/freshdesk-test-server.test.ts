import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../../platform/testing/manual-clock.js';
import { callJson } from '../../test-support/helpdesk-test-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver.js';
import { AGENT, CATEGORY_FIELD, CUSTOMER, startFreshdeskAccount, TRIAGE_AGENT } from './freshdesk-account.js';
import type { FreshdeskTestServer } from './freshdesk-test-server.js';

const SECRET = 'freshdesk shared secret';
const clock = manualClock();
let receiver: WebhookReceiver;
let freshdesk: FreshdeskTestServer;

const basic = (apiKey: string) => `Basic ${Buffer.from(`${apiKey}:X`).toString('base64')}`;

function call(method: string, path: string, body?: unknown, authorization = basic(TRIAGE_AGENT.apiKey)) {
  return callJson<any>(`${freshdesk.url}${path}`, method, { authorization }, body);
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  freshdesk = await startFreshdeskAccount(receiver.url, SECRET, clock);
});

afterAll(async () => {
  await freshdesk?.close();
  await receiver?.close();
});

describe('the local Freshdesk server’s API v2', () => {
  it('authenticates an API key as basic auth apikey:X and refuses others with Freshdesk’s 401', async () => {
    const ticket = freshdesk.act.createTicket(CUSTOMER.id, { subject: 'Refund', description: 'Refund me.' });
    const shown = await call('GET', `/api/v2/tickets/${ticket.id}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('x-ratelimit-total')).toBe('700');
    expect(shown.headers.get('x-ratelimit-used-currentrequest')).toBe('1');
    const wrong = await call('GET', `/api/v2/tickets/${ticket.id}`, undefined, basic('nope'));
    expect(wrong).toMatchObject({
      status: 401,
      body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' },
    });
    // The key with a password other than X is not the documented form.
    const password = `Basic ${Buffer.from(`${TRIAGE_AGENT.apiKey}:secret`).toString('base64')}`;
    expect((await call('GET', `/api/v2/tickets/${ticket.id}`, undefined, password)).status).toBe(401);
    const me = await call('GET', '/api/v2/agents/me', undefined, basic(AGENT.apiKey));
    expect(me.body).toMatchObject({ id: AGENT.id, contact: { email: AGENT.email, name: AGENT.name } });
  });

  it('updates the category field, tags (replacing them) and group, and keeps private notes as conversations', async () => {
    const created = freshdesk.act.createTicket(CUSTOMER.id, {
      subject: 'Charged twice',
      description: 'My card <b>was</b> charged twice.',
      tags: ['vip'],
    });
    const path = `/api/v2/tickets/${created.id}`;
    expect((await call('GET', path)).body).toMatchObject({
      id: created.id,
      subject: 'Charged twice',
      description: '<div>My card &lt;b&gt;was&lt;/b&gt; charged twice.</div>',
      description_text: 'My card <b>was</b> charged twice.',
      status: 2,
      requester_id: CUSTOMER.id,
      tags: ['vip'],
      custom_fields: { [CATEGORY_FIELD]: null },
    });
    const updated = await call('PUT', path, {
      custom_fields: { [CATEGORY_FIELD]: 'billing' },
      tags: ['triage'],
      group_id: 77,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      custom_fields: { [CATEGORY_FIELD]: 'billing' },
      tags: ['triage'],
      group_id: 77,
    });

    const note = await call('POST', `${path}/notes`, { body: '<div>Why: invoice</div>', private: true });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      body_text: 'Why: invoice',
      private: true,
      user_id: TRIAGE_AGENT.id,
      ticket_id: created.id,
    });
    const conversations = await call('GET', `${path}/conversations`);
    expect(conversations.body).toEqual([
      expect.objectContaining({ id: note.body.id, private: true, source: 2 }),
    ]);
  });

  it('refuses invalid changes with 400 Validation failed, unknown tickets with 404', async () => {
    const created = freshdesk.act.createTicket(CUSTOMER.id, {
      subject: 'Login',
      description: 'Cannot log in.',
    });
    const path = `/api/v2/tickets/${created.id}`;
    freshdesk.setCategoryChoices(['billing', 'access']);
    const invalid = await call('PUT', path, {
      custom_fields: { [CATEGORY_FIELD]: 'nonsense', cf_other: 'x' },
    });
    expect(invalid).toMatchObject({
      status: 400,
      body: {
        description: 'Validation failed',
        errors: [
          {
            field: CATEGORY_FIELD,
            code: 'invalid_value',
            message: "It should be one of these values: 'billing,access'",
          },
          { field: 'cf_other', code: 'invalid_field' },
        ],
      },
    });
    freshdesk.setCategoryChoices(null);
    expect(freshdesk.ticket(created.id).customFields[CATEGORY_FIELD]).toBeNull();
    const blank = await call('POST', `${path}/notes`, { body: ' ', private: 'yes' });
    expect(blank.body.errors.map((e: { field: string }) => e.field)).toEqual(['body', 'private']);
    expect((await call('GET', '/api/v2/tickets/4040')).status).toBe(404);
    expect((await call('PUT', '/api/v2/tickets/4040', { tags: [] })).status).toBe(404);
    expect((await call('GET', '/api/v2/tickets?per_page=101')).body.errors[0]).toMatchObject({
      field: 'per_page',
    });
    expect((await call('GET', '/api/v2/tickets?page=301')).body.errors[0]).toMatchObject({ field: 'page' });
  });

  it('answers 429 with Retry-After and 503 when told to, then recovers', async () => {
    freshdesk.failNext({ kind: 'rate_limited', retryAfterSeconds: 3 });
    freshdesk.failNext({ kind: 'unavailable' });
    const limited = await call('GET', '/api/v2/agents/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await call('GET', '/api/v2/agents/me')).status).toBe(503);
    expect((await call('GET', '/api/v2/agents/me')).status).toBe(200);
  });

  it('lists tickets updated since a time, in order, paged with a Link to the next page', async () => {
    const since = new Date(clock.now().getTime() + 1_000);
    clock.advance(60_000);
    const made = ['one', 'two', 'three'].map((subject) =>
      freshdesk.act.createTicket(CUSTOMER.id, { subject, description: `${subject} body` }),
    );
    const query = `updated_since=${since.toISOString()}&order_by=created_at&order_type=asc&per_page=2`;
    const first = await call('GET', `/api/v2/tickets?${query}&include=description`);
    expect(first.body.map((t: { subject: string }) => t.subject)).toEqual(['one', 'two']);
    expect(first.body[0].description_text).toBe('one body');
    expect(first.headers.get('link')).toMatch(/page=2.*rel="next"/);
    const second = await call('GET', `/api/v2/tickets?${query}&page=2`);
    expect(second.body.map((t: { id: number }) => t.id)).toEqual([made[2]!.id]);
    expect(second.body[0].description).toBeUndefined();
    expect(second.headers.get('link')).toBeNull();
  });
});

describe('the local Freshdesk server’s automation webhooks', () => {
  it('fires the rules with the shared secret header; API changes only when automations run', async () => {
    await freshdesk.runAutomations();
    receiver.received.length = 0;
    const created = freshdesk.act.createTicket(CUSTOMER.id, {
      subject: 'Invoice "March"',
      description: 'Line one\nLine two',
    });
    freshdesk.act.updateTicket(AGENT.id, created.id, {
      responderId: AGENT.id,
      customFields: { [CATEGORY_FIELD]: 'billing' },
    });
    await freshdesk.settle();
    await call('PUT', `/api/v2/tickets/${created.id}`, { custom_fields: { [CATEGORY_FIELD]: 'access' } });
    await freshdesk.settle();
    expect(receiver.received).toHaveLength(3);
    await freshdesk.runAutomations();
    expect(receiver.received).toHaveLength(4);

    const bodies = receiver.received.map((d) => JSON.parse(d.raw));
    expect(bodies.map((b) => b.event)).toEqual([
      'ticket_created',
      'category_changed',
      'agent_changed',
      'category_changed',
    ]);
    expect(bodies[0].ticket).toMatchObject({
      id: String(created.id),
      subject: 'Invoice "March"',
      description: '<div>Line one<br>Line two</div>',
      requester_email: CUSTOMER.email,
      agent_email: '',
      category: '',
    });
    expect(bodies[1]).toMatchObject({
      triggered_event: `{${CATEGORY_FIELD}:{from:,to:billing}}`,
      ticket: { category: 'billing', agent_email: AGENT.email },
    });
    expect(bodies[3]).toMatchObject({ triggered_event: `{${CATEGORY_FIELD}:{from:billing,to:access}}` });
    for (const delivery of receiver.received) expect(delivery.headers['x-triage-secret']).toBe(SECRET);
  });
});
