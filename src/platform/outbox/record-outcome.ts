import { type Database, maybeOne, type Sql } from '../db/database.js';
import { type BackoffPolicy, RETRY_AFTER_LIMIT_MS, retryDelayMs } from './backoff.js';
import { markDead } from './dead-letter.js';
import type { AttemptOutcome, ClaimedEffect, DeadLetterHook, DeliveryResult } from './effect.js';

export interface RecordOptions {
  workerId: string;
  finishedAt: Date;
  durationMs: number;
  backoff: BackoffPolicy;
  random: () => number;
  onDeadLetter: DeadLetterHook | undefined;
}

/** How an attempt ended; 'abandoned' is only ever set by the worker that takes over. */
type FinishedOutcome = Exclude<AttemptOutcome, 'abandoned'>;

/** What the delivery loop did with an attempt's result; 'deferred': rate limited, attempt given back. */
export type RecordedOutcome = FinishedOutcome | 'deferred' | 'lost_lease';

/**
 * How many times an effect may be deferred by a rate limit without using up attempts. A
 * helpdesk that answers 429 for longer than this many Retry-After waits is treated like one
 * that fails: its further answers use up attempts and end in a dead letter.
 */
export const MAX_DEFERRALS = 100;

/**
 * Stores the result of one attempt: delivered, pending again after a back-off, or dead.
 * Only the worker that still holds the lease may record; a worker whose lease expired
 * (it was too slow, another worker took over) changes nothing, so a row marked delivered
 * is never delivered again and a row is never finished twice.
 */
export async function recordOutcome(
  db: Database,
  effect: ClaimedEffect,
  result: DeliveryResult,
  options: RecordOptions,
): Promise<RecordedOutcome> {
  return db.transaction(async (tx) => {
    const held = await maybeOne<{ deferrals: number }>(
      tx,
      `SELECT deferrals FROM outbox
        WHERE id = $1 AND status = 'delivering' AND locked_by = $2 AND attempts = $3
          FOR UPDATE`,
      [effect.id, options.workerId, effect.attempt],
    );
    if (!held) return 'lost_lease';
    if (result.outcome === 'retry' && result.rateLimited && held.deferrals < MAX_DEFERRALS) {
      await defer(tx, effect, result, options);
      return 'deferred';
    }
    const outcome = attemptOutcome(effect, result);
    const error = result.outcome === 'delivered' ? null : result.error;
    const httpStatus = result.httpStatus ?? null;
    const finishedAt = options.finishedAt.toISOString();
    await tx.query(
      `UPDATE outbox_attempts SET outcome = $2, finished_at = $3, http_status = $4, error = $5, duration_ms = $6
        WHERE outbox_id = $1 AND outcome IS NULL`,
      [effect.id, outcome, finishedAt, httpStatus, error, Math.round(options.durationMs)],
    );
    switch (outcome) {
      case 'delivered':
        await tx.query(
          `UPDATE outbox SET status = 'delivered', delivered_at = $2, last_error = NULL,
                  locked_by = NULL, locked_until = NULL
            WHERE id = $1`,
          [effect.id, finishedAt],
        );
        break;
      case 'retry': {
        const retryAfterMs = result.outcome === 'retry' ? result.retryAfterMs : undefined;
        const delay = retryDelayMs(effect.attempt, options.backoff, options.random, retryAfterMs);
        await tx.query(
          `UPDATE outbox SET status = 'pending', next_attempt_at = $2, last_error = $3,
                  locked_by = NULL, locked_until = NULL
            WHERE id = $1`,
          [effect.id, new Date(options.finishedAt.getTime() + delay).toISOString(), error],
        );
        break;
      }
      case 'failed':
        await markDead(
          tx,
          effect,
          { error: error ?? 'failed', httpStatus },
          options.finishedAt,
          options.onDeadLetter,
        );
        break;
    }
    return outcome;
  });
}

function attemptOutcome(effect: ClaimedEffect, result: DeliveryResult): FinishedOutcome {
  switch (result.outcome) {
    case 'delivered':
      return 'delivered';
    case 'failed':
      return 'failed';
    case 'retry':
      // The last attempt's retryable failure is final: that is what makes it a dead letter.
      return effect.attempt >= effect.maxAttempts ? 'failed' : 'retry';
  }
}

/**
 * The receiver asked us to wait: the effect is due again when it said (or after the usual
 * back-off), the attempt is given back, and the throttle key pauses until then so the
 * effect's siblings do not knock on the same closed door.
 */
async function defer(
  tx: Sql,
  effect: ClaimedEffect,
  result: Extract<DeliveryResult, { outcome: 'retry' }>,
  options: RecordOptions,
): Promise<void> {
  // Exactly as long as asked (capped like any Retry-After): the receiver named its time.
  const delay =
    result.retryAfterMs === undefined
      ? retryDelayMs(effect.attempt, options.backoff, options.random)
      : Math.min(result.retryAfterMs, RETRY_AFTER_LIMIT_MS);
  const until = new Date(options.finishedAt.getTime() + delay).toISOString();
  const error = `Deferred (rate limited): ${result.error}`;
  await tx.query(
    `UPDATE outbox_attempts SET outcome = 'retry', finished_at = $2, http_status = $3, error = $4, duration_ms = $5
      WHERE outbox_id = $1 AND outcome IS NULL`,
    [
      effect.id,
      options.finishedAt.toISOString(),
      result.httpStatus ?? null,
      error,
      Math.round(options.durationMs),
    ],
  );
  await tx.query(
    `UPDATE outbox SET status = 'pending', attempts = attempts - 1, deferrals = deferrals + 1,
            next_attempt_at = $2, last_error = $3, locked_by = NULL, locked_until = NULL
      WHERE id = $1`,
    [effect.id, until, error],
  );
  if (effect.throttleKey !== null) {
    await tx.query(
      `UPDATE outbox_throttles SET next_allowed_at = greatest(next_allowed_at, $3)
        WHERE workspace_id = $1 AND throttle_key = $2`,
      [effect.workspaceId, effect.throttleKey, until],
    );
  }
}
