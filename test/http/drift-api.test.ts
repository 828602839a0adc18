import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedLiveDemoTicket, seedDemoWorkspace } from '../../src/modules/demo/index.js';
import { checkDrift } from '../../src/modules/drift/index.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../src/modules/notifications/test-support/webhook-receiver.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

// A topic none of the demo categories covers (a SaaS help desk has no category for event
// sponsorship), written the way different people would write about it.
const NEW_TOPIC = [
  [
    'Sponsorship package for your conference booth',
    'We would like to sponsor a booth at your user conference. What sponsorship packages and booth sizes are available?',
  ],
  [
    'Conference sponsorship enquiry',
    'Our company is interested in the gold sponsorship package for the conference. Is a booth included?',
  ],
  [
    'Booth at the annual conference',
    'Can we still book a sponsor booth at the annual conference? Please send the sponsorship prospectus.',
  ],
  [
    'Question about sponsoring the conference',
    'Which sponsorship tiers exist for the conference and how large is the exhibitor booth?',
  ],
  [
    'Sponsor booth pricing',
    'How much does a sponsor booth at your conference cost, and what does the sponsorship package include?',
  ],
  [
    'Silver sponsorship for the conference',
    'We want the silver sponsorship for this year’s conference; please reserve a booth for us.',
  ],
  [
    'Exhibitor booth and sponsorship',
    'Is there an exhibitor booth with the conference sponsorship package? We need the booth dimensions.',
  ],
  [
    'Conference booth sponsorship deadline',
    'When is the deadline to sign the conference sponsorship contract and choose a booth?',
  ],
] as const;

const ORDINARY_TICKETS = 80;

// Drift watch over HTTP: a stream of ordinary tickets raises no candidate new category; a
// stream with a new topic does, with the new-topic tickets as its examples, an owner, an event
// and a webhook in the outbox; checking again changes nothing.
describe.each(targets)('drift API on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let receiver: WebhookReceiver;
  const newTopicIds: string[] = [];

  const clusterAlerts = async () =>
    (await api<Json>('GET', '/api/v1/drift/alerts')).body.items.filter((a: Json) => a.kind === 'new_cluster');
  const eventsOf = async (action: string) =>
    app.services.db.query<{ subjectId: string; payload: Json }>(
      `SELECT subject_id AS "subjectId", payload FROM events WHERE workspace_id = $1 AND action = $2 ORDER BY seq`,
      [app.workspaceId, action],
    );

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
    api = apiClient(app.url, { apiKey: app.apiKey });
    receiver = await startWebhookReceiver();
    await seedDemoWorkspace(app.services, app.workspaceId, {
      ownerUserId: null,
      historySize: 700,
      liveTickets: 0,
    });
    const endpoint = await api<Json>('POST', '/api/v1/notification-endpoints', {
      name: 'Ops',
      url: receiver.url,
    });
    expect(endpoint.status).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await receiver?.close();
    await app?.close();
    await handle?.dispose();
  });

  it('raises no candidate new category for a stream of ordinary tickets', async () => {
    for (let i = 0; i < ORDINARY_TICKETS; i++) await feedLiveDemoTicket(app.services, app.workspaceId);
    // The ordinary stream has its share of tickets the model could not place: the check had
    // something to cluster, and found no topic among them.
    const [counted] = await app.services.db.query<{ unplaced: number }>(
      `SELECT count(*)::int AS unplaced FROM decisions
        WHERE workspace_id = $1 AND reason IN ('low_confidence', 'out_of_scope')`,
      [app.workspaceId],
    );
    expect(counted!.unplaced).toBeGreaterThanOrEqual(10);
    const check = await api<Json>('POST', '/api/v1/drift/check');
    expect(check.status).toBe(200);
    expect(await clusterAlerts()).toEqual([]);
  }, 300_000);

  it('raises one new-cluster alert for a new topic, with its tickets as examples, an owner, an event and a webhook', async () => {
    for (const [i, [subject, body]] of NEW_TOPIC.entries()) {
      const created = await api<Json>('POST', '/api/v1/tickets', {
        source: 'api',
        externalId: `topic-${i}`,
        subject,
        body,
      });
      expect(created.status).toBe(201);
      newTopicIds.push(created.body.id);
    }
    const check = await api<Json>('POST', '/api/v1/drift/check');
    expect(check.status).toBe(200);
    expect(check.body.opened).toBeGreaterThanOrEqual(1);

    const [alert, ...others] = await clusterAlerts();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      status: 'open',
      owner: { name: 'Admin' },
      ownerReason: 'admin: no drift owner is set',
      notNotifiedReason: null,
    });
    expect(alert.title).toMatch(/^Candidate new category “.+”: \d+ similar unmatched tickets$/);
    expect(alert.figures.topTerms.join(' ')).toMatch(/sponsor|booth|conference/);
    // The examples are new-topic tickets, never ordinary ones; and most of the topic was found.
    expect(alert.examples.length).toBe(5);
    for (const example of alert.examples) expect(newTopicIds).toContain(example.ticketId);
    expect(alert.members).toBeGreaterThanOrEqual(6);
    expect(alert.members).toBeLessThanOrEqual(NEW_TOPIC.length);

    const opened = await eventsOf('drift.alert_opened');
    expect(opened.filter((e) => e.subjectId === alert.id)).toHaveLength(1);
    expect(opened.find((e) => e.subjectId === alert.id)!.payload).toMatchObject({
      kind: 'new_cluster',
      ownerName: 'Admin',
      exampleTicketIds: alert.examples.map((e: Json) => e.ticketId),
    });

    const outbox = await api<Json>('GET', '/api/v1/outbox?status=pending&kind=webhook.notification');
    const webhook = outbox.body.items.find((e: Json) =>
      e.idempotencyKey.startsWith(`drift:${alert.id}:opened@`),
    );
    expect(webhook).toBeDefined();
    const effect = (await api<Json>('GET', `/api/v1/outbox/${webhook.id}`)).body;
    expect(effect.payload.message.text).toContain('Candidate new category');
    expect(JSON.stringify(effect.payload.message.blocks)).toContain(alert.examples[0].subject.slice(0, 20));
  }, 300_000);

  it('does not duplicate the alert, its event or its webhook when the check runs again', async () => {
    const before = (await api<Json>('GET', '/api/v1/drift/alerts')).body.items;
    const again = await api<Json>('POST', '/api/v1/drift/check');
    expect(again.body).toMatchObject({ opened: 0, resolved: 0 });
    // Two checks at once take turns and open nothing either.
    const both = await Promise.all([
      checkDrift(app.services, app.workspaceId, new Date()),
      checkDrift(app.services, app.workspaceId, new Date()),
    ]);
    expect(both.map((r) => r.opened)).toEqual([0, 0]);
    expect((await api<Json>('GET', '/api/v1/drift/alerts')).body.items).toEqual(before);
    expect(await eventsOf('drift.alert_opened')).toHaveLength(before.length);
    const outbox = await api<Json>('GET', '/api/v1/outbox?status=pending&kind=webhook.notification');
    expect(outbox.body.items.filter((e: Json) => e.idempotencyKey.startsWith('drift:'))).toHaveLength(
      before.length,
    );
  }, 300_000);

  it('is acknowledged and resolved by people with drift:manage, read by everyone, and closes by itself when the cluster is gone', async () => {
    const [alert] = await clusterAlerts();
    const ack = await api<Json>('POST', `/api/v1/drift/alerts/${alert.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedByName: expect.any(String) });
    // Acknowledged stays live: the next check updates, never reopens it.
    expect((await api<Json>('POST', '/api/v1/drift/check')).body.opened).toBe(0);

    // Two days later the topic's tickets have left the window: the alert closes with an event.
    const later = new Date(Date.now() + 2 * 86_400_000);
    const result = await checkDrift(app.services, app.workspaceId, later);
    expect(result.resolved).toBeGreaterThanOrEqual(1);
    const closed = (await api<Json>('GET', `/api/v1/drift/alerts/${alert.id}`)).body;
    expect(closed).toMatchObject({ status: 'resolved', resolvedAutomatically: true });
    const resolvedEvents = await eventsOf('drift.alert_resolved');
    expect(resolvedEvents.find((e) => e.subjectId === alert.id)?.payload).toMatchObject({ automatic: true });

    const again = await api<Json>('POST', `/api/v1/drift/alerts/${alert.id}/resolve`, { note: 'done' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');
    expect(
      (await api<Json>('POST', '/api/v1/drift/alerts/00000000-0000-4000-8000-000000000000/acknowledge'))
        .status,
    ).toBe(404);
  }, 300_000);

  it('lets a reviewer read alerts but not act on them', async () => {
    const ritaUser = await api<Json>('POST', '/api/v1/users', {
      email: 'rita@example.com',
      name: 'Rita',
      role: 'reviewer',
      password: 'a long enough password',
    });
    expect(ritaUser.status).toBe(201);
    const login = await apiClient(app.url)<Json>('POST', '/api/v1/auth/login', {
      email: 'rita@example.com',
      password: 'a long enough password',
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const rita = apiClient(app.url, { cookie, csrf: login.body.csrfToken });
    expect((await rita('GET', '/api/v1/drift/alerts?status=resolved')).status).toBe(200);
    const denied = await rita<Json>('POST', '/api/v1/drift/check');
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('forbidden');
    expect((await rita('PUT', '/api/v1/drift/settings', { ownerUserId: null })).status).toBe(403);

    // An admin makes Rita the drift owner; someone outside the workspace cannot be.
    const stranger = await api<Json>('PUT', '/api/v1/drift/settings', {
      ownerUserId: '00000000-0000-4000-8000-000000000000',
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.code).toBe('validation_failed');
    const set = await api<Json>('PUT', '/api/v1/drift/settings', { ownerUserId: ritaUser.body.id });
    expect(set.status).toBe(200);
    expect((await rita<Json>('GET', '/api/v1/drift/settings')).body).toEqual({
      owner: { id: ritaUser.body.id, name: 'Rita' },
    });
  });
});
