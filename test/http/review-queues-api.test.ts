import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEventChain } from '../../src/platform/events/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;
type Client = ReturnType<typeof apiClient>;

// Queues over HTTP: who may do what, and the machine-readable code for every refusal.
// No model is trained, so every ticket needs review and lands in the default queue.
describe.each(targets)('review queues API on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let admin: Client;
  const people: Record<'rita' | 'sam' | 'lea', { id: string; client: Client }> = {} as never;
  let defaultQueue: Json;
  let ticketSeq = 0;

  async function addPerson(name: 'rita' | 'sam' | 'lea', role: string) {
    const email = `${name}@example.com`;
    const password = 'a long enough password';
    const created = await admin<Json>('POST', '/api/v1/users', { email, name, password, role });
    expect(created.status).toBe(201);
    const login = await apiClient(app.url)<Json>('POST', '/api/v1/auth/login', { email, password });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    people[name] = {
      id: created.body.id,
      client: apiClient(app.url, { cookie, csrf: login.body.csrfToken }),
    };
  }

  /** A new ticket and its open item in the default queue. */
  async function newItem(): Promise<Json> {
    ticketSeq += 1;
    const ticket = await admin<Json>('POST', '/api/v1/tickets', {
      source: 'api',
      externalId: `q-${ticketSeq}`,
      subject: `Question ${ticketSeq}`,
      body: 'Where is my invoice?',
    });
    expect(ticket.body.decision.outcome).toBe('needs_review');
    const list = await admin<Json>('GET', `/api/v1/review?queue=${defaultQueue.id}&limit=200`);
    return list.body.items.find((i: Json) => i.ticketId === ticket.body.id);
  }

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
    admin = apiClient(app.url, { apiKey: app.apiKey });
    await addPerson('rita', 'reviewer');
    await addPerson('sam', 'reviewer');
    await addPerson('lea', 'lead');
    const queues = await admin<Json>('GET', '/api/v1/review/queues');
    defaultQueue = queues.body.items.find((q: Json) => q.isDefault);
    expect((await admin('POST', '/api/v1/categories', { name: 'Billing' })).status).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  it('starts with a default queue owned by the first admin', async () => {
    expect(defaultQueue).toMatchObject({ key: 'default', ownerName: 'Admin', slaMinutes: 1440 });
    expect(defaultQueue.members.map((m: Json) => m.name)).toEqual(['Admin']);
  });

  it('lets only people with queues:write manage queues, and names every bad input', async () => {
    const asReviewer = await people.rita.client<Json>('POST', '/api/v1/review/queues', {
      name: 'Mine',
      ownerUserId: people.rita.id,
      slaMinutes: 60,
    });
    expect(asReviewer.status).toBe(403);
    expect(asReviewer.body.code).toBe('forbidden');
    const lea = people.lea.client;
    for (const [body, code] of [
      [{ name: 'Zero', ownerUserId: people.lea.id, slaMinutes: 0 }, 'validation_failed'],
      [
        { name: 'Who', ownerUserId: '00000000-0000-4000-8000-000000000001', slaMinutes: 5 },
        'validation_failed',
      ],
      [{ name: 'Bad key', key: 'Not A Key', ownerUserId: people.lea.id, slaMinutes: 5 }, 'validation_failed'],
      [{ name: 'Extra', ownerUserId: people.lea.id, slaMinutes: 5, colour: 'red' }, 'validation_failed'],
    ] as const) {
      const res = await lea<Json>('POST', '/api/v1/review/queues', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
    }
    const created = await lea<Json>('POST', '/api/v1/review/queues', {
      name: 'Billing team',
      ownerUserId: people.lea.id,
      fallbackOwnerUserId: people.sam.id,
      slaMinutes: 120,
      memberIds: [people.rita.id],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'billing-team', slaMinutes: 120, isDefault: false });
    const assigned = await lea<Json>('POST', `/api/v1/review/queues/${created.body.id}/categories`, {
      category: 'billing',
    });
    expect(assigned.status).toBe(200);
    const unknown = await lea<Json>('POST', `/api/v1/review/queues/${created.body.id}/categories`, {
      category: 'nope',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_category');
    const patched = await lea<Json>('PATCH', `/api/v1/review/queues/${created.body.id}`, { slaMinutes: 30 });
    expect(patched.body.slaMinutes).toBe(30);
    const archiveDefault = await lea<Json>('DELETE', `/api/v1/review/queues/${defaultQueue.id}`);
    expect(archiveDefault.status).toBe(409);
    expect(archiveDefault.body.code).toBe('conflict');
  });

  it('refuses a claim by a non-member (403 not_queue_member) and a second claimant (409 item_already_claimed)', async () => {
    const item = await newItem();
    const rita = await people.rita.client<Json>('POST', `/api/v1/review/${item.id}/claim`);
    expect(rita.status).toBe(403);
    expect(rita.body.code).toBe('not_queue_member');
    const members = await admin<Json>('PUT', `/api/v1/review/queues/${defaultQueue.id}/members`, {
      userIds: [people.rita.id, people.sam.id],
    });
    expect(members.status).toBe(200);
    const sam = await people.sam.client<Json>('POST', `/api/v1/review/${item.id}/claim`);
    expect(sam.status).toBe(200);
    expect(sam.body.claimedBy).toBe(people.sam.id);
    const again = await people.rita.client<Json>('POST', `/api/v1/review/${item.id}/claim`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('item_already_claimed');
    const mine = await people.sam.client<Json>('GET', `/api/v1/review?queue=${defaultQueue.id}&filter=mine`);
    expect(mine.body.items.map((i: Json) => i.id)).toEqual([item.id]);
    expect(mine.body.items[0].claimedByName).toBe('sam');
    expect((await people.sam.client<Json>('POST', `/api/v1/review/${item.id}/release`)).status).toBe(200);
    expect((await people.rita.client<Json>('POST', `/api/v1/review/${item.id}/claim`)).status).toBe(200);
  });

  it('answers 400, 404 and 422 with codes for bad item requests', async () => {
    const item = await newItem();
    const rita = people.rita.client;
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/api/v1/review/not-a-uuid/claim', undefined, 400, 'validation_failed'],
      ['POST', '/api/v1/review/00000000-0000-4000-8000-000000000002/claim', undefined, 404, 'not_found'],
      ['POST', `/api/v1/review/${item.id}/none-fits`, {}, 400, 'validation_failed'],
      [
        'POST',
        `/api/v1/review/${item.id}/none-fits`,
        { suggestedCategory: 'BILLING' },
        400,
        'validation_failed',
      ],
      ['POST', `/api/v1/review/${item.id}/correct`, { category: 'nope' }, 422, 'unknown_category'],
      ['POST', `/api/v1/review/${item.id}/accept`, undefined, 400, 'validation_failed'],
      ['POST', '/api/v1/review/bulk-resolve', { itemIds: [], category: 'billing' }, 400, 'validation_failed'],
      ['GET', '/api/v1/review?filter=soon', undefined, 400, 'validation_failed'],
      ['PATCH', '/api/v1/review/settings', { secondReviewShare: 2 }, 403, 'forbidden'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await rita<Json>(method, path, body);
      expect([res.status, res.body.code], `${method} ${path} ${JSON.stringify(body)}`).toEqual([
        status,
        code,
      ]);
    }
    const badShare = await people.lea.client<Json>('PATCH', '/api/v1/review/settings', {
      secondReviewShare: 2,
    });
    expect([badShare.status, badShare.body.code]).toEqual([400, 'validation_failed']);
  });

  it('resolves "none fits" with a proposed category, and bulk-resolves all or nothing', async () => {
    const rita = people.rita.client;
    const lone = await newItem();
    const noneFits = await rita<Json>('POST', `/api/v1/review/${lone.id}/none-fits`, {
      suggestedCategory: 'Chargebacks',
    });
    expect(noneFits.status).toBe(200);
    expect(noneFits.body).toMatchObject({ resolution: 'none_fits', label: null, categoryId: null });

    const items = [await newItem(), await newItem(), await newItem()];
    expect((await people.sam.client('POST', `/api/v1/review/${items[1]!.id}/claim`)).status).toBe(200);
    const ids = items.map((i) => i.id);
    const refused = await rita<Json>('POST', '/api/v1/review/bulk-resolve', {
      itemIds: ids,
      category: 'billing',
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'item_already_claimed', details: { itemId: items[1]!.id } });
    const open = await admin<Json>('GET', `/api/v1/review?queue=${defaultQueue.id}&limit=200`);
    expect(ids.every((id) => open.body.items.some((i: Json) => i.id === id))).toBe(true);
    expect((await people.sam.client('POST', `/api/v1/review/${items[1]!.id}/release`)).status).toBe(200);
    const done = await rita<Json>('POST', '/api/v1/review/bulk-resolve', {
      itemIds: ids,
      category: 'billing',
    });
    expect(done.status).toBe(200);
    expect(done.body.resolved.map((r: Json) => r.resolution)).toEqual([
      'corrected',
      'corrected',
      'corrected',
    ]);
    const ticket = await admin<Json>('GET', `/api/v1/tickets/${items[0]!.ticketId}`);
    expect(ticket.body).toMatchObject({ category: { key: 'billing' }, categorySetBy: 'human' });
  });

  it('sends a sampled item to a blind second review by someone else, and reports agreement', async () => {
    const share = await people.lea.client<Json>('PATCH', '/api/v1/review/settings', { secondReviewShare: 1 });
    expect(share.body).toEqual({ secondReviewShare: 1 });
    const item = await newItem();
    const first = await people.rita.client<Json>('POST', `/api/v1/review/${item.id}/correct`, {
      category: 'billing',
    });
    const secondId = first.body.secondReviewItemId;
    expect(secondId).toEqual(expect.any(String));
    const forRita = await people.rita.client<Json>('GET', '/api/v1/review/second-reviews');
    expect(forRita.body.items.map((i: Json) => i.id)).not.toContain(secondId);
    const denied = await people.rita.client<Json>('POST', `/api/v1/review/${secondId}/accept`);
    expect([denied.status, denied.body.code]).toEqual([403, 'forbidden']);
    const forSam = await people.sam.client<Json>('GET', '/api/v1/review/second-reviews');
    expect(forSam.body.items.find((i: Json) => i.id === secondId)).toMatchObject({
      kind: 'second',
      ticketId: item.ticketId,
    });
    const second = await people.sam.client<Json>('POST', `/api/v1/review/${secondId}/correct`, {
      category: 'billing',
    });
    // The second answer is a 'review' label (it agreed here), which leaves the ticket's category alone.
    expect(second.body).toMatchObject({
      kind: 'second',
      label: { kind: 'review', reasonCode: 'second_review' },
    });
    const agreement = await admin<Json>('GET', '/api/v1/review/agreement');
    expect(agreement.body).toMatchObject({ pairs: 1, observed: 1 });
    expect(agreement.body.categories).toEqual([
      expect.objectContaining({ name: 'Billing', agreed: 1, involved: 1 }),
    ]);
    await people.lea.client('PATCH', '/api/v1/review/settings', { secondReviewShare: 0.05 });
  });

  it('keeps the audit chain intact and documents the routes', async () => {
    expect((await verifyEventChain(handle.db, app.workspaceId)).ok).toBe(true);
    const doc = await admin<Json>('GET', '/api/v1/openapi.json');
    expect(doc.body.paths['/api/v1/review/{id}/claim'].post).toBeDefined();
    expect(doc.body.paths['/api/v1/review/queues'].post).toBeDefined();
  });
});
