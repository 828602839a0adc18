import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory } from '../../src/modules/demo/index.js';
import { verifyEventChain } from '../../src/platform/events/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { addPerson, apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;
type Client = ReturnType<typeof apiClient>;

// Disputes over HTTP, as people with sessions: an agent disputes a decision the AI applied
// and one a reviewer made, the category's owner upholds one and overturns the other, and
// everyone else who tries is refused with the right code.
describe.each(targets)('disputes over HTTP on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let admin: Client;
  const as: Record<'olga' | 'andy' | 'rita' | 'lee', Client> = {} as never;
  const ids: Record<string, string> = {};
  let billing: Json;
  let other: Json;
  let aiTicket: Json;
  let humanTicket: Json;
  let aiDispute: Json;
  let humanDispute: Json;
  // Applied before any ruling: a ruling is learned online at once, so the same text sent after an
  // overturn is no longer applied to billing and has nothing to dispute.
  let spareTicket: Json;
  let n = 0;

  const clearBilling = {
    subject: 'Charged twice for the same invoice',
    body: 'Our card was charged twice for this month’s invoice. Please refund the duplicate payment.',
  };
  const send = async () => {
    const res = await admin<Json>('POST', '/api/v1/tickets', {
      source: 'api',
      externalId: `d-${n++}`,
      ...clearBilling,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const ticket = async (id: string) => (await admin<Json>('GET', `/api/v1/tickets/${id}`)).body;

  async function person(key: keyof typeof as, name: string, role: string) {
    const added = await addPerson(app.url, admin, { email: `${key}@example.com`, name, role });
    ids[key] = added.id;
    as[key] = added.client;
  }

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
    admin = apiClient(app.url, { apiKey: app.apiKey });
    const rows = generateDemoHistory({ seed: 11, count: 700 }).map((t) => ({
      externalId: t.externalId,
      subject: t.subject,
      body: t.body,
      category: t.category,
    }));
    expect((await admin('POST', '/api/v1/history/import', { rows, createCategories: true })).status).toBe(
      200,
    );
    expect((await admin('POST', '/api/v1/models/train')).status).toBe(201);
    // A loose target so that the clear ticket is certain to be applied by the AI.
    await admin('PATCH', '/api/v1/decision-policy', { targetPrecision: 0.5 });
    await person('olga', 'Olga Owner', 'reviewer');
    await person('andy', 'Andy Agent', 'agent');
    await person('rita', 'Rita Reviewer', 'reviewer');
    await person('lee', 'Lee Lead', 'lead');
    // Rita works the default review queue, where the suggestion below will wait.
    const queues = (await admin<Json>('GET', '/api/v1/review/queues')).body.items;
    const defaultQueue = queues.find((q: Json) => q.isDefault);
    const members = await admin('PUT', `/api/v1/review/queues/${defaultQueue.id}/members`, {
      userIds: [ids.rita],
    });
    expect(members.status).toBe(200);

    aiTicket = await send();
    expect(aiTicket.decision.outcome).toBe('applied');
    spareTicket = await send();
    expect(spareTicket.decision.outcome).toBe('applied');
    const categories = (await admin<Json>('GET', '/api/v1/categories')).body.items;
    billing = categories.find((c: Json) => c.id === aiTicket.category.id);
    other = categories.find((c: Json) => c.id !== billing.id);
    await admin('PATCH', `/api/v1/categories/${billing.id}`, { ownerUserId: ids.olga, autonomy: 'suggest' });
    // The same text with billing on suggest only: Rita accepts the suggestion, a person's label.
    const suggested = await send();
    expect(suggested.reviewItem.status).toBe('open');
    expect((await as.rita('POST', `/api/v1/review/${suggested.reviewItem.id}/accept`)).status).toBe(200);
    humanTicket = await ticket(suggested.id);
    expect(humanTicket).toMatchObject({ category: { id: billing.id }, categorySetBy: 'human' });
    await admin('PATCH', `/api/v1/categories/${billing.id}`, { autonomy: 'auto' });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  it('raises a dispute on an AI-applied ticket and on a human-labelled one', async () => {
    const ai = await as.andy<Json>('POST', `/api/v1/tickets/${aiTicket.id}/disputes`, {
      reason: 'The customer asks about a refund policy, not a duplicate charge.',
    });
    expect(ai.status).toBe(201);
    expect(ai.body).toMatchObject({
      status: 'open',
      ticketId: aiTicket.id,
      disputed: { category: { id: billing.id }, actorType: 'ai', modelVersion: 1 },
      raisedBy: { id: ids.andy, name: 'Andy Agent' },
      ruler: { id: ids.olga, name: 'Olga Owner' },
      canWithdraw: true,
    });
    aiDispute = ai.body;

    const human = await as.andy<Json>('POST', `/api/v1/tickets/${humanTicket.id}/disputes`, {
      reason: `This is ${other.name}.`,
      proposedCategory: other.key,
    });
    expect(human.status).toBe(201);
    expect(human.body.disputed).toMatchObject({
      actorType: 'user',
      actorId: ids.rita,
      actorName: 'Rita Reviewer',
    });
    expect(human.body.proposedCategory.id).toBe(other.id);
    humanDispute = human.body;
  });

  it('answers 409 for a second open dispute, 400 and 422 for bad input, 403 without a person', async () => {
    const second = await as.rita<Json>('POST', `/api/v1/tickets/${aiTicket.id}/disputes`, {
      reason: 'Me too',
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'conflict', details: { disputeId: aiDispute.id } });

    const fresh = (await send()).id;
    const raise = (body: unknown) => as.andy<Json>('POST', `/api/v1/tickets/${fresh}/disputes`, body);
    for (const body of [
      {},
      { reason: '   ' },
      { reason: 'x'.repeat(2_001) },
      { reason: 'ok', colour: 'red' },
    ]) {
      const res = await raise(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const unknown = await raise({ reason: 'ok', proposedCategory: 'no-such-category' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_category');
    expect(
      (
        await as.andy<Json>('POST', '/api/v1/tickets/00000000-0000-4000-8000-000000000000/disputes', {
          reason: 'ok',
        })
      ).status,
    ).toBe(404);

    const byKey = await admin<Json>('POST', `/api/v1/tickets/${fresh}/disputes`, { reason: 'ok' });
    expect(byKey.status).toBe(403);
    expect(byKey.body.message).toMatch(/people/);
    const integration = await admin<Json>('POST', '/api/v1/api-keys', {
      name: 'helpdesk',
      role: 'integration',
    });
    const viaIntegration = await apiClient(app.url, { apiKey: integration.body.key })<Json>(
      'POST',
      `/api/v1/tickets/${fresh}/disputes`,
      { reason: 'ok' },
    );
    expect(viaIntegration.body.code).toBe('forbidden');
  });

  it('lists the open disputes for the owner to rule, and none for the lead', async () => {
    const olga = await as.olga<Json>('GET', '/api/v1/disputes?view=to_rule');
    expect(olga.body.items.map((d: Json) => d.id)).toEqual([aiDispute.id, humanDispute.id]);
    expect(olga.body.items.every((d: Json) => d.canRule)).toBe(true);
    expect((await as.lee<Json>('GET', '/api/v1/disputes?view=to_rule')).body.total).toBe(0);
    const bad = await as.lee<Json>('GET', '/api/v1/disputes?view=everything');
    expect(bad.status).toBe(400);
  });

  it('refuses a ruling by a lead who is not the owner (403) and by the raiser (403)', async () => {
    const lead = await as.lee<Json>('POST', `/api/v1/disputes/${aiDispute.id}/rule`, {
      category: billing.id,
    });
    expect(lead.status).toBe(403);
    expect(lead.body).toMatchObject({ code: 'forbidden', message: expect.stringContaining('Olga Owner') });
    const raiser = await as.andy<Json>('POST', `/api/v1/disputes/${aiDispute.id}/rule`, {
      category: billing.id,
    });
    expect(raiser.status).toBe(403);
    expect(raiser.body.message).toMatch(/You raised this dispute/);
    const noCategory = await as.olga<Json>('POST', `/api/v1/disputes/${aiDispute.id}/rule`, {});
    expect(noCategory.status).toBe(400);
    const unknown = await as.olga<Json>('POST', `/api/v1/disputes/${aiDispute.id}/rule`, {
      category: 'nope',
    });
    expect(unknown.status).toBe(422);
  });

  it("upholds the AI's decision: a 'dispute' label on the same category, set by a person", async () => {
    const res = await as.olga<Json>('POST', `/api/v1/disputes/${aiDispute.id}/rule`, {
      category: billing.key,
      note: 'A duplicate charge is billing.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ruled',
      ruling: {
        outcome: 'upheld',
        category: { id: billing.id },
        ruledBy: { id: ids.olga },
        note: 'A duplicate charge is billing.',
      },
    });
    const view = await ticket(aiTicket.id);
    expect(view).toMatchObject({ category: { id: billing.id }, categorySetBy: 'human' });
    const actions = view.history.map((h: Json) => h.action);
    expect(actions.slice(-3)).toEqual(['dispute.raised', 'label.recorded', 'dispute.ruled']);
    const label = view.history.find((h: Json) => h.action === 'label.recorded');
    expect(label).toMatchObject({
      actorName: 'Olga Owner',
      payload: { kind: 'dispute', reasonCode: 'dispute_upheld', categoryId: billing.id },
    });
    // The ruling is learned at once by the champion (model v1), and listed among the ticket's labels.
    expect(res.body.learning).toMatchObject({ state: 'learned', modelVersion: 1 });
    expect(view.labels.at(-1)).toMatchObject({
      kind: 'dispute',
      reasonCode: 'dispute_upheld',
      actorName: 'Olga Owner',
      to: { id: billing.id },
      learning: { state: 'learned_online', modelVersion: 1 },
    });
    const ruled = view.history.at(-1);
    expect(ruled).toMatchObject({
      actorType: 'user',
      actorName: 'Olga Owner',
      payload: {
        outcome: 'upheld',
        disputed: { actorType: 'ai', modelVersion: 1 },
        labelId: res.body.ruling.labelId,
      },
    });
    const again = await as.olga<Json>('POST', `/api/v1/disputes/${aiDispute.id}/rule`, {
      category: billing.id,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('dispute_not_open');
  });

  it("overturns Rita's label, and both parties see the outcome", async () => {
    const res = await as.olga<Json>('POST', `/api/v1/disputes/${humanDispute.id}/rule`, {
      category: other.name,
    });
    expect(res.body.ruling).toMatchObject({ outcome: 'overturned', category: { id: other.id } });
    const [label] = await handle.db.query<Json>(
      `SELECT kind, reason_code AS "reasonCode", category_id AS "categoryId",
              previous_category_id AS "previousCategoryId", actor_id AS "actorId"
         FROM labels WHERE id = $1`,
      [res.body.ruling.labelId],
    );
    expect(label).toEqual({
      kind: 'dispute',
      reasonCode: 'dispute_overturned',
      categoryId: other.id,
      previousCategoryId: billing.id,
      actorId: ids.olga,
    });
    expect(await ticket(humanTicket.id)).toMatchObject({
      category: { id: other.id },
      categorySetBy: 'human',
    });

    const raised = await as.andy<Json>('GET', '/api/v1/disputes?view=mine&status=ruled');
    expect(raised.body.items.map((d: Json) => [d.id, d.ruling.outcome])).toEqual([
      [humanDispute.id, 'overturned'],
      [aiDispute.id, 'upheld'],
    ]);
    const aboutRita = await as.rita<Json>('GET', '/api/v1/disputes?view=about_me');
    expect(aboutRita.body.items).toHaveLength(1);
    expect(aboutRita.body.items[0]).toMatchObject({ id: humanDispute.id, ruling: { outcome: 'overturned' } });
    const one = await as.rita<Json>('GET', `/api/v1/disputes/${humanDispute.id}`);
    expect(one.body).toMatchObject({ status: 'ruled', canRule: false, canWithdraw: false });
  });

  it('withdraws a dispute by its raiser only, once', async () => {
    const fresh = spareTicket.id;
    const raised = await as.rita<Json>('POST', `/api/v1/tickets/${fresh}/disputes`, { reason: 'Unsure' });
    expect((await as.andy<Json>('POST', `/api/v1/disputes/${raised.body.id}/withdraw`)).status).toBe(403);
    const withdrawn = await as.rita<Json>('POST', `/api/v1/disputes/${raised.body.id}/withdraw`);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', ruling: null });
    const again = await as.rita<Json>('POST', `/api/v1/disputes/${raised.body.id}/withdraw`);
    expect(again.body.code).toBe('dispute_not_open');
    const history = (await ticket(fresh)).history.map((h: Json) => h.action);
    expect(history.slice(-2)).toEqual(['dispute.raised', 'dispute.withdrawn']);
  });

  it('records every dispute change as an event in an intact chain', async () => {
    const rows = await handle.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM events WHERE action LIKE 'dispute.%' GROUP BY action ORDER BY action`,
    );
    expect(rows).toEqual([
      { action: 'dispute.raised', n: 3 },
      { action: 'dispute.ruled', n: 2 },
      { action: 'dispute.withdrawn', n: 1 },
    ]);
    expect((await verifyEventChain(handle.db, app.workspaceId)).ok).toBe(true);
  });

  it('documents the disputes routes in the OpenAPI document', async () => {
    const doc = (await admin<Json>('GET', '/api/v1/openapi.json')).body;
    expect(doc.paths['/api/v1/tickets/{id}/disputes'].post.tags).toEqual(['disputes']);
    expect(Object.keys(doc.paths['/api/v1/disputes/{id}/rule'])).toEqual(['post']);
    expect(doc.paths['/api/v1/disputes'].get.parameters.map((p: Json) => p.name)).toContain('view');
  });
});
