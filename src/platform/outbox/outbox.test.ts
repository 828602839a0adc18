import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { appendEvent, systemActor } from '../events/index.js';
import { type ManualClock, manualClock } from '../testing/manual-clock.js';
import { createTestWorkspace } from '../testing/test-workspace.js';
import { databaseTargets, type TestDatabase } from '../testing/test-databases.js';
import { claimDueEffects } from './claim-due-effects.js';
import { type DeliveryOptions, deliverDueEffects, type OutboxPolicy } from './deliver-due-effects.js';
import type { ClaimedEffect, DeadLetter, DeliveryResult, EffectHandlers } from './effect.js';
import { enqueueEffect, type NewEffect } from './enqueue-effect.js';
import { getEffect } from './outbox-read-model.js';
import { recordOutcome } from './record-outcome.js';
import { replayDeadLetter } from './replay-dead-letter.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

const policy: OutboxPolicy = {
  leaseMs: 30_000,
  backoff: { baseMs: 1_000, capMs: 60_000 },
  defaultMaxAttempts: 5,
};

describe.each(targets)('outbox on $name', (target) => {
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

  // Each test gets its own workspace, clock and effect kind: the delivery loop serves every
  // workspace, and a test's handlers claim only its own kind.
  const fresh = async () => {
    clock = manualClock();
    kind = `test.effect_${++tests}`;
    workspaceId = await createTestWorkspace(db);
  };

  const enqueue = (key: string, more: Partial<NewEffect> = {}) =>
    db.transaction((tx) =>
      enqueueEffect(tx, {
        workspaceId,
        kind,
        orderingKey: key,
        idempotencyKey: key,
        payload: { key },
        enqueuedAt: clock.now(),
        ...more,
      }),
    );

  // Handlers that answer from a script per idempotency key and log every call.
  const scripted = (script: Record<string, DeliveryResult[]> = {}) => {
    const calls: ClaimedEffect[] = [];
    const handlers: EffectHandlers = {
      [kind]: async (effect) => {
        calls.push(effect);
        return script[effect.idempotencyKey]?.shift() ?? { outcome: 'delivered', httpStatus: 200 };
      },
    };
    return { calls, handlers };
  };

  const run = (handlers: EffectHandlers, more: Partial<DeliveryOptions> = {}) =>
    deliverDueEffects(db, handlers, { workerId: 'w1', clock, policy, random: () => 0.5, ...more });

  /** Claims like a worker, without delivering: what a worker leaves behind when it dies. */
  const claim = (workerId: string, limit = 10) =>
    claimDueEffects(db, {
      workerId,
      now: clock.now(),
      limit,
      leaseMs: policy.leaseMs,
      kinds: [kind],
      defaultMaxAttempts: policy.defaultMaxAttempts,
      onDeadLetter: undefined,
    });

  const effectState = async (id: string) =>
    (await getEffect(db, workspaceId, id, policy.defaultMaxAttempts))!;

  const eventsOf = (id: string, action: string) =>
    db.query('SELECT actor_name AS "actorName", payload FROM events WHERE subject_id = $1 AND action = $2', [
      id,
      action,
    ]);

  it('enqueues only inside a transaction, and the same idempotency key twice is one effect', async () => {
    await fresh();
    await expect(
      enqueueEffect(db, {
        workspaceId,
        kind,
        orderingKey: 'k',
        idempotencyKey: 'k',
        payload: {},
        enqueuedAt: clock.now(),
      }),
    ).rejects.toThrow(/inside the transaction/);
    const first = await enqueue('same');
    const second = await enqueue('same', { payload: { other: true } });
    expect(first.enqueued).toBe(true);
    expect(second).toEqual({ id: first.id, enqueued: false });
    const effect = await effectState(first.id);
    expect(effect).toMatchObject({
      status: 'pending',
      attempts: 0,
      maxAttempts: 5,
      payload: { key: 'same' },
    });
  });

  it('has no effect when the decision that caused it rolls back', async () => {
    await fresh();
    await expect(
      db.transaction(async (tx) => {
        await enqueueEffect(tx, {
          workspaceId,
          kind,
          orderingKey: 'k',
          idempotencyKey: 'rolled-back',
          payload: {},
          enqueuedAt: clock.now(),
        });
        throw new Error('the decision failed');
      }),
    ).rejects.toThrow('the decision failed');
    const rows = await db.query('SELECT 1 FROM outbox WHERE workspace_id = $1', [workspaceId]);
    expect(rows).toHaveLength(0);
  });

  it('leases a claimed effect: no one else takes it until the lease expires, then a stale result changes nothing', async () => {
    await fresh();
    const { id } = await enqueue('leased');
    const [byA] = (await claim('A')).claimed;
    expect(byA).toMatchObject({ id, attempt: 1, idempotencyKey: 'leased' });
    expect((await claim('B')).claimed).toEqual([]);
    clock.advance(policy.leaseMs - 1);
    expect((await claim('B')).claimed).toEqual([]);
    clock.advance(1);
    const [byB] = (await claim('B')).claimed;
    expect(byB).toMatchObject({ id, attempt: 2 });
    const record = (effect: ClaimedEffect, workerId: string) =>
      recordOutcome(
        db,
        effect,
        { outcome: 'delivered' },
        {
          workerId,
          finishedAt: clock.now(),
          durationMs: 5,
          backoff: policy.backoff,
          random: () => 0,
          onDeadLetter: undefined,
        },
      );
    expect(await record(byA!, 'A')).toBe('lost_lease');
    expect(await record(byB!, 'B')).toBe('delivered');
    const effect = await effectState(id);
    expect(effect.status).toBe('delivered');
    expect(effect.attemptHistory.map((a) => [a.attempt, a.workerId, a.outcome])).toEqual([
      [1, 'A', 'abandoned'],
      [2, 'B', 'delivered'],
    ]);
    expect(effect.attemptHistory[0]!.error).toMatch(/Worker A stopped during attempt 1/);
  });

  it('delivers each effect exactly once when several workers run at the same time', async () => {
    await fresh();
    const ids = new Set<string>();
    for (let i = 0; i < 24; i++) ids.add((await enqueue(`parallel-${i}`)).id);
    const { calls, handlers } = scripted();
    for (let round = 0; round < 10; round++) {
      const runs = await Promise.all(
        ['w1', 'w2', 'w3'].map((workerId) => run(handlers, { workerId, limit: 5 })),
      );
      if (runs.every((r) => r.claimed === 0)) break;
    }
    expect(calls.map((c) => c.id).sort()).toEqual([...ids].sort());
    const [counts] = await db.query<{ delivered: number }>(
      `SELECT count(*) FILTER (WHERE status = 'delivered')::int AS delivered FROM outbox WHERE workspace_id = $1`,
      [workspaceId],
    );
    expect(counts!.delivered).toBe(24);
  });

  it.skipIf(target.name === 'pglite')(
    'passes over an effect another transaction has locked instead of waiting for it (SKIP LOCKED)',
    async () => {
      await fresh();
      const locked = await enqueue('locked-elsewhere');
      const free = await enqueue('free');
      const { calls, handlers } = scripted();
      await db.transaction(async (tx) => {
        await tx.query('SELECT 1 FROM outbox WHERE id = $1 FOR UPDATE', [locked.id]);
        const started = Date.now();
        const result = await run(handlers);
        expect(result.claimed).toBe(1);
        expect(Date.now() - started).toBeLessThan(5_000);
      });
      expect(calls.map((c) => c.id)).toEqual([free.id]);
    },
  );

  it('delivers one ordering key oldest first: a younger effect waits while an older one is retried', async () => {
    await fresh();
    const first = await enqueue('first', { orderingKey: 'ticket-1' });
    await enqueue('second', { orderingKey: 'ticket-1' });
    await enqueue('other', { orderingKey: 'ticket-2' });
    const { calls, handlers } = scripted({
      first: [{ outcome: 'retry', error: 'HTTP 503', httpStatus: 503 }],
    });
    expect(await run(handlers)).toMatchObject({ claimed: 2, retried: 1, delivered: 1 });
    expect((await run(handlers)).claimed).toBe(0);
    const waiting = await effectState(first.id);
    // Full jitter with random 0.5: half of the first ceiling (1 s).
    expect(waiting.nextAttemptAt.getTime() - clock.now().getTime()).toBe(500);
    clock.advance(500);
    await run(handlers);
    await run(handlers);
    expect(calls.map((c) => c.idempotencyKey)).toEqual(['first', 'other', 'first', 'second']);
  });

  it('retries with back-off, then makes a dead letter with an event and calls the hook exactly once', async () => {
    await fresh();
    const { id } = await enqueue('doomed', { maxAttempts: 3 });
    const failures = Array.from({ length: 5 }, () => ({
      outcome: 'retry' as const,
      error: 'HTTP 500',
      httpStatus: 500,
    }));
    const { calls, handlers } = scripted({ doomed: failures });
    const deadLetters: DeadLetter[] = [];
    const onDeadLetter = async (_tx: unknown, deadLetter: DeadLetter) => {
      deadLetters.push(deadLetter);
    };
    const delays: number[] = [];
    for (let round = 0; round < 6; round++) {
      await run(handlers, { onDeadLetter });
      const effect = await effectState(id);
      if (effect.status === 'pending') {
        delays.push(effect.nextAttemptAt.getTime() - clock.now().getTime());
        clock.set(effect.nextAttemptAt);
      }
    }
    expect(delays).toEqual([500, 1_000]);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    const effect = await effectState(id);
    expect(effect).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 500', lockedBy: null });
    expect(effect.attemptHistory.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['retry', 500],
      ['retry', 500],
      ['failed', 500],
    ]);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ id, idempotencyKey: 'doomed', attempt: 3, lastError: 'HTTP 500' });
    expect(await eventsOf(id, 'outbox.dead_lettered')).toEqual([
      expect.objectContaining({
        actorName: 'Triage outbox',
        payload: expect.objectContaining({ attempts: 3 }),
      }),
    ]);
  });

  it('makes a permanent failure a dead letter at once, and counts a throwing handler as retryable', async () => {
    await fresh();
    const refused = await enqueue('refused');
    const flaky = await enqueue('flaky');
    const deadLetters: DeadLetter[] = [];
    const handlers: EffectHandlers = {
      [kind]: async (effect) => {
        if (effect.idempotencyKey === 'flaky') throw new Error('socket hang up');
        return { outcome: 'failed', error: 'HTTP 400: invalid_payload', httpStatus: 400 };
      },
    };
    const result = await run(handlers, { onDeadLetter: async (_tx, d) => void deadLetters.push(d) });
    expect(result).toMatchObject({ claimed: 2, dead: 1, retried: 1 });
    expect((await effectState(refused.id)).status).toBe('dead');
    expect(deadLetters.map((d) => d.id)).toEqual([refused.id]);
    const retried = await effectState(flaky.id);
    expect(retried).toMatchObject({
      status: 'pending',
      lastError: `The ${kind} handler failed: socket hang up`,
    });
  });

  it('never drops an effect whose worker died on the last attempt: it becomes a dead letter', async () => {
    await fresh();
    const { id } = await enqueue('last-try', { maxAttempts: 1 });
    await claim('crashed', 1);
    clock.advance(policy.leaseMs);
    const { calls, handlers } = scripted();
    const deadLetters: DeadLetter[] = [];
    expect(await run(handlers, { onDeadLetter: async (_tx, d) => void deadLetters.push(d) })).toMatchObject({
      claimed: 0,
      dead: 1,
    });
    expect(calls).toEqual([]);
    expect(deadLetters).toHaveLength(1);
    const effect = await effectState(id);
    expect(effect.status).toBe('dead');
    expect(effect.lastError).toMatch(/Worker crashed stopped during attempt 1/);
    expect(effect.attemptHistory.map((a) => a.outcome)).toEqual(['abandoned']);
  });

  it("commits a dead-letter hook's writes once even when it failed the first time", async () => {
    await fresh();
    const { id } = await enqueue('hook-fails', { maxAttempts: 1 });
    const { handlers } = scripted({ 'hook-fails': [{ outcome: 'failed', error: 'HTTP 404' }] });
    let calls = 0;
    const onDeadLetter = async (
      tx: Parameters<NonNullable<DeliveryOptions['onDeadLetter']>>[0],
      d: DeadLetter,
    ) => {
      calls++;
      await appendEvent(tx, {
        workspaceId: d.workspaceId,
        actor: systemActor('test'),
        action: 'test.escalated',
        subjectType: 'outbox_effect',
        subjectId: d.id,
        occurredAt: d.deadAt,
      });
      if (calls === 1) throw new Error('escalation store unavailable');
    };
    await expect(run(handlers, { onDeadLetter })).rejects.toThrow(/Could not record 1 delivery result/);
    expect((await effectState(id)).status).toBe('delivering');
    clock.advance(policy.leaseMs);
    await run(handlers, { onDeadLetter });
    expect(calls).toBe(2);
    expect((await effectState(id)).status).toBe('dead');
    expect(await eventsOf(id, 'test.escalated')).toHaveLength(1);
    expect(await eventsOf(id, 'outbox.dead_lettered')).toHaveLength(1);
  });

  it('does not let a failing dead-letter hook hold back the effects that are due beside it', async () => {
    await fresh();
    const stuck = await enqueue('stuck', { maxAttempts: 1 });
    await claim('crashed', 1);
    clock.advance(policy.leaseMs);
    const fine = await enqueue('fine');
    const { calls, handlers } = scripted();
    const onDeadLetter = async () => {
      throw new Error('escalation store unavailable');
    };
    await expect(run(handlers, { onDeadLetter })).rejects.toThrow(/Could not record 1/);
    expect(calls.map((c) => c.id)).toEqual([fine.id]);
    expect((await effectState(fine.id)).status).toBe('delivered');
    expect((await effectState(stuck.id)).status).toBe('delivering');
    expect(await run(handlers)).toMatchObject({ dead: 1 });
    expect((await effectState(stuck.id)).status).toBe('dead');
  });

  it('replays a dead letter with fresh attempts and an event, and refuses anything else', async () => {
    await fresh();
    const { id } = await enqueue('replayed', { maxAttempts: 1 });
    const { calls, handlers } = scripted({ replayed: [{ outcome: 'failed', error: 'HTTP 410' }] });
    await run(handlers);
    expect((await effectState(id)).status).toBe('dead');
    const actor = systemActor('ops person');
    const deps = { db, clock, outboxPolicy: policy };
    const replayed = await replayDeadLetter(deps, { workspaceId, actor }, id);
    expect(replayed).toMatchObject({ status: 'pending', attempts: 0, lastError: 'HTTP 410' });
    expect(await eventsOf(id, 'outbox.replayed')).toEqual([
      expect.objectContaining({
        actorName: 'ops person',
        payload: expect.objectContaining({ previousAttempts: 1 }),
      }),
    ]);
    await run(handlers);
    const delivered = await effectState(id);
    expect(delivered.status).toBe('delivered');
    expect(delivered.attemptHistory.map((a) => a.outcome)).toEqual(['failed', 'delivered']);
    expect(calls.map((c) => c.attempt)).toEqual([1, 1]);
    await expect(replayDeadLetter(deps, { workspaceId, actor }, id)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      replayDeadLetter(deps, { workspaceId, actor }, '00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('leaves effects of kinds this worker cannot deliver for a worker that can', async () => {
    await fresh();
    const { id } = await enqueue('unknown-kind', { kind: 'helpdesk.writeback' });
    const { calls, handlers } = scripted();
    expect((await run(handlers)).claimed).toBe(0);
    expect(calls).toEqual([]);
    expect((await effectState(id)).status).toBe('pending');
  });
});
