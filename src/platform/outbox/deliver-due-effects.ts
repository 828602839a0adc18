import { performance } from 'node:perf_hooks';
import { type Clock, systemClock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { BackoffPolicy } from './backoff.js';
import { claimDueEffects } from './claim-due-effects.js';
import type {
  ClaimedEffect,
  DeadLetterHook,
  DeliveryResult,
  EffectHandler,
  EffectHandlers,
} from './effect.js';
import { type RecordedOutcome, recordOutcome } from './record-outcome.js';

/** How hard the outbox tries; the composition root builds it from TRIAGE_OUTBOX_*. */
export interface OutboxPolicy {
  /** How long a claimed effect belongs to its worker; must outlast any handler's timeout. */
  leaseMs: number;
  backoff: BackoffPolicy;
  /** For effects enqueued without their own maximum. */
  defaultMaxAttempts: number;
}

export interface DeliveryOptions {
  /** Unique per process; the lease names it, so a stale worker cannot record a result. */
  workerId: string;
  /** How many effects one run claims and delivers concurrently. */
  limit?: number;
  clock?: Clock;
  policy: OutboxPolicy;
  /** In [0, 1); the back-off's jitter. */
  random?: () => number;
  onDeadLetter?: DeadLetterHook;
}

export interface DeliveryRun {
  claimed: number;
  delivered: number;
  retried: number;
  /** Put off because the receiver rate-limited us (429, 503 with Retry-After): no attempt used. */
  deferred: number;
  /** Dead letters made in this run: permanent failures, last retries, crashed last attempts. */
  dead: number;
  /** Results this worker could not record because its lease had expired. */
  lostLease: number;
}

/**
 * One run of the delivery loop: claims the due effects this worker has handlers for,
 * delivers them concurrently and records each result. The worker calls it on a timer; a
 * run that claimed `limit` effects suggests calling again at once.
 */
export async function deliverDueEffects(
  db: Database,
  handlers: EffectHandlers,
  options: DeliveryOptions,
): Promise<DeliveryRun> {
  const clock = options.clock ?? systemClock;
  const { policy } = options;
  const { claimed, deadLettered, hookFailures } = await claimDueEffects(db, {
    workerId: options.workerId,
    now: clock.now(),
    limit: options.limit ?? 10,
    leaseMs: policy.leaseMs,
    kinds: Object.keys(handlers),
    defaultMaxAttempts: policy.defaultMaxAttempts,
    onDeadLetter: options.onDeadLetter,
  });
  const settled = await Promise.allSettled(
    claimed.map(async (effect) => {
      const started = performance.now();
      const result = await runHandler(handlers[effect.kind]!, effect, policy.leaseMs);
      return recordOutcome(db, effect, result, {
        workerId: options.workerId,
        finishedAt: clock.now(),
        durationMs: performance.now() - started,
        backoff: policy.backoff,
        random: options.random ?? Math.random,
        onDeadLetter: options.onDeadLetter,
      });
    }),
  );
  const failures = [
    ...hookFailures,
    ...settled.filter((s) => s.status === 'rejected').map((s) => s.reason as unknown),
  ];
  if (failures.length > 0) {
    // The effects stay claimed and are taken up again when their lease expires.
    throw new AggregateError(failures, `Could not record ${failures.length} delivery result(s)`);
  }
  const outcomes = settled.map((s) => (s as PromiseFulfilledResult<RecordedOutcome>).value);
  const count = (outcome: RecordedOutcome) => outcomes.filter((o) => o === outcome).length;
  return {
    claimed: claimed.length,
    delivered: count('delivered'),
    retried: count('retry'),
    deferred: count('deferred'),
    dead: count('failed') + deadLettered,
    lostLease: count('lost_lease'),
  };
}

// A tenth of the lease is left for recording the result before another worker may take over.
const LEASE_SHARE_FOR_HANDLER = 0.9;

async function runHandler(handler: EffectHandler, effect: ClaimedEffect, leaseMs: number) {
  const signal = AbortSignal.timeout(Math.max(1, Math.floor(leaseMs * LEASE_SHARE_FOR_HANDLER)));
  try {
    return await handler(effect, { signal });
  } catch (error) {
    const result: DeliveryResult = {
      outcome: 'retry',
      error: `The ${effect.kind} handler failed: ${error instanceof Error ? error.message : String(error)}`,
    };
    return result;
  }
}
