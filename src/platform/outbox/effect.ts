import type { Sql } from '../db/database.js';

// The vocabulary of the outbox. An effect is one side effect on another system, stored as a
// row in the transaction of the decision that causes it and delivered later by a worker.

export const effectStatuses = ['pending', 'delivering', 'delivered', 'dead'] as const;
export type EffectStatus = (typeof effectStatuses)[number];

export const attemptOutcomes = ['delivered', 'retry', 'failed', 'abandoned'] as const;
export type AttemptOutcome = (typeof attemptOutcomes)[number];

/** What a handler is given: the row as claimed, with the number of this attempt. */
export interface ClaimedEffect {
  id: string;
  workspaceId: string;
  kind: string;
  orderingKey: string;
  /** Send it to the receiver (e.g. an Idempotency-Key header) so a retry is not applied twice. */
  idempotencyKey: string;
  payload: Record<string, unknown>;
  /** Effects with the same key share a rate limit (see NewEffect.throttle). */
  throttleKey: string | null;
  /** 1 for the first attempt; a retry after a crash counts as a new attempt. */
  attempt: number;
  maxAttempts: number;
  createdAt: Date;
}

/**
 * What became of one attempt. A handler returns `retry` for failures that may pass
 * (network error, timeout, 5xx, 429) and `failed` for those that will not (other 4xx,
 * a payload the receiver rejects, a disabled endpoint): those become dead letters at once.
 */
export type DeliveryResult =
  | { outcome: 'delivered'; httpStatus?: number }
  | {
      outcome: 'retry';
      error: string;
      httpStatus?: number;
      retryAfterMs?: number;
      /**
       * The receiver throttles us (429, or 503 with Retry-After): the effect waits as asked
       * without using up an attempt (up to MAX_DEFERRALS times), and its throttle key pauses.
       */
      rateLimited?: boolean;
    }
  | { outcome: 'failed'; error: string; httpStatus?: number };

export interface HandlerContext {
  /** Aborted shortly before the lease ends: after that another worker may take the effect. */
  signal: AbortSignal;
}

/**
 * Delivers one effect. It must be idempotent: the same effect can arrive twice when a
 * worker dies after the receiver applied it but before the result was recorded. Throwing
 * counts as a retryable failure.
 */
export type EffectHandler = (effect: ClaimedEffect, context: HandlerContext) => Promise<DeliveryResult>;

/** Handlers by kind. A worker claims only the kinds it has a handler for. */
export type EffectHandlers = Readonly<Record<string, EffectHandler>>;

export interface DeadLetter extends ClaimedEffect {
  lastError: string;
  httpStatus: number | null;
  deadAt: Date;
}

/**
 * Called once per dead letter, inside the transaction that marks the effect dead, so what
 * it writes (an escalation with an owner) commits together with the dead status or not at
 * all. If it throws, nothing of that transaction commits: the effect stays claimed and is
 * taken up again when its lease expires, so the hook's writes exist exactly once.
 *
 * A hook that notifies people about a dead letter must not send that notification to the
 * endpoint whose notification just died, or a dead endpoint would feed itself forever.
 */
export type DeadLetterHook = (tx: Sql, deadLetter: DeadLetter) => Promise<void>;
