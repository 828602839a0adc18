import { json, maybeOne, one, type Sql } from '../../../platform/db/database.js';
import type { Actor } from '../../../platform/events/index.js';

// The SQL of backfill runs. A run is claimed with a lease so two workers never read the same
// run's pages at once; a worker that dies leaves a lease that runs out and another takes over at
// the saved cursor.

export const backfillStatuses = ['queued', 'running', 'paused', 'failed', 'done', 'cancelled'] as const;
export type BackfillStatus = (typeof backfillStatuses)[number];

/** Statuses that hold the connection's one active slot. */
export const ACTIVE_STATUSES: readonly BackfillStatus[] = ['queued', 'running', 'paused'];

export interface BackfillCounts {
  read: number;
  imported: number;
  unchanged: number;
  labelled: number;
  aiProvenance: number;
  uncategorised: number;
  unmapped: number;
  rejected: number;
}

export const zeroCounts = (): BackfillCounts => ({
  read: 0,
  imported: 0,
  unchanged: 0,
  labelled: 0,
  aiProvenance: 0,
  uncategorised: 0,
  unmapped: 0,
  rejected: 0,
});

export interface BackfillRun {
  id: string;
  workspaceId: string;
  connectionId: string;
  since: Date;
  requestedBy: Actor;
  status: BackfillStatus;
  cursor: string | null;
  pages: number;
  counts: BackfillCounts;
  total: number | null;
  attempts: number;
  lastError: string | null;
  leasedBy: string | null;
  leaseUntil: Date | null;
  nextAttemptAt: Date;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

const columns = `id, workspace_id AS "workspaceId", connection_id AS "connectionId", since,
  requested_by AS "requestedBy", status, cursor, pages, read_count, imported_count, unchanged_count,
  labelled_count, ai_provenance_count, uncategorised_count, unmapped_count, rejected_count, total, attempts,
  last_error AS "lastError", leased_by AS "leasedBy", lease_until AS "leaseUntil",
  next_attempt_at AS "nextAttemptAt", created_at AS "createdAt", started_at AS "startedAt",
  finished_at AS "finishedAt", updated_at AS "updatedAt"`;

type RunRow = Omit<BackfillRun, 'counts'> & Record<`${string}_count`, number>;

function runOf(row: RunRow): BackfillRun {
  const {
    read_count,
    imported_count,
    unchanged_count,
    labelled_count,
    ai_provenance_count,
    uncategorised_count,
    unmapped_count,
    rejected_count,
    ...rest
  } = row;
  return {
    ...rest,
    counts: {
      read: read_count,
      imported: imported_count,
      unchanged: unchanged_count,
      labelled: labelled_count,
      aiProvenance: ai_provenance_count,
      uncategorised: uncategorised_count,
      unmapped: unmapped_count,
      rejected: rejected_count,
    },
  } as BackfillRun;
}

export async function insertBackfillRun(
  sql: Sql,
  input: { workspaceId: string; connectionId: string; since: Date; requestedBy: Actor; now: Date },
): Promise<BackfillRun> {
  return runOf(
    await one<RunRow>(
      sql,
      `INSERT INTO backfill_runs (workspace_id, connection_id, since, requested_by, status, next_attempt_at,
         created_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, 'queued', $5, $5, $5) RETURNING ${columns}`,
      [input.workspaceId, input.connectionId, input.since, json(input.requestedBy), input.now],
    ),
  );
}

export async function activeRunOf(sql: Sql, connectionId: string): Promise<BackfillRun | undefined> {
  const row = await maybeOne<RunRow>(
    sql,
    `SELECT ${columns} FROM backfill_runs WHERE connection_id = $1 AND status = ANY($2::text[])`,
    [connectionId, ACTIVE_STATUSES],
  );
  return row && runOf(row);
}

export async function getBackfillRun(
  sql: Sql,
  workspaceId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<BackfillRun | undefined> {
  const row = await maybeOne<RunRow>(
    sql,
    `SELECT ${columns} FROM backfill_runs WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [workspaceId, id],
  );
  return row && runOf(row);
}

export async function listBackfillRuns(
  sql: Sql,
  workspaceId: string,
  connectionId: string,
  limit = 20,
): Promise<BackfillRun[]> {
  const rows = await sql.query<RunRow>(
    `SELECT ${columns} FROM backfill_runs WHERE workspace_id = $1 AND connection_id = $2
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [workspaceId, connectionId, limit],
  );
  return rows.map(runOf);
}

export async function setRunStatus(
  sql: Sql,
  id: string,
  status: BackfillStatus,
  now: Date,
  extra: { lastError?: string | null; resetAttempts?: boolean } = {},
): Promise<BackfillRun> {
  const finished = status === 'done' || status === 'failed' || status === 'cancelled';
  return runOf(
    await one<RunRow>(
      sql,
      `UPDATE backfill_runs SET status = $2::text, updated_at = $3::timestamptz, leased_by = NULL, lease_until = NULL,
         finished_at = CASE WHEN $4::boolean THEN $3::timestamptz ELSE NULL END,
         last_error = CASE WHEN $5::boolean THEN $6::text ELSE last_error END,
         attempts = CASE WHEN $7::boolean THEN 0 ELSE attempts END,
         next_attempt_at = CASE WHEN $2::text = 'queued' THEN $3::timestamptz ELSE next_attempt_at END
       WHERE id = $1 RETURNING ${columns}`,
      [
        id,
        status,
        now,
        finished,
        extra.lastError !== undefined,
        extra.lastError ?? null,
        !!extra.resetAttempts,
      ],
    ),
  );
}

/**
 * Takes the next due run (queued, or running with a lease that ran out: its worker died) and
 * leases it to `workerId` until `leaseUntil`. SKIP LOCKED: workers never wait on one another.
 */
export async function claimDueRun(
  sql: Sql,
  workerId: string,
  now: Date,
  leaseUntil: Date,
): Promise<BackfillRun | undefined> {
  const row = await maybeOne<RunRow>(
    sql,
    `UPDATE backfill_runs SET status = 'running', leased_by = $1, lease_until = $3, updated_at = $2,
            started_at = coalesce(started_at, $2)
      WHERE id = (SELECT id FROM backfill_runs
                   WHERE next_attempt_at <= $2
                     AND (status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < $2)))
                   ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING ${columns}`,
    [workerId, now, leaseUntil],
  );
  return row && runOf(row);
}

/** The run as its lease holder sees it, locked for the page's transaction; undefined when no longer ours. */
export async function leasedRun(sql: Sql, id: string, workerId: string): Promise<BackfillRun | undefined> {
  const row = await maybeOne<RunRow>(
    sql,
    `SELECT ${columns} FROM backfill_runs WHERE id = $1 AND status = 'running' AND leased_by = $2 FOR UPDATE`,
    [id, workerId],
  );
  return row && runOf(row);
}

/** Saves one page's progress: the next cursor and the counts added, in the page's transaction. */
export async function savePageProgress(
  sql: Sql,
  id: string,
  input: { cursor: string | null; added: BackfillCounts; total: number | null; now: Date; leaseUntil: Date },
): Promise<void> {
  const a = input.added;
  await sql.query(
    `UPDATE backfill_runs SET cursor = $2, pages = pages + 1, read_count = read_count + $3,
       imported_count = imported_count + $4, unchanged_count = unchanged_count + $5,
       labelled_count = labelled_count + $6, ai_provenance_count = ai_provenance_count + $7,
       uncategorised_count = uncategorised_count + $8, unmapped_count = unmapped_count + $9,
       rejected_count = rejected_count + $10, total = coalesce($11, total), attempts = 0, last_error = NULL,
       lease_until = $13, updated_at = $12
     WHERE id = $1`,
    [
      id,
      input.cursor,
      a.read,
      a.imported,
      a.unchanged,
      a.labelled,
      a.aiProvenance,
      a.uncategorised,
      a.unmapped,
      a.rejected,
      input.total,
      input.now,
      input.leaseUntil,
    ],
  );
}

/** A page failed: count the attempt, note why, and hand the run back until `nextAttemptAt`. */
export async function deferRun(
  sql: Sql,
  id: string,
  workerId: string,
  input: { error: string; countsAsAttempt: boolean; nextAttemptAt: Date; now: Date },
): Promise<void> {
  await sql.query(
    `UPDATE backfill_runs SET attempts = attempts + CASE WHEN $3::boolean THEN 1 ELSE 0 END, last_error = $4,
       next_attempt_at = $5, leased_by = NULL, lease_until = NULL, updated_at = $6
     WHERE id = $1 AND leased_by = $2 AND status = 'running'`,
    [id, workerId, input.countsAsAttempt, input.error, input.nextAttemptAt, input.now],
  );
}
