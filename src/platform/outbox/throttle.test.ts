import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { type ManualClock, manualClock } from '../testing/manual-clock.js';
import { createTestWorkspace } from '../testing/test-workspace.js';
import { databaseTargets, type TestDatabase } from '../testing/test-databases.js';
import { deliverDueEffects, type OutboxPolicy } from './deliver-due-effects.js';
import type { DeliveryResult, EffectHandlers } from './effect.js';
import { enqueueEffect } from './enqueue-effect.js';
import { MAX_DEFERRALS } from './record-outcome.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

const policy: OutboxPolicy = {
  leaseMs: 30_000,
  backoff: { baseMs: 1_000, capMs: 60_000 },
  defaultMaxAttempts: 3,
};

// Rate limits of the outbox: one effect per throttle key per interval across workers, and a
// receiver's Retry-After as a deferral that pauses the key and uses up no attempt.
describe.each(targets)('outbox throttles on $name', (target) => {
  let handle: TestDatabase;
  let db: Database;
  let workspaceId: string;
  let clock: ManualClock;
  let kind: string;
  let tests = 0;

  beforeAll(async () => {
    handle = await target.open();
    db = handle.db;
  });
  afterAll(() => handle.dispose());

  const fresh = async () => {
    clock = manualClock();
    kind = `test.throttled_${++tests}`;
    workspaceId = await createTestWorkspace(db);
  };
  const enqueue = (key: string, orderingKey = key, minIntervalMs = 1_000) =>
    db.transaction((tx) =>
      enqueueEffect(tx, {
        workspaceId,
        kind,
        orderingKey,
        idempotencyKey: key,
        payload: {},
        enqueuedAt: clock.now(),
        throttle: { key: 'connection-a', minIntervalMs },
      }),
    );
  const handler = (answers: DeliveryResult[] = []) => {
    const calls: string[] = [];
    const handlers: EffectHandlers = {
      [kind]: async (effect) => {
        calls.push(effect.idempotencyKey);
        return answers.shift() ?? { outcome: 'delivered' };
      },
    };
    return { calls, handlers };
  };
  const run = (handlers: EffectHandlers, workerId = 'w1') =>
    deliverDueEffects(db, handlers, { workerId, clock, policy, random: () => 0.5 });
  const row = async (id: string) =>
    (
      await db.query<{ status: string; attempts: number; deferrals: number; nextAttemptAt: Date }>(
        `SELECT status, attempts, deferrals, next_attempt_at AS "nextAttemptAt" FROM outbox WHERE id = $1`,
        [id],
      )
    )[0]!;

  it('delivers one effect per key per interval, even with two workers at once', async () => {
    await fresh();
    for (const key of ['a', 'b', 'c']) await enqueue(key);
    const { calls, handlers } = handler();
    const [first, second] = await Promise.all([run(handlers, 'w1'), run(handlers, 'w2')]);
    expect(first!.claimed + second!.claimed).toBe(1);
    expect((await run(handlers)).claimed).toBe(0);
    clock.advance(1_000);
    expect((await run(handlers)).claimed).toBe(1);
    clock.advance(1_000);
    await run(handlers);
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it('defers a rate-limited effect as asked, pausing its key, without using up attempts', async () => {
    await fresh();
    const limited = await enqueue('limited', 'ticket-1', 10);
    const sibling = await enqueue('sibling', 'ticket-2', 10);
    const busy: DeliveryResult = {
      outcome: 'retry',
      error: 'HTTP 429',
      httpStatus: 429,
      retryAfterMs: 5_000,
      rateLimited: true,
    };
    // More 429s than the effect has attempts: each is a deferral, not a failure.
    const { calls, handlers } = handler([busy, busy, busy, busy]);
    for (let i = 0; i < 4; i++) {
      expect(await run(handlers)).toMatchObject({ claimed: 1, deferred: 1 });
      expect(await row(limited.id)).toMatchObject({ status: 'pending', attempts: 0, deferrals: i + 1 });
      clock.advance(4_999);
      // The whole connection waits: the sibling is not sent into the same closed door.
      expect((await run(handlers)).claimed).toBe(0);
      clock.advance(1);
    }
    await run(handlers);
    clock.advance(10);
    await run(handlers);
    expect(await row(limited.id)).toMatchObject({ status: 'delivered', attempts: 1, deferrals: 4 });
    expect(await row(sibling.id)).toMatchObject({ status: 'delivered' });
    expect(calls).toEqual(['limited', 'limited', 'limited', 'limited', 'limited', 'sibling']);
  });

  it('stops deferring after MAX_DEFERRALS: a receiver that never lets up ends in a dead letter', async () => {
    await fresh();
    const stuck = await enqueue('stuck', 'ticket-9', 0);
    await db.query('UPDATE outbox SET deferrals = $2 WHERE id = $1', [stuck.id, MAX_DEFERRALS]);
    const busy: DeliveryResult = {
      outcome: 'retry',
      error: 'HTTP 429',
      httpStatus: 429,
      retryAfterMs: 1_000,
      rateLimited: true,
    };
    const { handlers } = handler([busy, busy, busy]);
    for (let i = 0; i < 3; i++) {
      await run(handlers);
      clock.advance(60_000);
    }
    expect(await row(stuck.id)).toMatchObject({ status: 'dead', attempts: 3 });
  });
});
