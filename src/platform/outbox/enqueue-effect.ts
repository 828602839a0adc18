import { json, maybeOne, one, type Sql } from '../db/database.js';

export interface NewEffect {
  workspaceId: string;
  /** Selects the handler, e.g. 'webhook.notification' or 'helpdesk.writeback'. */
  kind: string;
  /** What the effect is about (e.g. a ticket id): one key's effects are delivered oldest first. */
  orderingKey: string;
  /** Unique per workspace; the first effect enqueued with a key wins, later ones are no-ops. */
  idempotencyKey: string;
  payload: Record<string, unknown>;
  enqueuedAt: Date;
  /** Deliver no earlier than this (default: at once). */
  notBefore?: Date;
  /** Default: the deployment's TRIAGE_OUTBOX_MAX_ATTEMPTS, read when the effect is delivered. */
  maxAttempts?: number;
  /**
   * Effects sharing a throttle key (e.g. a helpdesk connection) are delivered at most one per
   * `minIntervalMs`, across all workers; a receiver's Retry-After pauses the whole key.
   */
  throttle?: { key: string; minIntervalMs: number };
}

/**
 * Records a side effect in the caller's transaction, so the effect exists if and only if
 * the decision that causes it commits. Nothing is sent here; a worker delivers it.
 */
export async function enqueueEffect(tx: Sql, effect: NewEffect): Promise<{ id: string; enqueued: boolean }> {
  if ('transaction' in tx) {
    throw new Error('enqueueEffect must be called inside the transaction of the decision that causes it');
  }
  const inserted = await maybeOne<{ id: string }>(
    tx,
    `INSERT INTO outbox (workspace_id, kind, ordering_key, idempotency_key, payload, max_attempts,
                         next_attempt_at, created_at, throttle_key)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)
     ON CONFLICT (workspace_id, idempotency_key) DO NOTHING
     RETURNING id`,
    [
      effect.workspaceId,
      effect.kind,
      effect.orderingKey,
      effect.idempotencyKey,
      json(effect.payload),
      effect.maxAttempts ?? null,
      (effect.notBefore ?? effect.enqueuedAt).toISOString(),
      effect.enqueuedAt.toISOString(),
      effect.throttle?.key ?? null,
    ],
  );
  if (effect.throttle) await upsertThrottle(tx, effect.workspaceId, effect.throttle, effect.enqueuedAt);
  if (inserted) return { id: inserted.id, enqueued: true };
  const existing = await one<{ id: string }>(
    tx,
    'SELECT id FROM outbox WHERE workspace_id = $1 AND idempotency_key = $2',
    [effect.workspaceId, effect.idempotencyKey],
  );
  return { id: existing.id, enqueued: false };
}

/** Creates the throttle of a key, or updates its interval (a connection's rate limit changed). */
async function upsertThrottle(
  tx: Sql,
  workspaceId: string,
  throttle: { key: string; minIntervalMs: number },
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO outbox_throttles (workspace_id, throttle_key, min_interval_ms, next_allowed_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id, throttle_key) DO UPDATE SET min_interval_ms = EXCLUDED.min_interval_ms
       WHERE outbox_throttles.min_interval_ms <> EXCLUDED.min_interval_ms`,
    [workspaceId, throttle.key, Math.max(0, Math.round(throttle.minIntervalMs)), now.toISOString()],
  );
}
