import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../platform/db/database.js';
import { systemActor } from '../../platform/events/index.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { insertUser } from '../access/index.js';
import type { Category } from '../categories/index.js';
import { createNotificationEndpoint } from '../notifications/index.js';
import {
  assignCategoryToQueue,
  createQueue,
  openReviewItem,
  type ReviewerContext,
  resolveItem,
  updateReviewSettings,
} from '../review/index.js';
import { type ReviewFixture, reviewFixture } from '../review/test-support/review-fixture.js';
import { escalateOverdue } from './escalate-overdue.js';
import { getEscalation } from './escalations-read-model.js';
import { resolveEscalation } from './resolve-escalation.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Person = ReviewerContext & { userId: string };

interface EscalationRow {
  id: string;
  kind: string;
  level: number;
  status: string;
  ownerUserId: string | null;
  ownerReason: string;
  dueAt: Date;
  resolvedBy: string | null;
  resolvedByName: string | null;
  resolutionNote: string | null;
  notNotifiedReason: string | null;
}

describe.each(targets)('escalating overdue review items on $name', (target) => {
  let handle: TestDatabase;
  let f: ReviewFixture;
  let olga: Person;
  let fred: Person;
  let ana: Person;
  let rita: Person;
  let ada: Person;
  let billing: Category;
  let refunds: Category;
  let endpointId: string;

  const sweep = () => escalateOverdue(f, f.clock.now());
  const escalationsOf = (itemId: string) =>
    f.db.query<EscalationRow>(
      `SELECT id, kind, level, status, owner_user_id AS "ownerUserId", owner_reason AS "ownerReason",
              due_at AS "dueAt", resolved_by AS "resolvedBy", resolved_by_name AS "resolvedByName",
              resolution_note AS "resolutionNote", not_notified_reason AS "notNotifiedReason"
         FROM escalations WHERE review_item_id = $1 ORDER BY opened_at`,
      [itemId],
    );
  const latestDecision = (ticketId: string) =>
    one<{ outcome: string; reason: string | null; rule: string; categoryId: string | null }>(
      f.db,
      `SELECT outcome, reason, rule, category_id AS "categoryId" FROM decisions
        WHERE ticket_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [ticketId],
    );
  const ticketEvents = (ticketId: string) =>
    f.db.query<{ action: string; actorType: string; actorName: string; payload: Record<string, any> }>(
      `SELECT action, actor_type AS "actorType", actor_name AS "actorName", payload FROM events
        WHERE subject_type = 'ticket' AND subject_id = $1 ORDER BY seq`,
      [ticketId],
    );
  const notifications = (escalationId: string) =>
    f.db.query<{ idempotencyKey: string }>(
      `SELECT idempotency_key AS "idempotencyKey" FROM outbox
        WHERE kind = 'webhook.notification' AND idempotency_key LIKE $1 ORDER BY seq`,
      [`escalation:${escalationId}:%`],
    );
  /** An open first review with any reason, as decideTicket would leave it. */
  const openItemFor = (reason: string, categoryId: string | null) =>
    f.db.transaction(async (tx) => {
      const { id: ticketId } = await one<{ id: string }>(
        tx,
        `INSERT INTO tickets (workspace_id, source, external_id, subject, body, content_hash)
         VALUES ($1, 'test', gen_random_uuid()::text, 'Quel temps fera-t-il ?', 'Body', 'hash') RETURNING id`,
        [f.workspaceId],
      );
      const { id: decisionId } = await one<{ id: string }>(
        tx,
        `INSERT INTO decisions (workspace_id, ticket_id, outcome, category_id, reason, rule, created_at)
         VALUES ($1, $2, 'needs_review', $3, $4, 'test rule', $5) RETURNING id`,
        [f.workspaceId, ticketId, categoryId, reason, f.clock.now()],
      );
      const itemId = await openReviewItem(tx, f.clock, {
        workspaceId: f.workspaceId,
        ticketId,
        decisionId,
        reason,
        actor: systemActor('test'),
      });
      return { itemId, ticketId };
    });

  beforeAll(async () => {
    handle = await target.open();
    f = await reviewFixture(handle.db, 'escalate');
    [olga, fred, ana, rita] = [
      await f.person('Olga'),
      await f.person('Fred'),
      await f.person('Ana'),
      await f.person('Rita'),
    ];
    const admin = await f.db.transaction((tx) =>
      insertUser(
        tx,
        f.clock,
        {
          email: 'ada-escalate@example.com',
          name: 'Ada',
          passwordHash: 'not-used',
          workspaceId: f.workspaceId,
          role: 'admin',
        },
        systemActor('test setup'),
      ),
    );
    ada = {
      workspaceId: f.workspaceId,
      actor: { type: 'user', id: admin.id, name: 'Ada' },
      userId: admin.id,
    };
    billing = await f.category('Billing');
    refunds = await f.category('Refunds');
    const money = await createQueue(f, f.admin, {
      name: 'Money',
      ownerUserId: olga.userId,
      fallbackOwnerUserId: fred.userId,
      slaMinutes: 60,
      memberIds: [ana.userId],
    });
    await assignCategoryToQueue(f, f.admin, money.id, billing.id);
    const returns = await createQueue(f, f.admin, {
      name: 'Returns',
      ownerUserId: olga.userId,
      slaMinutes: 30,
    });
    await assignCategoryToQueue(f, f.admin, returns.id, refunds.id);
    await updateReviewSettings(f, f.admin, { secondReviewShare: 0 });
    ({ id: endpointId } = await createNotificationEndpoint(f, f.admin, {
      name: 'Ops',
      url: 'http://127.0.0.1:9/hooks',
    }));
  });
  afterAll(() => handle.dispose());

  it('escalates an overdue first review once, to its queue owner, with an escalated decision, events and a notification', async () => {
    const { itemId, ticketId } = await f.openItem(billing.id);
    f.clock.advanceMinutes(60);
    // At the deadline itself the item is still on time.
    expect(await sweep()).toEqual({ resolved: 0, opened: 0, raised: 0 });
    f.clock.advanceMinutes(1);
    expect((await sweep()).opened).toBeGreaterThanOrEqual(1);

    const [escalation, ...more] = await escalationsOf(itemId);
    expect(more).toEqual([]);
    expect(escalation).toMatchObject({
      kind: 'overdue_review',
      level: 1,
      status: 'open',
      ownerUserId: olga.userId,
      ownerReason: 'owner of queue Money',
      notNotifiedReason: null,
    });
    expect(escalation!.dueAt.toISOString()).toBe(
      new Date(f.clock.now().getTime() + 60 * 60_000).toISOString(),
    );

    const decision = await latestDecision(ticketId);
    expect(decision).toMatchObject({ outcome: 'escalated', reason: 'overdue', categoryId: billing.id });
    expect(decision.rule).toBe(
      'review item overdue since 2026-03-02 10:00 UTC; escalated to Olga, owner of queue Money',
    );
    const events = await ticketEvents(ticketId);
    const tail = events.slice(-2);
    expect(tail.map((e) => e.action)).toEqual(['escalation.opened', 'decision.made']);
    expect(tail.every((e) => e.actorType === 'system' && e.actorName === 'Triage escalations')).toBe(true);
    expect(tail[0]!.payload).toMatchObject({ escalationId: escalation!.id, level: 1, ownerName: 'Olga' });
    expect(tail[1]!.payload).toMatchObject({ outcome: 'escalated', reason: 'overdue', rule: decision.rule });
    expect(await notifications(escalation!.id)).toEqual([
      { idempotencyKey: `escalation:${escalation!.id}:opened@${endpointId}` },
    ]);

    // Idempotent: again at the same time, or later, nothing new for this item.
    expect(await sweep()).toEqual({ resolved: 0, opened: 0, raised: 0 });
    expect(await escalationsOf(itemId)).toHaveLength(1);
    expect((await ticketEvents(ticketId)).filter((e) => e.action === 'decision.made')).toHaveLength(1);
    expect((await f.auditTrail()).chainIntact).toBe(true);
  });

  it('opens exactly one escalation per item when several workers sweep at once', async () => {
    const items = [];
    for (let i = 0; i < 6; i++) items.push(await f.openItem(i % 2 === 0 ? billing.id : null));
    f.clock.advanceMinutes(24 * 60 + 1);
    const runs = await Promise.all([sweep(), sweep(), sweep()]);
    expect(runs.reduce((n, r) => n + r.opened, 0)).toBeGreaterThanOrEqual(items.length);
    for (const { itemId, ticketId } of items) {
      const escalations = await escalationsOf(itemId);
      expect(escalations).toHaveLength(1);
      expect(await notifications(escalations[0]!.id)).toHaveLength(1);
      const escalated = (await ticketEvents(ticketId)).filter(
        (e) => e.action === 'decision.made' && e.payload.outcome === 'escalated',
      );
      expect(escalated).toHaveLength(1);
    }
    expect((await f.auditTrail()).chainIntact).toBe(true);
  });

  it('raises to the fallback owner after another SLA period, or keeps it with the owner and says why', async () => {
    const money = await f.openItem(billing.id);
    const returns = await f.openItem(refunds.id);
    f.clock.advanceMinutes(61);
    await sweep();
    const [first] = await escalationsOf(money.itemId);
    const [second] = await escalationsOf(returns.itemId);
    expect([first!.level, second!.level]).toEqual([1, 1]);

    // Returns' SLA is 30 minutes: its owner's deadline passes first.
    f.clock.advanceMinutes(31);
    expect((await sweep()).raised).toBeGreaterThanOrEqual(1);
    expect((await escalationsOf(returns.itemId))[0]).toMatchObject({
      level: 2,
      ownerUserId: olga.userId,
      ownerReason: 'still Olga: queue Returns has no active fallback owner',
    });
    expect((await escalationsOf(money.itemId))[0]!.level).toBe(1);

    f.clock.advanceMinutes(30);
    await sweep();
    const raised = (await escalationsOf(money.itemId))[0]!;
    expect(raised).toMatchObject({
      level: 2,
      ownerUserId: fred.userId,
      ownerReason: 'fallback owner of queue Money',
    });
    const events = await ticketEvents(money.ticketId);
    expect(events.at(-1)).toMatchObject({
      action: 'escalation.raised',
      payload: { escalationId: raised.id, level: 2, fromUserId: olga.userId, ownerName: 'Fred' },
    });
    expect((await notifications(raised.id)).map((n) => n.idempotencyKey)).toEqual([
      `escalation:${raised.id}:opened@${endpointId}`,
      `escalation:${raised.id}:raised@${endpointId}`,
    ]);
    // Level 2 is the last: nothing is raised again.
    f.clock.advanceMinutes(24 * 60);
    await sweep();
    expect((await ticketEvents(money.ticketId)).filter((e) => e.action === 'escalation.raised')).toHaveLength(
      1,
    );
  });

  it("resolves the escalation by the reviewer's resolution when the item is worked", async () => {
    const { itemId, ticketId } = await f.openItem(billing.id);
    f.clock.advanceMinutes(61);
    await sweep();
    await resolveItem(f, ana, itemId, { action: 'accept' });
    expect((await sweep()).resolved).toBeGreaterThanOrEqual(1);
    expect((await escalationsOf(itemId))[0]).toMatchObject({
      status: 'resolved',
      resolvedBy: ana.userId,
      resolvedByName: 'Ana',
      resolutionNote: 'The review item was resolved (accepted) by Ana.',
    });
    expect((await ticketEvents(ticketId)).at(-1)).toMatchObject({
      action: 'escalation.resolved',
      actorName: 'Triage escalations',
      payload: { automatic: true, resolvedBy: 'Ana' },
    });
  });

  it('escalates out-of-scope and model-unavailable items like any other, only once overdue', async () => {
    const outOfScope = await openItemFor('out_of_scope', null);
    const noModel = await openItemFor('model_unavailable', null);
    f.clock.advanceMinutes(60);
    await sweep();
    expect(await escalationsOf(outOfScope.itemId)).toEqual([]);
    expect(await escalationsOf(noModel.itemId)).toEqual([]);
    expect((await latestDecision(outOfScope.ticketId)).outcome).toBe('needs_review');

    // The default queue's SLA (a day) passes. It has no owner: an admin gets it, and is named.
    f.clock.advanceMinutes(23 * 60 + 1);
    await sweep();
    for (const { itemId, ticketId } of [outOfScope, noModel]) {
      expect(await escalationsOf(itemId)).toEqual([
        expect.objectContaining({
          ownerUserId: ada.userId,
          ownerReason: 'admin of the workspace: queue Default queue has no active owner or fallback owner',
        }),
      ]);
      expect(await latestDecision(ticketId)).toMatchObject({ outcome: 'escalated', categoryId: null });
    }
  });

  it('lets the owner, the fallback owner or an admin resolve, with a note, and nobody else', async () => {
    const { itemId } = await f.openItem(billing.id);
    f.clock.advanceMinutes(61);
    await sweep();
    const [escalation] = await escalationsOf(itemId);
    const id = escalation!.id;
    await expect(resolveEscalation(f, rita, id, 'mine now')).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('Only Olga (who owns it now)'),
    });
    // A member of the queue works its items, but the escalation is the owners'.
    await expect(resolveEscalation(f, ana, id, 'done')).rejects.toMatchObject({ code: 'forbidden' });
    const viewed = await getEscalation(
      f.db,
      { workspaceId: f.workspaceId, userId: ana.userId },
      id,
      f.clock.now(),
    );
    expect(viewed!.canResolve).toBe(false);

    const resolved = await resolveEscalation(f, fred, id, 'Ana is on it; the queue was short-staffed today.');
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedByName: 'Fred',
      resolutionNote: 'Ana is on it; the queue was short-staffed today.',
      canResolve: false,
    });
    await expect(resolveEscalation(f, olga, id, 'again')).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      resolveEscalation(f, ada, '00000000-0000-4000-8000-000000000000', 'x'),
    ).rejects.toMatchObject({ code: 'not_found' });
    // The item stays in its queue and is not escalated a second time.
    f.clock.advanceMinutes(24 * 60);
    await sweep();
    expect(await escalationsOf(itemId)).toHaveLength(1);

    const another = await f.openItem(billing.id);
    f.clock.advanceMinutes(61);
    await sweep();
    const [byAdmin] = await escalationsOf(another.itemId);
    expect((await resolveEscalation(f, ada, byAdmin!.id, 'handled by an admin')).status).toBe('resolved');
    const third = await f.openItem(billing.id);
    f.clock.advanceMinutes(61);
    await sweep();
    const [byKey] = await escalationsOf(third.itemId);
    expect((await resolveEscalation(f, f.admin, byKey!.id, 'closed by the admin key')).resolvedByName).toBe(
      'test key',
    );
    expect((await f.auditTrail()).chainIntact).toBe(true);
  });
});
