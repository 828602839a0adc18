import { type Database, json, type Sql } from '../db/database.js';
import { markDead } from './dead-letter.js';
import type { ClaimedEffect, DeadLetterHook } from './effect.js';

export interface ClaimOptions {
  workerId: string;
  now: Date;
  limit: number;
  leaseMs: number;
  /** The kinds this worker can deliver; others wait for a worker that can. */
  kinds: readonly string[];
  defaultMaxAttempts: number;
  onDeadLetter: DeadLetterHook | undefined;
}

interface DueRow extends Omit<ClaimedEffect, 'attempt'> {
  status: 'pending' | 'delivering';
  attempts: number;
  lockedBy: string | null;
  lastError: string | null;
}

const CRASHED = (row: DueRow) =>
  `Worker ${row.lockedBy} stopped during attempt ${row.attempts}; its lease expired.`;

/**
 * Takes due effects for this worker: pending ones whose time has come, and delivering ones
 * whose worker's lease has expired (it crashed or hung). Within an ordering key only the
 * oldest unfinished effect is due, so one key's effects go out in order. SKIP LOCKED lets
 * concurrent workers pass over each other's candidates instead of queueing behind them.
 *
 * A claim starts an attempt (the count goes up before delivery, so a poison effect that
 * crashes every worker still runs out of attempts). An effect with no attempts left becomes
 * a dead letter here instead of being delivered; a failing dead-letter hook is returned,
 * not thrown, so it does not hold back the effects that were claimed.
 */
export async function claimDueEffects(
  db: Database,
  options: ClaimOptions,
): Promise<{ claimed: ClaimedEffect[]; deadLettered: number; hookFailures: unknown[] }> {
  if (options.kinds.length === 0 || options.limit <= 0)
    return { claimed: [], deadLettered: 0, hookFailures: [] };
  const { claimed, exhausted } = await db.transaction(async (tx) => {
    const candidates = await tx.query<DueRow>(
      `SELECT o.id, o.workspace_id AS "workspaceId", o.kind, o.ordering_key AS "orderingKey",
              o.idempotency_key AS "idempotencyKey", o.payload, o.status, o.attempts,
              o.throttle_key AS "throttleKey",
              COALESCE(o.max_attempts, $4) AS "maxAttempts", o.locked_by AS "lockedBy",
              o.last_error AS "lastError", o.created_at AS "createdAt"
         FROM outbox o
        WHERE o.status IN ('pending', 'delivering')
          AND o.kind = ANY($1::text[])
          AND ((o.status = 'pending' AND o.next_attempt_at <= $2)
               OR (o.status = 'delivering' AND o.locked_until <= $2))
          AND NOT EXISTS (
                SELECT 1 FROM outbox older
                 WHERE older.workspace_id = o.workspace_id AND older.ordering_key = o.ordering_key
                   AND older.status IN ('pending', 'delivering') AND older.seq < o.seq)
          AND (o.throttle_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM outbox_throttles t
                 WHERE t.workspace_id = o.workspace_id AND t.throttle_key = o.throttle_key
                   AND t.next_allowed_at > $2))
        ORDER BY o.seq
        LIMIT $3
        FOR UPDATE OF o SKIP LOCKED`,
      [options.kinds, options.now.toISOString(), options.limit, options.defaultMaxAttempts],
    );
    const due = await withinThrottles(tx, candidates, options.now);
    const crashed = due.filter((row) => row.status === 'delivering');
    if (crashed.length > 0) {
      await tx.query(
        `UPDATE outbox_attempts a SET outcome = 'abandoned', finished_at = $2, error = c.error
           FROM jsonb_to_recordset($1::jsonb) AS c(id uuid, error text)
          WHERE a.outbox_id = c.id AND a.outcome IS NULL`,
        [json(crashed.map((row) => ({ id: row.id, error: CRASHED(row) }))), options.now.toISOString()],
      );
    }
    const claimable = due.filter((row) => row.attempts < row.maxAttempts);
    return {
      claimed: await startAttempts(tx, claimable, options),
      exhausted: due.filter((row) => row.attempts >= row.maxAttempts),
    };
  });
  // Each in its own transaction: a dead-letter hook that fails holds back only its effect.
  let deadLettered = 0;
  const hookFailures: unknown[] = [];
  for (const row of exhausted) {
    try {
      if (await deadBeforeAttempt(db, row, options)) deadLettered++;
    } catch (error) {
      hookFailures.push(error);
    }
  }
  return { claimed, deadLettered, hookFailures };
}

/** Dead-letters an effect with no attempts left, unless another worker got there first. */
async function deadBeforeAttempt(db: Database, row: DueRow, options: ClaimOptions): Promise<boolean> {
  return db.transaction(async (tx) => {
    const still = await tx.query(
      `SELECT 1 FROM outbox WHERE id = $1 AND status = $2 AND attempts = $3 FOR UPDATE SKIP LOCKED`,
      [row.id, row.status, row.attempts],
    );
    if (still.length === 0) return false;
    const error =
      row.status === 'delivering'
        ? CRASHED(row)
        : `No attempts left (${row.attempts} of ${row.maxAttempts}); last error: ${row.lastError ?? 'none'}`;
    await markDead(
      tx,
      { ...row, attempt: row.attempts },
      { error, httpStatus: null },
      options.now,
      options.onDeadLetter,
    );
    return true;
  });
}

async function startAttempts(tx: Sql, rows: DueRow[], options: ClaimOptions): Promise<ClaimedEffect[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const lockedUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
  await tx.query(
    `UPDATE outbox SET status = 'delivering', attempts = attempts + 1, locked_by = $2, locked_until = $3
      WHERE id = ANY($1::uuid[])`,
    [ids, options.workerId, lockedUntil],
  );
  await tx.query(
    `INSERT INTO outbox_attempts (outbox_id, attempt, worker_id, started_at)
     SELECT a.id, a.attempt, $2, $3 FROM jsonb_to_recordset($1::jsonb) AS a(id uuid, attempt integer)`,
    [
      json(rows.map((row) => ({ id: row.id, attempt: row.attempts + 1 }))),
      options.workerId,
      options.now.toISOString(),
    ],
  );
  return rows.map(({ status: _s, attempts, lockedBy: _l, lastError: _e, ...effect }) => ({
    ...effect,
    attempt: attempts + 1,
  }));
}

/**
 * Keeps at most one effect per throttle key, and only for keys whose interval has passed,
 * taking the key's next slot in the same transaction: the UPDATE's row lock makes a second
 * worker wait and then see the slot taken, so a key's rate holds across workers.
 */
async function withinThrottles(tx: Sql, rows: DueRow[], now: Date): Promise<DueRow[]> {
  const kept: DueRow[] = [];
  const decided = new Map<string, boolean>();
  for (const row of rows) {
    if (row.throttleKey === null) {
      kept.push(row);
      continue;
    }
    const key = `${row.workspaceId}\u0000${row.throttleKey}`;
    if (decided.has(key)) continue;
    const slot = await tx.query(
      `UPDATE outbox_throttles
          SET next_allowed_at = $3::timestamptz + make_interval(secs => min_interval_ms / 1000.0)
        WHERE workspace_id = $1 AND throttle_key = $2 AND next_allowed_at <= $3
        RETURNING 1`,
      [row.workspaceId, row.throttleKey, now.toISOString()],
    );
    decided.set(key, slot.length > 0);
    if (slot.length > 0) kept.push(row);
  }
  return kept;
}
