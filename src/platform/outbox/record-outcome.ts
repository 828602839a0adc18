import { type Database, maybeOne } from '../db/database.js';
import { type BackoffPolicy, retryDelayMs } from './backoff.js';
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

/** What the delivery loop did with an attempt's result. */
export type RecordedOutcome = FinishedOutcome | 'lost_lease';

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
    const held = await maybeOne(
      tx,
      `SELECT 1 FROM outbox
        WHERE id = $1 AND status = 'delivering' AND locked_by = $2 AND attempts = $3
          FOR UPDATE`,
      [effect.id, options.workerId, effect.attempt],
    );
    if (!held) return 'lost_lease';
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
