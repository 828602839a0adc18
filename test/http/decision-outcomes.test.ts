import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory } from '../../src/modules/demo/index.js';
import { escalateOverdue } from '../../src/modules/escalations/index.js';
import { verifyEventChain } from '../../src/platform/events/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

// Walks tickets through every outcome of the decision policy over HTTP, with a real model, and
// checks what is stored and the events written.
describe.each(targets)('decision outcomes on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let billing: Json;
  let n = 0;

  const clearBilling = {
    subject: 'Charged twice for the same invoice',
    body: 'Our card was charged twice for this month’s invoice. Please refund the duplicate payment.',
  };
  const send = async (content: { subject?: string; body: string }) => {
    const created = await api<Json>('POST', '/api/v1/tickets', {
      source: 'api',
      externalId: `t-${n++}`,
      ...content,
    });
    expect(created.status).toBe(201);
    const view = await api<Json>('GET', `/api/v1/tickets/${created.body.id}`);
    const events = view.body.history.filter((h: Json) => h.action === 'decision.made');
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({
      outcome: view.body.decision.outcome,
      rule: view.body.decision.rule,
    });
    return view.body;
  };
  const policy = (changes: Json) => api<Json>('PATCH', '/api/v1/decision-policy', changes);
  const autonomy = (value: string) =>
    api<Json>('PATCH', `/api/v1/categories/${billing.id}`, { autonomy: value });

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
    api = apiClient(app.url, { apiKey: app.apiKey });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  it('needs review, model unavailable: no model trained yet', async () => {
    const ticket = await send(clearBilling);
    expect(ticket.decision).toMatchObject({
      outcome: 'needs_review',
      reason: 'model_unavailable',
      category: null,
    });
    expect(ticket.reviewItem).toMatchObject({ status: 'open', reason: 'model_unavailable' });
    expect(ticket.prediction).toBeNull();

    const rows = generateDemoHistory({ seed: 11, count: 700 }).map((t) => ({
      externalId: t.externalId,
      subject: t.subject,
      body: t.body,
      category: t.category,
    }));
    expect((await api('POST', '/api/v1/history/import', { rows, createCategories: true })).status).toBe(200);
    expect((await api('POST', '/api/v1/models/train')).status).toBe(201);
    const categories = await api<Json>('GET', '/api/v1/categories');
    const predicted = (await send(clearBilling)).prediction.category.id;
    billing = categories.body.items.find((c: Json) => c.id === predicted);
    expect(billing.autonomy).toBe('auto');
  });

  it('serves and changes the workspace policy, validating input', async () => {
    expect((await api<Json>('GET', '/api/v1/decision-policy')).body).toEqual({
      targetPrecision: 0.99,
      suggestThreshold: 0.2,
      outOfScopeCutoff: null,
    });
    const bad = await policy({ targetPrecision: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect((await policy({})).status).toBe(400);
    // A loose target so that a clear ticket is certain to clear its category's threshold.
    const changed = await policy({ targetPrecision: 0.5 });
    expect(changed.body.targetPrecision).toBe(0.5);
  });

  it('applied: a clear ticket of an auto category above its threshold', async () => {
    const ticket = await send(clearBilling);
    expect(ticket.decision).toMatchObject({ outcome: 'applied', reason: null, category: { id: billing.id } });
    // The AI's own decision is not a label: only people's word is trained on.
    expect(ticket.labels).toEqual([]);
    expect(ticket.decision.rule).toMatch(/≥ auto threshold .* \(target precision 0\.5\)/);
    expect(ticket.decision.inputs).toMatchObject({ stage: 'auto', autonomy: 'auto', targetPrecision: 0.5 });
    expect(ticket.category.id).toBe(billing.id);
    expect(ticket.categorySetBy).toBe('ai');
    expect(ticket.reviewItem).toBeNull();
  });

  it('suggested: the same ticket when the category is set to suggest only', async () => {
    expect((await autonomy('suggest')).body.autonomy).toBe('suggest');
    const ticket = await send(clearBilling);
    expect(ticket.decision).toMatchObject({ outcome: 'suggested', category: { id: billing.id } });
    expect(ticket.decision.rule).toContain('set to suggest only');
    expect(ticket.reviewItem).toMatchObject({ status: 'open', reason: 'suggestion' });
    expect(ticket.category).toBeNull();
  });

  it('needs review, low confidence: below the suggest threshold', async () => {
    await policy({ suggestThreshold: 1 });
    const ticket = await send(clearBilling);
    expect(ticket.decision).toMatchObject({ outcome: 'needs_review', reason: 'low_confidence' });
    expect(ticket.reviewItem).toMatchObject({ reason: 'low_confidence' });
    await policy({ suggestThreshold: 0.2 });
  });

  it('needs review, human only: the AI neither applies nor suggests', async () => {
    await autonomy('human_only');
    const ticket = await send(clearBilling);
    expect(ticket.decision).toMatchObject({ outcome: 'needs_review', reason: 'human_only', category: null });
    expect(ticket.decision.rule).toContain('human-only');
    // The prediction is still recorded, for the record and for later evaluation.
    expect(ticket.prediction.category.id).toBe(billing.id);
    await autonomy('auto');
  });

  it('needs review, out of scope: a text unlike any category, and a workspace cut-off override', async () => {
    const foreign = await send({ body: 'Quel temps fera-t-il demain à Lyon pour le match de rugby ?' });
    expect(foreign.decision).toMatchObject({ outcome: 'needs_review', reason: 'out_of_scope' });
    expect(foreign.decision.rule).toContain('fits no category');
    await policy({ outOfScopeCutoff: 0 });
    const strict = await send(clearBilling);
    expect(strict.decision).toMatchObject({ outcome: 'needs_review', reason: 'out_of_scope' });
    expect(strict.decision.inputs.outOfScopeCutoff).toBe(0);
    await policy({ outOfScopeCutoff: null });
  });

  it('re-decides when the subject or body changes, and when the customer replies', async () => {
    const clearLogin = 'I cannot log in: the password reset e-mail never arrives and my account is locked.';
    const vague = await api<Json>('POST', '/api/v1/tickets', {
      source: 'api',
      externalId: `t-${n++}`,
      requester: 'ann@example.com',
      subject: 'Question',
      body: 'Hello, a question please.',
    });
    const decisionsOf = async (id: string) =>
      (await api<Json>('GET', `/api/v1/tickets/${id}`)).body.history.filter(
        (h: Json) => h.action === 'decision.made',
      );
    expect(await decisionsOf(vague.body.id)).toHaveLength(1);

    // A comment by someone else is not the customer saying more: no re-decision.
    await api('POST', `/api/v1/tickets/${vague.body.id}/activities`, {
      eventId: 'c-1',
      kind: 'comment',
      author: 'agent@example.com',
      body: clearBilling.body,
    });
    expect(await decisionsOf(vague.body.id)).toHaveLength(1);
    // The customer's reply is.
    await api('POST', `/api/v1/tickets/${vague.body.id}/activities`, {
      eventId: 'c-2',
      kind: 'comment',
      author: 'Ann@Example.com',
      body: clearBilling.body,
    });
    const afterReply = await api<Json>('GET', `/api/v1/tickets/${vague.body.id}`);
    expect(await decisionsOf(vague.body.id)).toHaveLength(2);
    expect(afterReply.body.decision).toMatchObject({ outcome: 'applied', category: { id: billing.id } });
    expect(afterReply.body.reviewItem?.status ?? 'resolved').toBe('resolved');

    // The subject and body change to another matter: decided again, the AI's category replaced.
    const patched = await api<Json>('PATCH', `/api/v1/tickets/${vague.body.id}`, {
      eventId: 'u-1',
      subject: 'Locked out',
      body: clearLogin,
    });
    expect(patched.status).toBe(200);
    expect(await decisionsOf(vague.body.id)).toHaveLength(3);
    expect(patched.body.decision.category?.id ?? null).not.toBe(billing.id);
    // A retry of the same update changes nothing.
    await api('PATCH', `/api/v1/tickets/${vague.body.id}`, {
      eventId: 'u-1',
      subject: 'Locked out',
      body: clearLogin,
    });
    expect(await decisionsOf(vague.body.id)).toHaveLength(3);
  });

  it('never overwrites a category a person set: the re-decision is skipped and recorded', async () => {
    await autonomy('suggest');
    const ticket = await send(clearBilling);
    expect(ticket.decision.outcome).toBe('suggested');
    const accepted = await api<Json>('POST', `/api/v1/review/${ticket.reviewItem.id}/accept`);
    expect(accepted.status).toBe(200);
    await autonomy('auto');
    const patched = await api<Json>('PATCH', `/api/v1/tickets/${ticket.id}`, {
      eventId: 'u-2',
      body: 'Actually the password reset link is broken and I am locked out.',
    });
    expect(patched.body.applied).toBe(true);
    const after = (await api<Json>('GET', `/api/v1/tickets/${ticket.id}`)).body;
    expect(after.category.id).toBe(billing.id);
    expect(after.categorySetBy).toBe('human');
    const actions = after.history.map((h: Json) => h.action);
    expect(actions.filter((a: string) => a === 'decision.made')).toHaveLength(1);
    expect(actions).toContain('decision.kept');
  });

  it('backtests the workspace history with its real policy, and a proposed autonomy, writing nothing', async () => {
    const [before] = await handle.db.query<{ n: number }>('SELECT count(*)::int AS n FROM decisions');
    const real = await api<Json>('POST', '/api/v1/decision-policy/backtest', {});
    expect(real.status).toBe(200);
    // The imported history plus the ticket accepted in review above.
    expect(real.body.tickets + real.body.trainTickets).toBe(701);
    expect(real.body.autoShare + real.body.suggestShare + real.body.reviewShare).toBeCloseTo(1, 9);
    expect(real.body.policy.targetPrecision).toBe(0.5);
    const cautious = await api<Json>('POST', '/api/v1/decision-policy/backtest', {
      autonomy: { [billing.id]: 'human_only' },
    });
    expect(cautious.body.autonomy[billing.id]).toBe('human_only');
    expect(cautious.body.reviewReasons.human_only).toBeGreaterThan(0);
    expect(cautious.body.autoShare).toBeLessThan(real.body.autoShare);
    const [after] = await handle.db.query<{ n: number }>('SELECT count(*)::int AS n FROM decisions');
    expect(after!.n).toBe(before!.n);
    const unknown = await api<Json>('POST', '/api/v1/decision-policy/backtest', {
      autonomy: { '00000000-0000-4000-8000-000000000000': 'auto' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_category');
  });

  it('forecasts review items and person-hours per queue at the current policy', async () => {
    const loose = await api<Json>('GET', '/api/v1/decision-policy/forecast?days=30&minutesPerItem=2');
    expect(loose.status).toBe(200);
    expect(loose.body.queues.length).toBeGreaterThanOrEqual(1);
    const items = (f: Json) => f.queues.reduce((sum: number, q: Json) => sum + q.itemsPerDay, 0);
    const queue = loose.body.queues[0];
    expect(queue.personHoursPerDay).toBeCloseTo((queue.itemsPerDay * loose.body.minutesPerItem) / 60, 9);
    // Everything to people: every recent ticket becomes a review item.
    await autonomy('human_only');
    const strict = await api<Json>('GET', '/api/v1/decision-policy/forecast?days=30&minutesPerItem=2');
    expect(items(strict.body)).toBeGreaterThan(items(loose.body));
    await autonomy('auto');
    expect((await api<Json>('GET', '/api/v1/decision-policy/forecast?days=0')).status).toBe(400);
  });

  it('escalated: a review item past its deadline goes to its queue owner, named in the rule', async () => {
    await autonomy('suggest');
    const ticket = await send(clearBilling);
    expect(ticket.decision.outcome).toBe('suggested');
    const dueAt = new Date(ticket.history.find((h: Json) => h.action === 'review.opened').payload.dueAt);
    // The worker sweeps on a timer; here the sweep runs once, a minute after the deadline.
    const sweptAt = new Date(dueAt.getTime() + 60_000);
    expect((await escalateOverdue(app.services, sweptAt)).opened).toBeGreaterThanOrEqual(1);

    const after = (await api<Json>('GET', `/api/v1/tickets/${ticket.id}`)).body;
    expect(after.decision).toMatchObject({
      outcome: 'escalated',
      reason: 'overdue',
      category: { id: billing.id },
    });
    expect(after.decision.rule).toMatch(
      /^review item overdue since .* UTC; escalated to Admin, owner of queue Default queue$/,
    );
    expect(after.reviewItem).toMatchObject({ id: ticket.reviewItem.id, status: 'open' });
    const tail = after.history.slice(-2);
    expect(tail.map((h: Json) => h.action)).toEqual(['escalation.opened', 'decision.made']);
    expect(tail[0]).toMatchObject({
      actorType: 'system',
      actorName: 'Triage escalations',
      payload: { kind: 'overdue_review', level: 1, ownerName: 'Admin', reviewItemId: ticket.reviewItem.id },
    });
    expect(tail[1].payload).toMatchObject({ outcome: 'escalated', rule: after.decision.rule });

    const listed = await api<Json>('GET', '/api/v1/escalations?status=open');
    const escalation = listed.body.items.find((e: Json) => e.ticket?.id === ticket.id);
    expect(escalation).toMatchObject({
      kind: 'overdue_review',
      level: 1,
      owner: { name: 'Admin' },
      ownerReason: 'owner of queue Default queue',
      since: dueAt.toISOString(),
      summary: `Overdue review of “${clearBilling.subject}” in Default queue`,
    });
    await autonomy('auto');
  });

  it('records every policy change as an event in an intact chain', async () => {
    const [row] = await handle.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM events WHERE action = 'decision_policy.updated'`,
    );
    expect(row!.count).toBe(5);
    const [ws] = await handle.db.query<{ id: string }>('SELECT id FROM workspaces');
    expect((await verifyEventChain(handle.db, ws!.id)).ok).toBe(true);
  });
});
