import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../../src/modules/notifications/index.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../src/modules/notifications/test-support/webhook-receiver.js';
import { verifyEventChain } from '../../src/platform/events/index.js';
import { deliverDueEffects } from '../../src/platform/outbox/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

describe.each(targets)('notification endpoints and outbox API on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let receiver: WebhookReceiver;

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

  it('adds an endpoint and never shows its URL or secret in full', async () => {
    const created = await api<Json>('POST', '/api/v1/notification-endpoints', {
      name: 'Ops channel',
      url: receiver.url,
      secret: 'a-signing-secret-of-some-length',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ops channel', signed: true, enabled: true });
    expect(created.body.urlHint).toBe(`${new URL(receiver.url).origin}/…iage`);
    const listed = await api<Json>('GET', '/api/v1/notification-endpoints');
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain('a-signing-secret');
    expect(JSON.stringify(listed.body)).not.toContain(receiver.url);
  });

  it.each([
    ['a URL that is not http(s)', { name: 'x', url: 'ftp://example.com/hook' }],
    ['a short secret', { name: 'x', url: 'https://example.com/hook', secret: 'short' }],
    ['an unknown field', { name: 'x', url: 'https://example.com/hook', channel: '#ops' }],
  ])('answers 400 for %s', async (_name, body) => {
    const res = await api<Json>('POST', '/api/v1/notification-endpoints', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('answers 409 for a second live endpoint with the same name, and frees the name when disabled', async () => {
    const first = await api<Json>('POST', '/api/v1/notification-endpoints', {
      name: 'Pager',
      url: 'https://example.com/pager',
    });
    const clash = await api<Json>('POST', '/api/v1/notification-endpoints', {
      name: 'pager',
      url: 'https://example.com/other',
    });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('conflict');
    const disabled = await api<Json>('POST', `/api/v1/notification-endpoints/${first.body.id}/disable`);
    expect(disabled.body).toMatchObject({ enabled: false, signed: false });
    const again = await api<Json>('POST', '/api/v1/notification-endpoints', {
      name: 'Pager',
      url: 'https://example.com/pager',
    });
    expect(again.status).toBe(201);
    await api('POST', `/api/v1/notification-endpoints/${again.body.id}/disable`);
  });

  it('lists a dead letter with its attempts, replays it once, and delivers it after the fix', async () => {
    const { db, clock } = app.services;
    receiver.answer({ status: 404, body: 'no_service' });
    await db.transaction((tx) =>
      notify(tx, app.workspaceId, {
        key: 'failure:import:1',
        orderingKey: 'import-1',
        title: 'Import failed',
        text: 'The nightly history import stopped at row 12.',
        occurredAt: clock.now(),
      }),
    );
    const options = { workerId: 'api-test', policy: app.services.outboxPolicy };
    await deliverDueEffects(db, app.services.effectHandlers, options);

    const dead = await api<Json>('GET', '/api/v1/outbox?status=dead');
    expect(dead.status).toBe(200);
    expect(dead.body.counts).toMatchObject({ dead: 1, pending: 0 });
    expect(dead.body.items).toHaveLength(1);
    const id = dead.body.items[0].id;
    expect(dead.body.items[0]).toMatchObject({
      kind: 'webhook.notification',
      lastError: 'HTTP 404: no_service',
    });
    const detail = await api<Json>('GET', `/api/v1/outbox/${id}`);
    expect(detail.body.attemptHistory).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'failed', httpStatus: 404, workerId: 'api-test' }),
    ]);
    expect(detail.body.payload.message.text).toBe(
      'Import failed: The nightly history import stopped at row 12.',
    );

    const replayed = await api<Json>('POST', `/api/v1/outbox/${id}/replay`);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ status: 'pending', attempts: 0 });
    const twice = await api<Json>('POST', `/api/v1/outbox/${id}/replay`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('conflict');
    expect(
      (await api<Json>('POST', '/api/v1/outbox/00000000-0000-4000-8000-000000000000/replay')).status,
    ).toBe(404);

    await deliverDueEffects(db, app.services.effectHandlers, options);
    const delivered = await api<Json>('GET', `/api/v1/outbox/${id}`);
    expect(delivered.body.status).toBe('delivered');
    expect(delivered.body.attemptHistory.map((a: Json) => a.outcome)).toEqual(['failed', 'delivered']);
    const actions = await db.query<{ action: string }>(
      `SELECT action FROM events WHERE subject_id = $1 ORDER BY seq`,
      [id],
    );
    expect(actions.map((a) => a.action)).toEqual(['outbox.dead_lettered', 'outbox.replayed']);
    expect((await verifyEventChain(db, app.workspaceId)).ok).toBe(true);
  });

  it('documents the new routes in the OpenAPI document', async () => {
    const doc = await api<Json>('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/outbox',
        '/api/v1/outbox/{id}',
        '/api/v1/outbox/{id}/replay',
        '/api/v1/notification-endpoints',
        '/api/v1/notification-endpoints/{id}/disable',
      ]),
    );
  });

  it('answers 403 when an integration key asks for the outbox or the endpoints', async () => {
    const created = await api<Json>('POST', '/api/v1/api-keys', { name: 'helpdesk', role: 'integration' });
    const integration = apiClient(app.url, { apiKey: created.body.key });
    for (const [method, path] of [
      ['GET', '/api/v1/outbox'],
      ['GET', '/api/v1/notification-endpoints'],
      ['POST', '/api/v1/outbox/00000000-0000-4000-8000-000000000000/replay'],
    ] as const) {
      const res = await integration<Json>(method, path);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
  });
});
