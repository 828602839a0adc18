import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdue } from '../../src/modules/escalations/index.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../src/modules/notifications/test-support/webhook-receiver.js';
import { verifyEventChain } from '../../src/platform/events/index.js';
import { deliverDueEffects } from '../../src/platform/outbox/index.js';
import { manualClock } from '../../src/platform/testing/manual-clock.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

const DAY_MS = 24 * 3_600_000;

// Escalations over HTTP: a ticket nobody reviews in time, a notification endpoint that keeps
// failing (nothing is lost: retries, a dead letter, an escalation with an owner), who may see
// and resolve what.
describe.each(targets)('escalations API on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let receiver: WebhookReceiver;
  let n = 0;

  const sendTicket = async (subject: string) => {
    const created = await api<Json>('POST', '/api/v1/tickets', {
      source: 'api',
      externalId: `esc-${n++}`,
      subject,
      body: 'Nobody has answered this yet.',
    });
    expect(created.status).toBe(201);
    return created.body;
  };
  const logIn = async (email: string, password: string) => {
    const res = await apiClient(app.url)<Json>('POST', '/api/v1/auth/login', { email, password });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return apiClient(app.url, { cookie, csrf: res.body.csrfToken });
  };

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
    api = apiClient(app.url, { apiKey: app.apiKey });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await app?.close();
    await handle?.dispose();
  });

  it('never drops a failing notification: retries, a dead letter, and an escalation with an owner', async () => {
    // The receiver is down for good: every request gets a 500.
    receiver.otherwise({ status: 500, body: 'upstream unavailable' });
    const endpoint = await api<Json>('POST', '/api/v1/notification-endpoints', {
      name: 'Ops',
      url: receiver.url,
    });
    expect(endpoint.status).toBe(201);

    // No model yet: the ticket needs review in the default queue, owned by the first admin.
    const ticket = await sendTicket('Invoice missing');
    expect(ticket.decision).toMatchObject({ outcome: 'needs_review', reason: 'model_unavailable' });
    const clock = manualClock(new Date(Date.now() + DAY_MS + 60_000));
    expect((await escalateOverdue(app.services, clock.now())).opened).toBe(1);

    // The escalation's own notification is in the outbox, addressed to the endpoint.
    const pending = await api<Json>('GET', '/api/v1/outbox?status=pending&kind=webhook.notification');
    expect(pending.body.items).toHaveLength(1);
    const notificationId = pending.body.items[0].id;
    const [overdue] = (await api<Json>('GET', '/api/v1/escalations')).body.items;
    expect(pending.body.items[0].idempotencyKey).toBe(`escalation:${overdue.id}:opened@${endpoint.body.id}`);

    // Three attempts with a tiny back-off; each one reaches the receiver and fails.
    const policy = { ...app.services.outboxPolicy, defaultMaxAttempts: 3, backoff: { baseMs: 1, capMs: 1 } };
    const runs = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      runs.push(
        await deliverDueEffects(app.services.db, app.services.effectHandlers, {
          workerId: 'escalations-test',
          clock,
          policy,
          random: () => 0,
          onDeadLetter: app.services.onDeadLetter,
        }),
      );
      clock.advance(1_000);
    }
    expect(runs.map((r) => [r.retried, r.dead])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(receiver.requests).toHaveLength(3);
    const effect = (await api<Json>('GET', `/api/v1/outbox/${notificationId}`)).body;
    expect(effect).toMatchObject({ status: 'dead', lastError: 'HTTP 500: upstream unavailable' });
    expect(effect.attemptHistory.map((a: Json) => [a.outcome, a.httpStatus])).toEqual([
      ['retry', 500],
      ['retry', 500],
      ['failed', 500],
    ]);

    // The dead letter is an escalation with an owner, who is not notified about it (that
    // notification would go where the dead one could not), and the list says why.
    const open = (await api<Json>('GET', '/api/v1/escalations?status=open')).body;
    expect(open.counts.open).toBe(2);
    const failed = open.items.find((e: Json) => e.kind === 'dead_letter');
    expect(failed).toMatchObject({
      level: 1,
      owner: { name: 'Admin' },
      ownerReason: 'owner of queue Default queue',
      ticket: { id: ticket.id },
      effect: { id: notificationId, kind: 'webhook.notification', status: 'dead', attempts: 3 },
      summary: 'Failed delivery of webhook.notification after 3 attempts for “Invoice missing”',
      notNotifiedReason: expect.stringContaining('itself a notification'),
      canResolve: true,
    });
    const dead = await api<Json>('GET', '/api/v1/outbox?status=dead');
    expect(dead.body.counts).toMatchObject({ dead: 1, pending: 0 });
    const events = await app.services.db.query<{ action: string }>(
      `SELECT action FROM events WHERE subject_id = $1 OR payload->>'escalationId' = $2 ORDER BY seq`,
      [notificationId, failed.id],
    );
    expect(events.map((e) => e.action)).toEqual(['outbox.dead_lettered', 'escalation.opened']);

    // Fixed, replayed and delivered: the next sweep closes the escalation on its own.
    receiver.otherwise({ status: 200, body: 'ok' });
    expect((await api<Json>('POST', `/api/v1/outbox/${notificationId}/replay`)).status).toBe(200);
    await deliverDueEffects(app.services.db, app.services.effectHandlers, {
      workerId: 'escalations-test',
      clock,
      policy,
      onDeadLetter: app.services.onDeadLetter,
    });
    expect((await escalateOverdue(app.services, clock.now())).resolved).toBe(1);
    const resolved = await api<Json>('GET', `/api/v1/escalations/${failed.id}`);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolvedByName: 'Triage outbox',
      resolutionNote: expect.stringContaining('replayed and delivered'),
    });
    expect((await verifyEventChain(app.services.db, app.workspaceId)).ok).toBe(true);
  });

  it('shows each person what is theirs, and lets only the owners or an admin resolve', async () => {
    const created = await api<Json>('POST', '/api/v1/users', {
      email: 'rita@example.com',
      name: 'Rita',
      password: 'a long enough password',
      role: 'reviewer',
    });
    expect(created.status).toBe(201);
    const rita = await logIn('rita@example.com', 'a long enough password');
    const admin = await logIn(app.adminEmail, app.adminPassword);

    const mine = (await admin<Json>('GET', '/api/v1/escalations?mine=true')).body;
    expect(mine.counts.mineOpen).toBe(1);
    expect(mine.items).toEqual([
      expect.objectContaining({ kind: 'overdue_review', owner: expect.objectContaining({ name: 'Admin' }) }),
    ]);
    const seenByRita = (await rita<Json>('GET', '/api/v1/escalations')).body;
    expect(seenByRita.items).toHaveLength(1);
    expect(seenByRita.items[0].canResolve).toBe(false);
    expect((await rita<Json>('GET', '/api/v1/escalations?mine=true')).body).toMatchObject({
      items: [],
      counts: { mineOpen: 0 },
    });

    const id = mine.items[0].id;
    const refused = await rita<Json>('POST', `/api/v1/escalations/${id}/resolve`, { note: 'done' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', message: expect.stringContaining('Only Admin') });
    const empty = await admin<Json>('POST', `/api/v1/escalations/${id}/resolve`, { note: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('validation_failed');

    const done = await admin<Json>('POST', `/api/v1/escalations/${id}/resolve`, {
      note: 'Categorised it myself; the queue needs a second member.',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'resolved', resolvedByName: 'Admin' });
    expect((await admin<Json>('POST', `/api/v1/escalations/${id}/resolve`, { note: 'again' })).status).toBe(
      409,
    );
    const history = (await admin<Json>('GET', `/api/v1/escalations?status=resolved`)).body;
    expect(history.items.map((e: Json) => e.id)).toContain(id);
    expect(history.counts).toMatchObject({ open: 0, mineOpen: 0 });
  });

  it('answers 404, 400 and 403 where it should, and documents the routes', async () => {
    const missing = await api<Json>('GET', '/api/v1/escalations/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect((await api<Json>('GET', '/api/v1/escalations?status=closed')).status).toBe(400);
    expect((await api<Json>('GET', '/api/v1/escalations?owner=me')).status).toBe(400);
    const key = await api<Json>('POST', '/api/v1/api-keys', { name: 'helpdesk', role: 'integration' });
    const integration = apiClient(app.url, { apiKey: key.body.key });
    expect((await integration<Json>('GET', '/api/v1/escalations')).status).toBe(403);
    const doc = await api<Json>('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/escalations',
        '/api/v1/escalations/{id}',
        '/api/v1/escalations/{id}/resolve',
      ]),
    );
  });
});
