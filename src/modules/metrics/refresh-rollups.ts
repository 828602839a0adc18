import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne } from '../../platform/db/database.js';
import {
  deleteRange,
  earliestSourceDay,
  insertDecisionRollups,
  insertReviewRollups,
  insertTicketRollups,
  rollupTables,
} from './rollup-statements.js';

// Keeping the daily rollups true. The first run builds every day from the earliest source row
// (so history imported or backfilled with past timestamps is covered); later runs recompute the
// last `windowDays` days, because the figures of a day change after it ends: labels, review
// resolutions and assignments arrive days after the decisions they judge. Recomputing a window
// rather than tracking dirty days keeps every writer (review, disputes, helpdesk sync, imports)
// free of metrics bookkeeping; a change older than the window is picked up by
// rebuildMetricRollups. Source rows older than the covered range (a backfill after the first
// run) extend the range on the next run by themselves.

export interface MetricsDeps {
  db: Database;
  clock: Clock;
}

export interface RollupRun {
  /** The days rebuilt, inclusive (YYYY-MM-DD); null when the workspace has no source rows. */
  from: string | null;
  to: string | null;
  days: number;
}

const DAY_MS = 86_400_000;
// A long range is rebuilt in chunks, each its own transaction, so no transaction runs for minutes.
const CHUNK_DAYS = 31;

export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string =>
  utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/**
 * Recomputes the rollups of days `from`..`to` (inclusive, UTC; default: every day from the
 * earliest source row to today). Idempotent: each chunk of days is deleted and rebuilt in one
 * transaction under a per-workspace lock, so two workers never interleave their rows.
 */
export async function rebuildMetricRollups(
  deps: MetricsDeps,
  workspaceId: string,
  range?: { from: string; to: string },
): Promise<RollupRun> {
  const now = deps.clock.now();
  const today = utcDay(now);
  const from = range?.from ?? (await earliestDay(deps.db, workspaceId));
  const to = range?.to ?? today;
  if (from === null || from > to) return { from: null, to: null, days: 0 };
  for (let start = from; start <= to; start = addDays(start, CHUNK_DAYS)) {
    const end = addDays(start, CHUNK_DAYS - 1) < to ? addDays(start, CHUNK_DAYS - 1) : to;
    await deps.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`metric_rollups:${workspaceId}`]);
      const params = [workspaceId, start, addDays(end, 1)];
      for (const table of rollupTables) await tx.query(deleteRange(table), params);
      await tx.query(insertDecisionRollups, [...params, now]);
      await tx.query(insertTicketRollups, params);
      await tx.query(insertReviewRollups, params);
    });
  }
  await deps.db.query(
    `INSERT INTO metric_rollup_state (workspace_id, first_day, last_day, refreshed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id) DO UPDATE SET first_day = least(metric_rollup_state.first_day, $2::date),
       last_day = greatest(metric_rollup_state.last_day, $3::date), refreshed_at = $4`,
    [workspaceId, from, to, now],
  );
  return { from, to, days: daysBetween(from, to) };
}

/**
 * One tick of the rollup job for a workspace: everything on the first run, then the last
 * `windowDays` days, plus any older days whose source rows appeared since (a backfill).
 */
export async function refreshMetricRollups(
  deps: MetricsDeps,
  workspaceId: string,
  windowDays: number,
): Promise<RollupRun> {
  const state = await maybeOne<{ firstDay: string }>(
    deps.db,
    `SELECT to_char(first_day, 'YYYY-MM-DD') AS "firstDay" FROM metric_rollup_state WHERE workspace_id = $1`,
    [workspaceId],
  );
  if (!state) return rebuildMetricRollups(deps, workspaceId);
  const today = utcDay(deps.clock.now());
  const earliest = await earliestDay(deps.db, workspaceId);
  const windowStart = addDays(today, -(windowDays - 1));
  const from =
    earliest !== null && earliest < state.firstDay && earliest < windowStart ? earliest : windowStart;
  return rebuildMetricRollups(deps, workspaceId, { from, to: today });
}

async function earliestDay(db: Database, workspaceId: string): Promise<string | null> {
  const row = await maybeOne<{ day: string | null }>(db, earliestSourceDay, [workspaceId]);
  return row?.day ?? null;
}

/** Workspaces with anything to measure. */
export async function workspacesWithTickets(db: Database): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    'SELECT w.id FROM workspaces w WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.workspace_id = w.id) ORDER BY w.id',
  );
  return rows.map((r) => r.id);
}
