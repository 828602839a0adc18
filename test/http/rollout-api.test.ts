import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory } from '../../src/modules/demo/index.js';
import { recordLabel } from '../../src/modules/learning/index.js';
import { ticketStage } from '../../src/modules/rollout/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { addPerson, apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;
type Client = ReturnType<typeof apiClient>;

const clearBilling = {
  subject: 'Charged twice for the same invoice',
  body: 'Our card was charged twice for this month’s invoice. Please refund the duplicate payment.',
};

// The rollout ladder over HTTP: a pilot cohort's stage for one category moves off → shadow →
// suggest → auto only when the gates of each step pass and people other than the requester
// approve (two for auto), and steps back from auto by itself when precision falls below its
// gate — with an event, the reason, and a webhook notification in the outbox.
describe.each(targets)('rollout API on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let admin: Client;
  const as: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  let billing: Json;
  let other: Json;
  let pilot: Json;
  let control: Json;
  let n = 0;

  const send = async (assignee?: string) => {
    const res = await admin<Json>('POST', '/api/v1/tickets', {
      source: 'api',
      externalId: `r-${n++}`,
      ...clearBilling,
      ...(assignee ? { assignee } : {}),
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const cell = async (cohortId: string | null) =>
    (await admin<Json>('GET', '/api/v1/rollout')).body.cells.find(
      (c: Json) => c.cohortId === cohortId && c.categoryId === billing.id,
    );
  const eventsOf = async (action: string) =>
    app.services.db.query<{ payload: Json; actorName: string }>(
      `SELECT payload, actor_name AS "actorName" FROM events WHERE workspace_id = $1 AND action = $2 ORDER BY seq`,
      [app.workspaceId, action],
    );

  async function person(key: string, name: string, role: string) {
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
    // A loose target so that the clear billing ticket is certain to be applied at auto.
    await admin('PATCH', '/api/v1/decision-policy', { targetPrecision: 0.5 });
    await person('lee', 'Lee Lead', 'lead');
    await person('lena', 'Lena Lead', 'lead');
    await person('ada', 'Ada Admin', 'admin');
    await person('rep', 'Rae Rep', 'agent');
    await person('cam', 'Cam Control', 'agent');
    await person('vic', 'Vic Viewer', 'reviewer');
    // Ada and the rep work the default review queue, where the AI's review items wait.
    const queues = (await admin<Json>('GET', '/api/v1/review/queues')).body.items;
    const defaultQueue = queues.find((q: Json) => q.isDefault);
    await admin('PUT', `/api/v1/review/queues/${defaultQueue.id}/members`, { userIds: [ids.ada, ids.rep] });
    expect(
      (await admin('POST', '/api/v1/notification-endpoints', { name: 'Ops', url: 'http://127.0.0.1:9/hook' }))
        .status,
    ).toBe(201);
    const first = await send();
    expect(first.decision.outcome).toBe('applied');
    const categories = (await admin<Json>('GET', '/api/v1/categories')).body.items;
    billing = categories.find((c: Json) => c.id === first.category.id);
    other = categories.find((c: Json) => c.id !== billing.id);
    // Small gates, so that a handful of tickets can pass them; quality gates may roll back after 2 cases.
    const quality = { minSample: 2 };
    expect(
      (
        await admin('PUT', '/api/v1/rollout/gates/suggest', {
          gates: [
            { metric: 'decided_tickets', op: '>=', value: 3 },
            { metric: 'precision', op: '>=', value: 0.9, ...quality },
          ],
        })
      ).status,
    ).toBe(204);
    await admin('PUT', '/api/v1/rollout/gates/auto', {
      gates: [
        { metric: 'decided_tickets', op: '>=', value: 3 },
        { metric: 'precision', op: '>=', value: 0.9, ...quality },
        { metric: 'override', op: '<=', value: 0.2, ...quality },
      ],
    });
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  it('keeps people in the earliest cohort, and a control cohort and a new cohort show no AI', async () => {
    pilot = (await as.lee!<Json>('POST', '/api/v1/rollout/cohorts', { name: 'Pilot' })).body;
    const wave2 = (await as.lee!<Json>('POST', '/api/v1/rollout/cohorts', { name: 'Wave 2' })).body;
    control = (await as.lee!<Json>('POST', '/api/v1/rollout/cohorts', { name: 'Control', isControl: true }))
      .body;
    expect([pilot.position, wave2.position]).toEqual([1, 2]);
    expect((await as.vic!('POST', '/api/v1/rollout/cohorts', { name: 'Nope' })).status).toBe(403);
    await as.lee!('POST', `/api/v1/rollout/cohorts/${pilot.id}/members`, { userIds: [ids.rep] });
    await as.lee!('POST', `/api/v1/rollout/cohorts/${control.id}/members`, { userIds: [ids.cam] });
    const again = await as.lee!<Json>('POST', `/api/v1/rollout/cohorts/${wave2.id}/members`, {
      userIds: [ids.rep, ids.vic],
    });
    expect(again.body).toEqual({ added: [ids.vic], kept: [{ userId: ids.rep, cohortId: pilot.id }] });

    // The workspace default (no cohort) is auto, as before any rollout; a cohort starts off.
    expect((await send()).decision.outcome).toBe('applied');
    const offTicket = await send('REP@example.com');
    expect(offTicket.decision).toMatchObject({
      outcome: 'needs_review',
      reason: 'rollout_off',
      category: null,
    });
    expect(offTicket.prediction).toBeNull();
    expect(offTicket.reviewItem.status).toBe('open');
    const controlTicket = await send(ids.cam);
    expect(controlTicket.decision.reason).toBe('rollout_off');
    expect((await cell(control.id)).nextStage).toBeNull();
    expect(
      (await as.lee!('POST', '/api/v1/rollout/step-ups', { cohortId: control.id, categoryId: billing.id }))
        .status,
    ).toBe(409);
  }, 120_000);

  it('steps the pilot up only after the gates pass and someone other than the requester approves', async () => {
    // off → shadow has no gates: it waits for one approver, who cannot be the requester.
    const toShadow = await as.lee!<Json>('POST', '/api/v1/rollout/step-ups', {
      cohortId: pilot.id,
      categoryId: billing.id,
    });
    expect(toShadow.status).toBe(201);
    expect(toShadow.body).toMatchObject({
      fromStage: 'off',
      toStage: 'shadow',
      approvalsNeeded: 1,
      status: 'pending',
    });
    expect((await cell(pilot.id)).stage).toBe('off');
    const self = await as.lee!<Json>('POST', `/api/v1/rollout/step-ups/${toShadow.body.id}/approve`);
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('self_approval');
    expect((await admin('POST', `/api/v1/rollout/step-ups/${toShadow.body.id}/approve`)).status).toBe(403);
    const approved = await as.lena!<Json>('POST', `/api/v1/rollout/step-ups/${toShadow.body.id}/approve`);
    expect(approved.body.status).toBe('applied');
    expect((await cell(pilot.id)).stage).toBe('shadow');

    // Shadow: the prediction is recorded and measured, nobody sees it; the ticket still reaches a person.
    const shadowTickets = [
      await send('rep@example.com'),
      await send('rep@example.com'),
      await send('rep@example.com'),
    ];
    for (const t of shadowTickets) {
      expect(t.decision).toMatchObject({ outcome: 'needs_review', reason: 'rollout_shadow', category: null });
      expect(t.decision.inputs.shadowOutcome).toBe('applied');
      expect(t.prediction).toBeNull();
      expect(t.reviewItem.status).toBe('open');
    }
    const [recorded] = await app.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM predictions WHERE ticket_id = ANY($1::uuid[])`,
      [shadowTickets.map((t) => t.id)],
    );
    expect(recorded!.n).toBe(3);

    // shadow → suggest: nobody confirmed the shadow predictions yet, so precision has no value.
    const early = await as.lee!<Json>('POST', '/api/v1/rollout/step-ups', {
      cohortId: pilot.id,
      categoryId: billing.id,
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('gates_not_passed');
    expect((await cell(pilot.id)).nextGates.find((g: Json) => g.metric === 'precision')).toMatchObject({
      current: null,
      pass: false,
    });
    for (const t of shadowTickets) {
      expect(
        (await as.ada!('POST', `/api/v1/review/${t.reviewItem.id}/correct`, { category: billing.id })).status,
      ).toBe(200);
    }
    const gates = (await cell(pilot.id)).nextGates;
    expect(gates.map((g: Json) => [g.metric, g.current, g.pass])).toEqual([
      ['decided_tickets', 3, true],
      ['precision', 1, true],
    ]);
    const toSuggest = await as.lee!<Json>('POST', '/api/v1/rollout/step-ups', {
      cohortId: pilot.id,
      categoryId: billing.id,
    });
    expect(toSuggest.status).toBe(201);
    await as.lena!('POST', `/api/v1/rollout/step-ups/${toSuggest.body.id}/approve`);
    expect((await cell(pilot.id)).stage).toBe('suggest');
    const suggested = await send('rep@example.com');
    expect(suggested.decision.outcome).toBe('suggested');
    expect((await as.rep!('POST', `/api/v1/review/${suggested.reviewItem.id}/accept`)).status).toBe(200);

    // suggest → auto needs two approvers, neither of them the requester.
    const toAuto = await as.lee!<Json>('POST', '/api/v1/rollout/step-ups', {
      cohortId: pilot.id,
      categoryId: billing.id,
    });
    expect(toAuto.body).toMatchObject({ toStage: 'auto', approvalsNeeded: 2 });
    const one = await as.lena!<Json>('POST', `/api/v1/rollout/step-ups/${toAuto.body.id}/approve`);
    expect(one.body).toMatchObject({ status: 'pending', approvals: [{ userId: ids.lena }] });
    expect((await cell(pilot.id)).stage).toBe('suggest');
    expect((await as.lena!('POST', `/api/v1/rollout/step-ups/${toAuto.body.id}/approve`)).status).toBe(409);
    expect(
      (await as.lee!<Json>('POST', `/api/v1/rollout/step-ups/${toAuto.body.id}/approve`)).body.code,
    ).toBe('self_approval');
    const two = await as.ada!<Json>('POST', `/api/v1/rollout/step-ups/${toAuto.body.id}/approve`);
    expect(two.body.status).toBe('applied');
    expect((await cell(pilot.id)).stage).toBe('auto');
    const changes = await eventsOf('rollout.stage_changed');
    expect(changes.map((e) => [e.payload.from, e.payload.to])).toEqual([
      ['off', 'shadow'],
      ['shadow', 'suggest'],
      ['suggest', 'auto'],
    ]);
    expect(changes[2]!.payload.approvedBy).toEqual(['Lena Lead', 'Ada Admin']);
  }, 300_000);

  it('rolls auto back to suggest by itself when precision falls below its gate, with an event and a webhook', async () => {
    const applied = [
      await send('rep@example.com'),
      await send('rep@example.com'),
      await send('rep@example.com'),
    ];
    for (const t of applied) expect(t.decision.outcome).toBe('applied');
    // Nothing confirmed or changed yet at auto: nothing to roll back on.
    expect((await admin<Json>('POST', '/api/v1/rollout/check')).body).toEqual({
      evaluated: 1,
      rolledBack: 0,
    });
    // People change every applied category in their helpdesk.
    await app.services.db.transaction(async (tx) => {
      for (const t of applied) {
        await recordLabel(
          tx,
          app.services.clock,
          { workspaceId: app.workspaceId, actor: { type: 'user', id: ids.rep!, name: 'Rae Rep' } },
          { ticketId: t.id, categoryId: other.id, kind: 'helpdesk', reasonCode: 'helpdesk_change' },
        );
      }
    });
    const check = await admin<Json>('POST', '/api/v1/rollout/check');
    expect(check.body).toEqual({ evaluated: 1, rolledBack: 1 });
    const after = await cell(pilot.id);
    expect(after.stage).toBe('suggest');
    expect(after.rolledBackReason).toContain('precision 0 (gate >= 0.9, 3 cases)');
    const [rolledBack] = await eventsOf('rollout.rolled_back');
    expect(rolledBack!.actorName).toBe('Triage rollout gates');
    expect(rolledBack!.payload).toMatchObject({ from: 'auto', to: 'suggest', notified: 1 });
    expect(rolledBack!.payload.reason).toContain('precision');
    const outbox = await admin<Json>('GET', '/api/v1/outbox?status=pending&kind=webhook.notification');
    const webhook = outbox.body.items.find((e: Json) => e.idempotencyKey.startsWith('rollout:'));
    expect(webhook).toBeDefined();
    const effect = (await admin<Json>('GET', `/api/v1/outbox/${webhook.id}`)).body;
    expect(effect.payload.message.text).toContain('rolled back');
    // The pilot's billing tickets are at suggest again (the corrections also taught the model, so
    // the next one's prediction may differ: the stage is read directly), and it steps back only once.
    const next = await send('rep@example.com');
    expect(await ticketStage(app.services.db, app.workspaceId, next.id, billing.id)).toMatchObject({
      stage: 'suggest',
      cohortId: pilot.id,
    });
    expect((await admin<Json>('POST', '/api/v1/rollout/check')).body.rolledBack).toBe(0);
    const history = (await admin<Json>('GET', '/api/v1/rollout/history')).body.items;
    expect(history[0].action).toBe('rollout.rolled_back');
  }, 300_000);
});
