import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../../platform/testing/manual-clock.js';
import { callJson } from '../../test-support/helpdesk-test-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver.js';
import { AGENT, CATEGORY_FIELD_ID, CUSTOMER, startZendeskAccount, TRIAGE_USER } from './zendesk-account.js';
import { type ZendeskTestServer, zendeskSignature } from './zendesk-test-server.js';

const TRIAGE = TRIAGE_USER;
const ALEX = AGENT;
const CATEGORY_FIELD = CATEGORY_FIELD_ID;
const SECRET = 'zendesk signing secret';

let receiver: WebhookReceiver;
let zendesk: ZendeskTestServer;
const clock = manualClock();

function basic(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;
}

function call(
  method: string,
  path: string,
  body?: unknown,
  authorization = basic(TRIAGE.email, TRIAGE.apiToken),
) {
  return callJson<any>(`${zendesk.url}${path}`, method, { authorization }, body);
}

async function forgetDeliveries(): Promise<void> {
  await zendesk.settle();
  receiver.received.length = 0;
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  zendesk = await startZendeskAccount(receiver.url, SECRET, clock);
});

afterAll(async () => {
  await zendesk?.close();
  await receiver?.close();
});

describe('the local Zendesk server’s Tickets API', () => {
  it('authenticates an API token (email/token) or an OAuth bearer token, and refuses others with 401', async () => {
    const ticket = zendesk.act.createTicket(CUSTOMER.id, {
      subject: 'Refund',
      description: 'Please refund me.',
    });
    expect((await call('GET', `/api/v2/tickets/${ticket.id}.json`)).status).toBe(200);
    expect(
      (await call('GET', `/api/v2/tickets/${ticket.id}.json`, undefined, `Bearer ${ALEX.oauthToken}`)).status,
    ).toBe(200);
    const wrong = await call(
      'GET',
      `/api/v2/tickets/${ticket.id}.json`,
      undefined,
      basic(TRIAGE.email, 'nope'),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: "Couldn't authenticate you" });
    // The password form (email:password) is not an API token.
    const password = `Basic ${Buffer.from(`${TRIAGE.email}:${TRIAGE.apiToken}`).toString('base64')}`;
    expect((await call('GET', `/api/v2/tickets/${ticket.id}.json`, undefined, password)).status).toBe(401);
  });

  it('updates tags, a custom field, group and assignee and adds an internal note, recording who in the audit', async () => {
    const created = zendesk.act.createTicket(CUSTOMER.id, {
      subject: 'Charged twice',
      description: 'My card was charged twice.',
      tags: ['vip'],
    });
    const path = `/api/v2/tickets/${created.id}.json`;
    const shown = await call('GET', path);
    expect(shown.body.ticket).toMatchObject({
      id: created.id,
      subject: 'Charged twice',
      description: 'My card was charged twice.',
      tags: ['vip'],
      status: 'new',
      requester_id: CUSTOMER.id,
      custom_fields: [],
    });

    const update = {
      ticket: {
        additional_tags: ['triage_billing'],
        custom_fields: [{ id: CATEGORY_FIELD, value: 'billing' }],
        group_id: 77,
        assignee_id: ALEX.id,
        comment: { body: 'Triage: billing (0.93) — words: charged, card', public: false },
      },
    };
    const updated = await call('PUT', path, update);
    expect(updated.status).toBe(200);
    expect(updated.body.ticket).toMatchObject({
      tags: ['vip', 'triage_billing'],
      custom_fields: [{ id: CATEGORY_FIELD, value: 'billing' }],
      group_id: 77,
      assignee_id: ALEX.id,
    });
    expect(updated.body.audit.author_id).toBe(TRIAGE.id);
    expect(updated.body.audit.via.channel).toBe('api');
    const changes = updated.body.audit.events.filter((event: { type: string }) => event.type === 'Change');
    expect(changes.map((event: { field_name: string }) => event.field_name).sort()).toEqual(
      ['360001', 'assignee_id', 'group_id', 'tags'].sort(),
    );
    expect(changes.find((event: { field_name: string }) => event.field_name === 'tags')).toMatchObject({
      value: ['vip', 'triage_billing'],
      previous_value: ['vip'],
    });

    const comments = await call('GET', `/api/v2/tickets/${created.id}/comments.json`);
    expect(comments.body.count).toBe(2);
    expect(comments.body.comments[1]).toMatchObject({ public: false, author_id: TRIAGE.id, type: 'Comment' });

    zendesk.act.updateTicket(ALEX.id, created.id, {
      custom_fields: [{ id: CATEGORY_FIELD, value: 'refunds' }],
    });
    const audits = await call('GET', `/api/v2/tickets/${created.id}/audits.json`);
    expect(audits.body.audits.map((audit: { author_id: number }) => audit.author_id)).toEqual([
      CUSTOMER.id,
      TRIAGE.id,
      ALEX.id,
    ]);
    expect(audits.body.audits[2].events[0]).toMatchObject({
      type: 'Change',
      field_name: String(CATEGORY_FIELD),
      value: 'refunds',
      previous_value: 'billing',
    });
    expect(audits.body).toMatchObject({ next_page: null, previous_page: null, count: 3 });
  });

  it('refuses a safe update on stale data with 409, a blank comment with 422, unknown records with 404', async () => {
    const created = zendesk.act.createTicket(CUSTOMER.id, {
      subject: 'Login',
      description: 'Cannot log in.',
    });
    const path = `/api/v2/tickets/${created.id}.json`;
    const stamp = (await call('GET', path)).body.ticket.updated_at;
    clock.advance(60_000);
    zendesk.act.updateTicket(ALEX.id, created.id, { tags: ['access'] });
    const stale = await call('PUT', path, {
      ticket: { tags: ['billing'], safe_update: true, updated_stamp: stamp },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('UpdateConflict');
    expect(zendesk.ticket(created.id).tags).toEqual(['access']);
    const fresh = (await call('GET', path)).body.ticket.updated_at;
    const safe = await call('PUT', path, {
      ticket: { additional_tags: ['x'], safe_update: true, updated_stamp: fresh },
    });
    expect(safe.status).toBe(200);

    const blank = await call('PUT', path, { ticket: { comment: { body: ' ', public: false } } });
    expect(blank.status).toBe(422);
    expect(blank.body).toMatchObject({
      error: 'RecordInvalid',
      details: { base: [{ error: 'BlankValue' }] },
    });

    expect((await call('PUT', path, ['not', 'a', 'ticket'])).status).toBe(400);
    expect(await call('GET', '/api/v2/tickets/4040.json')).toMatchObject({
      status: 404,
      body: { error: 'RecordNotFound', description: 'Not found' },
    });
    expect((await call('GET', `/api/v2/users/${ALEX.id}.json`)).body.user).toMatchObject({
      id: ALEX.id,
      email: ALEX.email,
      role: 'agent',
    });
    expect((await call('GET', '/api/v2/users/1.json')).status).toBe(404);
  });

  it('answers 429 with Retry-After and 503 when told to, then recovers', async () => {
    const created = zendesk.act.createTicket(CUSTOMER.id, { subject: 'Slow', description: 'It is slow.' });
    zendesk.failNext({ kind: 'rate_limited', retryAfterSeconds: 3 });
    zendesk.failNext({ kind: 'unavailable' }, 2);
    const limited = await call('GET', `/api/v2/tickets/${created.id}.json`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await call('GET', `/api/v2/tickets/${created.id}.json`)).status).toBe(503);
    expect((await call('GET', `/api/v2/tickets/${created.id}.json`)).status).toBe(503);
    expect((await call('GET', `/api/v2/tickets/${created.id}.json`)).status).toBe(200);
  });

  it('pages comments with next_page links', async () => {
    const created = zendesk.act.createTicket(CUSTOMER.id, { subject: 'Chatty', description: 'one' });
    for (const body of ['two', 'three']) zendesk.act.updateTicket(ALEX.id, created.id, { comment: { body } });
    const first = await call('GET', `/api/v2/tickets/${created.id}/comments.json?per_page=2`);
    expect(first.body.comments.map((comment: { body: string }) => comment.body)).toEqual(['one', 'two']);
    expect(first.body.next_page).toContain('page=2');
    const second = await call(
      'GET',
      new URL(first.body.next_page).pathname + new URL(first.body.next_page).search,
    );
    expect(second.body.comments.map((comment: { body: string }) => comment.body)).toEqual(['three']);
    expect(second.body.next_page).toBeNull();
  });
});

describe('the local Zendesk server’s trigger webhooks', () => {
  it('fires the created and category-changed triggers, for people and the API alike, signed as documented', async () => {
    await forgetDeliveries();
    const created = zendesk.act.createTicket(CUSTOMER.id, {
      subject: 'Invoice "March" missing',
      description: 'Line one\nLine "two"',
      tags: ['web', 'vip'],
    });
    zendesk.act.updateTicket(ALEX.id, created.id, {
      custom_fields: [{ id: CATEGORY_FIELD, value: 'billing' }],
    });
    // Triage's own write of the category comes back like anyone's; a tag change fires no category trigger.
    await call('PUT', `/api/v2/tickets/${created.id}.json`, {
      ticket: { custom_fields: [{ id: CATEGORY_FIELD, value: 'refunds' }] },
    });
    await call('PUT', `/api/v2/tickets/${created.id}.json`, { ticket: { additional_tags: ['triage'] } });
    // A change that changes nothing makes no audit and fires no trigger.
    await call('PUT', `/api/v2/tickets/${created.id}.json`, {
      ticket: { custom_fields: [{ id: CATEGORY_FIELD, value: 'refunds' }] },
    });
    await zendesk.settle();

    const all = receiver.received.map((delivery) => JSON.parse(delivery.raw));
    // "Ticket is Updated" alone fires on every update that changed something, the tag change too.
    expect(all.filter((body) => body.event === 'ticket.updated')).toHaveLength(3);
    const bodies = all.filter((body) => body.event !== 'ticket.updated');
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toEqual({
      event: 'ticket.created',
      ticket: {
        id: String(created.id),
        subject: 'Invoice "March" missing',
        description: 'Line one\nLine "two"',
        status: 'new',
        tags: 'web vip',
        requester_email: CUSTOMER.email,
        assignee_email: '',
        updated_at: created.updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        category: '',
      },
      current_user: { id: String(CUSTOMER.id), email: CUSTOMER.email },
    });
    expect(bodies[1]).toMatchObject({
      event: 'ticket.category_changed',
      ticket: { category: 'billing' },
      current_user: { id: String(ALEX.id) },
    });
    expect(bodies[2]).toMatchObject({
      ticket: { category: 'refunds' },
      current_user: { id: String(TRIAGE.id), email: TRIAGE.email },
    });

    for (const delivery of receiver.received) {
      const timestamp = delivery.headers['x-zendesk-webhook-signature-timestamp'] as string;
      const expected = createHmac('sha256', SECRET)
        .update(timestamp + delivery.raw)
        .digest('base64');
      expect(delivery.headers['x-zendesk-webhook-signature']).toBe(expected);
      expect(delivery.headers['x-zendesk-webhook-invocation-id']).toBeTruthy();
    }
  });

  it('delivers raw bodies with a wrong or missing signature for bad-input tests', async () => {
    await forgetDeliveries();
    zendesk.deliverRaw('{"event":', { secret: 'not the secret', timestamp: '2026-03-02T09:00:00Z' });
    zendesk.deliverRaw('{}', { signature: null });
    await zendesk.settle();
    const [wrong, unsigned] = receiver.received;
    expect(wrong!.headers['x-zendesk-webhook-signature']).not.toBe(
      zendeskSignature(SECRET, '2026-03-02T09:00:00Z', '{"event":'),
    );
    expect(unsigned!.headers['x-zendesk-webhook-signature']).toBeUndefined();
  });
});
