import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../platform/db/database.js';
import {
  type DeliveryResult,
  deliverDueEffects,
  type EffectHandlers,
  enqueueEffect,
  type OutboxPolicy,
  replayDeadLetter,
} from '../../platform/outbox/index.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import type { Category } from '../categories/index.js';
import { createNotificationEndpoint, notify, WEBHOOK_NOTIFICATION } from '../notifications/index.js';
import { assignCategoryToQueue, createQueue, type ReviewerContext, updateQueue } from '../review/index.js';
import { type ReviewFixture, reviewFixture } from '../review/test-support/review-fixture.js';
import { escalateOverdue } from './escalate-overdue.js';
import { NOTIFICATION_LOOP_REASON } from './escalation-store.js';
import { openDeadLetterEscalation } from './open-dead-letter-escalation.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Person = ReviewerContext & { userId: string };

const WRITEBACK = 'test.writeback';
const policy: OutboxPolicy = {
  leaseMs: 30_000,
  backoff: { baseMs: 1_000, capMs: 1_000 },
  defaultMaxAttempts: 2,
};

describe.each(targets)('dead letters open escalations on $name', (target) => {
  let handle: TestDatabase;
  let f: ReviewFixture;
  let olga: Person;
  let fred: Person;
  let billing: Category;

  const failing = (kind: string, result: DeliveryResult): EffectHandlers => ({ [kind]: async () => result });
  const deliver = (handlers: EffectHandlers) =>
    deliverDueEffects(f.db, handlers, {
      workerId: 'test-worker',
      clock: f.clock,
      policy,
      random: () => 0,
      onDeadLetter: openDeadLetterEscalation,
    });
  const escalationOf = (outboxId: string) =>
    f.db.query<{
      id: string;
      status: string;
      level: number;
      ticketId: string | null;
      ownerUserId: string | null;
      ownerReason: string;
      notNotifiedReason: string | null;
      resolutionNote: string | null;
    }>(
      `SELECT id, status, level, ticket_id AS "ticketId", owner_user_id AS "ownerUserId", owner_reason AS "ownerReason",
              not_notified_reason AS "notNotifiedReason", resolution_note AS "resolutionNote"
         FROM escalations WHERE outbox_id = $1 ORDER BY opened_at`,
      [outboxId],
    );
  const writeBack = (ticketId: string, key: string) =>
    f.db.transaction((tx) =>
      enqueueEffect(tx, {
        workspaceId: f.workspaceId,
        kind: WRITEBACK,
        orderingKey: ticketId,
        idempotencyKey: key,
        payload: { category: 'Billing' },
        enqueuedAt: f.clock.now(),
      }),
    );
  const count = async (sql: string, params: unknown[] = []) =>
    (await one<{ n: number }>(f.db, sql, params)).n;

  beforeAll(async () => {
    handle = await target.open();
    f = await reviewFixture(handle.db, 'dead-letters');
    [olga, fred] = [await f.person('Olga'), await f.person('Fred')];
    billing = await f.category('Billing');
    const money = await createQueue(f, f.admin, {
      name: 'Money',
      ownerUserId: olga.userId,
      fallbackOwnerUserId: fred.userId,
      slaMinutes: 60,
    });
    await assignCategoryToQueue(f, f.admin, money.id, billing.id);
    const defaultQueue = await one<{ id: string }>(
      f.db,
      'SELECT id FROM review_queues WHERE workspace_id = $1 AND is_default',
      [f.workspaceId],
    );
    await updateQueue(f, f.admin, defaultQueue.id, { ownerUserId: fred.userId });
    await createNotificationEndpoint(f, f.admin, { name: 'Ops', url: 'http://127.0.0.1:9/hooks' });
  });
  afterAll(() => handle.dispose());

  it("opens one escalation for a write-back that keeps failing, owned by its ticket's queue owner, and notifies", async () => {
    const { ticketId } = await f.openItem(billing.id);
    const { id } = await writeBack(ticketId, 'wb-1');
    const handlers = failing(WRITEBACK, { outcome: 'retry', error: 'HTTP 503: down', httpStatus: 503 });
    expect((await deliver(handlers)).retried).toBe(1);
    expect(await escalationOf(id)).toEqual([]);
    f.clock.advanceMinutes(1);
    expect((await deliver(handlers)).dead).toBe(1);

    const [escalation, ...more] = await escalationOf(id);
    expect(more).toEqual([]);
    expect(escalation).toMatchObject({
      status: 'open',
      level: 1,
      ticketId,
      ownerUserId: olga.userId,
      ownerReason: 'owner of queue Money',
      notNotifiedReason: null,
    });
    const decision = await one<{ outcome: string; reason: string; rule: string }>(
      f.db,
      'SELECT outcome, reason, rule FROM decisions WHERE ticket_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1',
      [ticketId],
    );
    expect(decision).toMatchObject({ outcome: 'escalated', reason: 'dead_letter' });
    expect(decision.rule).toBe(
      `the ${WRITEBACK} effect failed after 2 attempts (HTTP 503: down); escalated to Olga, owner of queue Money`,
    );
    expect(
      await count(`SELECT count(*)::int AS n FROM outbox WHERE kind = $1 AND idempotency_key LIKE $2`, [
        WEBHOOK_NOTIFICATION,
        `escalation:${escalation!.id}:opened@%`,
      ]),
    ).toBe(1);
    const actions = await f.db.query<{ action: string }>(
      `SELECT action FROM events WHERE workspace_id = $1 AND (subject_id = $2 OR payload->>'escalationId' = $3)
        ORDER BY seq`,
      [f.workspaceId, id, escalation!.id],
    );
    expect(actions.map((a) => a.action)).toEqual(['outbox.dead_lettered', 'escalation.opened']);
  });

  it('keeps the open escalation when a replayed dead letter dies again, and resolves it once delivered', async () => {
    const { ticketId } = await f.openItem(billing.id);
    const { id } = await writeBack(ticketId, 'wb-2');
    await deliver(
      failing(WRITEBACK, { outcome: 'failed', error: 'HTTP 422: unknown field', httpStatus: 422 }),
    );
    expect(await escalationOf(id)).toHaveLength(1);

    await replayDeadLetter({ ...f, outboxPolicy: policy }, f.admin, id);
    await deliver(
      failing(WRITEBACK, { outcome: 'failed', error: 'HTTP 422: unknown field', httpStatus: 422 }),
    );
    expect(await escalationOf(id)).toEqual([expect.objectContaining({ status: 'open' })]);

    await replayDeadLetter({ ...f, outboxPolicy: policy }, f.admin, id);
    await deliver(failing(WRITEBACK, { outcome: 'delivered', httpStatus: 200 }));
    expect((await escalateOverdue(f, f.clock.now())).resolved).toBeGreaterThanOrEqual(1);
    expect((await escalationOf(id))[0]).toMatchObject({
      status: 'resolved',
      resolutionNote: expect.stringMatching(/^The dead letter was replayed and delivered at /),
    });
  });

  it('never notifies about a dead notification: one escalation each, no new notification, and says why', async () => {
    await f.db.transaction((tx) =>
      notify(tx, f.workspaceId, {
        key: 'failure:import:7',
        orderingKey: 'import-7',
        title: 'Import failed',
        text: 'The nightly import stopped at row 12.',
        occurredAt: f.clock.now(),
      }),
    );
    const pending = await f.db.query<{ id: string }>(
      `SELECT id FROM outbox WHERE kind = $1 AND status = 'pending'`,
      [WEBHOOK_NOTIFICATION],
    );
    expect(pending.length).toBeGreaterThanOrEqual(1);
    const notificationsBefore = await count('SELECT count(*)::int AS n FROM outbox WHERE kind = $1', [
      WEBHOOK_NOTIFICATION,
    ]);
    const handlers = failing(WEBHOOK_NOTIFICATION, {
      outcome: 'failed',
      error: 'HTTP 404: no_service',
      httpStatus: 404,
    });
    for (let run = 0; run < 5 && (await deliver(handlers)).claimed > 0; run++);

    for (const { id } of pending) {
      const [escalation, ...more] = await escalationOf(id);
      expect(more).toEqual([]);
      expect(escalation).toMatchObject({ status: 'open', notNotifiedReason: NOTIFICATION_LOOP_REASON });
      // A notification about a ticket goes to its queue's owner, any other to the default queue's.
      expect([olga.userId, fred.userId]).toContain(escalation!.ownerUserId);
    }
    expect(await count('SELECT count(*)::int AS n FROM outbox WHERE kind = $1', [WEBHOOK_NOTIFICATION])).toBe(
      notificationsBefore,
    );

    // Raised to level 2 after the SLA: still nobody is notified about it.
    f.clock.advanceMinutes(24 * 60 + 1);
    await escalateOverdue(f, f.clock.now());
    const [raised] = await escalationOf(pending[0]!.id);
    expect(raised).toMatchObject({ level: 2, notNotifiedReason: NOTIFICATION_LOOP_REASON });
    for (const { id } of pending) {
      const [escalation] = await escalationOf(id);
      expect(
        await count('SELECT count(*)::int AS n FROM outbox WHERE idempotency_key LIKE $1', [
          `escalation:${escalation!.id}:%`,
        ]),
      ).toBe(0);
    }
    expect((await f.auditTrail()).chainIntact).toBe(true);
  });
});
