import { maybeOne, type Sql } from '../db/database.js';
import type { AttemptOutcome, EffectStatus } from './effect.js';

// What people see of the outbox: effects with their status, and each effect's attempts.

export interface EffectSummary {
  id: string;
  kind: string;
  orderingKey: string;
  idempotencyKey: string;
  status: EffectStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  lockedBy: string | null;
  lockedUntil: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface EffectAttempt {
  attempt: number;
  workerId: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** null while the attempt is in flight. */
  outcome: AttemptOutcome | null;
  httpStatus: number | null;
  error: string | null;
  durationMs: number | null;
}

export interface EffectDetail extends EffectSummary {
  payload: Record<string, unknown>;
  attemptHistory: EffectAttempt[];
}

const summaryColumns = `id, kind, ordering_key AS "orderingKey", idempotency_key AS "idempotencyKey", status,
  attempts, COALESCE(max_attempts, $2) AS "maxAttempts", next_attempt_at AS "nextAttemptAt",
  last_error AS "lastError", locked_by AS "lockedBy", locked_until AS "lockedUntil",
  created_at AS "createdAt", delivered_at AS "deliveredAt"`;

export interface EffectListQuery {
  status?: EffectStatus;
  kind?: string;
  limit: number;
  /** Shown for effects enqueued without their own maximum. */
  defaultMaxAttempts: number;
}

/** A workspace's effects, newest first, with how many there are in each status. */
export async function listEffects(
  sql: Sql,
  workspaceId: string,
  query: EffectListQuery,
): Promise<{ items: EffectSummary[]; counts: Record<EffectStatus, number> }> {
  const items = await sql.query<EffectSummary>(
    `SELECT ${summaryColumns} FROM outbox
      WHERE workspace_id = $1 AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR kind = $4)
      ORDER BY seq DESC LIMIT $5`,
    [workspaceId, query.defaultMaxAttempts, query.status ?? null, query.kind ?? null, query.limit],
  );
  const rows = await sql.query<{ status: EffectStatus; n: number }>(
    'SELECT status, count(*)::int AS n FROM outbox WHERE workspace_id = $1 GROUP BY status',
    [workspaceId],
  );
  const counts: Record<EffectStatus, number> = { pending: 0, delivering: 0, delivered: 0, dead: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return { items, counts };
}

/** One effect with its payload and every attempt, oldest first. */
export async function getEffect(
  sql: Sql,
  workspaceId: string,
  id: string,
  defaultMaxAttempts: number,
): Promise<EffectDetail | undefined> {
  const effect = await maybeOne<EffectSummary & { payload: Record<string, unknown> }>(
    sql,
    `SELECT ${summaryColumns}, payload FROM outbox WHERE workspace_id = $1 AND id = $3`,
    [workspaceId, defaultMaxAttempts, id],
  );
  if (!effect) return undefined;
  const attemptHistory = await sql.query<EffectAttempt>(
    `SELECT attempt, worker_id AS "workerId", started_at AS "startedAt", finished_at AS "finishedAt", outcome,
            http_status AS "httpStatus", error, duration_ms AS "durationMs"
       FROM outbox_attempts WHERE outbox_id = $1 ORDER BY seq`,
    [id],
  );
  return { ...effect, attemptHistory };
}
