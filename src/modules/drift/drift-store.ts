import { maybeOne, type Sql } from '../../platform/db/database.js';
import type { UnmatchedTicket, UnmatchedVerdict } from './cluster-tickets.js';
import type { WindowMix, WindowStats } from './drift-detectors.js';
import type { Person } from './drift-owner.js';

// The reads a drift check makes. Every query over decisions is bounded by the windows it looks
// at and served by decisions (workspace_id, created_at); the unmatched pool is capped.

export interface Windows {
  /** Start of the oldest window; the current one ends at `end`. */
  start: Date;
  end: Date;
  hours: number;
  count: number;
}

export function windowsEndingAt(end: Date, hours: number, count: number): Windows {
  return { start: new Date(end.getTime() - hours * count * 3_600_000), end, hours, count };
}

/** Window i (0 = oldest) of the span. */
function windowBounds(w: Windows, i: number): { start: Date; end: Date } {
  const ms = w.hours * 3_600_000;
  return { start: new Date(w.start.getTime() + i * ms), end: new Date(w.start.getTime() + (i + 1) * ms) };
}

// Decisions that carry a model's prediction (escalations repeat an earlier one), with the
// window they fall in: 0 is the oldest.
const WINDOWED_DECISIONS = `
  FROM decisions d JOIN predictions p ON p.id = d.prediction_id
 WHERE d.workspace_id = $1 AND d.created_at >= $2 AND d.created_at < $3 AND d.outcome <> 'escalated'`;
const WINDOW_INDEX = `floor(extract(epoch FROM (d.created_at - $2::timestamptz)) / ($4::float8 * 3600))::int`;
const FLAGGED_OUT_OF_SCOPE = `(d.inputs->>'outOfScopeScore')::float8 > (d.inputs->>'outOfScopeCutoff')::float8`;

/** Decisions, confidence and out-of-scope flags per window, oldest first (empty windows included). */
export async function windowStats(sql: Sql, workspaceId: string, w: Windows): Promise<WindowStats[]> {
  const rows = await sql.query<{ i: number; decisions: number; confidenceSum: number; outOfScope: number }>(
    `SELECT ${WINDOW_INDEX} AS i, count(*)::int AS decisions,
            coalesce(sum(p.confidence), 0)::float8 AS "confidenceSum",
            count(*) FILTER (WHERE ${FLAGGED_OUT_OF_SCOPE})::int AS "outOfScope"
       ${WINDOWED_DECISIONS}
      GROUP BY 1`,
    [workspaceId, w.start, w.end, w.hours],
  );
  return Array.from({ length: w.count }, (_, i) => {
    const row = rows.find((r) => r.i === i);
    return {
      ...windowBounds(w, i),
      decisions: row?.decisions ?? 0,
      confidenceSum: row?.confidenceSum ?? 0,
      outOfScope: row?.outOfScope ?? 0,
    };
  });
}

/** Predicted categories per window, oldest first. */
export async function windowMixes(sql: Sql, workspaceId: string, w: Windows): Promise<WindowMix[]> {
  const rows = await sql.query<{ i: number; categoryId: string; n: number }>(
    `SELECT ${WINDOW_INDEX} AS i, p.category_id AS "categoryId", count(*)::int AS n
       ${WINDOWED_DECISIONS} AND p.category_id IS NOT NULL
      GROUP BY 1, 2`,
    [workspaceId, w.start, w.end, w.hours],
  );
  return Array.from({ length: w.count }, (_, i) => ({
    ...windowBounds(w, i),
    counts: new Map(rows.filter((r) => r.i === i).map((r) => [r.categoryId, r.n])),
  }));
}

export interface Champion {
  id: string;
  version: number;
  labelWatermark: number;
}

export async function championOf(sql: Sql, workspaceId: string): Promise<Champion | undefined> {
  return maybeOne<Champion>(
    sql,
    `SELECT id, version, label_watermark::float8 AS "labelWatermark"
       FROM models WHERE workspace_id = $1 AND status = 'champion'`,
    [workspaceId],
  );
}

/** The champion's training mix: each ticket's latest label up to the model's label watermark. */
export async function trainingMix(
  sql: Sql,
  workspaceId: string,
  watermark: number,
): Promise<Map<string, number>> {
  const rows = await sql.query<{ categoryId: string; n: number }>(
    `SELECT category_id AS "categoryId", count(*)::int AS n
       FROM (SELECT DISTINCT ON (ticket_id) category_id FROM labels
              WHERE workspace_id = $1 AND seq <= $2 ORDER BY ticket_id, seq DESC) l
      GROUP BY 1`,
    [workspaceId, watermark],
  );
  return new Map(rows.map((r) => [r.categoryId, r.n]));
}

export type PooledTicket = UnmatchedTicket & UnmatchedVerdict;

/**
 * Tickets in the window the model could not place — flagged out of scope, or below the
 * policy's suggest threshold — or that a reviewer said no category fits; newest first, at
 * most `limit`, each with its latest such prediction. Tickets a person has since given a
 * category are placed, so they are left out.
 */
export async function unmatchedTickets(
  sql: Sql,
  workspaceId: string,
  window: { start: Date; end: Date },
  limit: number,
): Promise<PooledTicket[]> {
  const predicted = await sql.query<PooledTicket & { receivedAt: Date }>(
    `SELECT t.id, t.subject, t.body, t.received_at AS "receivedAt", u."predictedCategoryId", u.confidence,
            false AS "noneFits"
       FROM (SELECT DISTINCT ON (d.ticket_id) d.ticket_id, p.category_id AS "predictedCategoryId",
                    p.confidence::float8 AS confidence
               FROM decisions d JOIN predictions p ON p.id = d.prediction_id
              WHERE d.workspace_id = $1 AND d.created_at >= $2 AND d.created_at < $3
                AND (${FLAGGED_OUT_OF_SCOPE} OR p.confidence < (d.inputs->>'suggestThreshold')::float8)
              ORDER BY d.ticket_id, d.created_at DESC) u
       JOIN tickets t ON t.id = u.ticket_id
      WHERE t.category_set_by IS DISTINCT FROM 'human'
      ORDER BY t.received_at DESC, t.id
      LIMIT $4`,
    [workspaceId, window.start, window.end, limit],
  );
  const noneFits = await sql.query<PooledTicket & { receivedAt: Date }>(
    `SELECT DISTINCT t.id, t.subject, t.body, t.received_at AS "receivedAt", NULL::uuid AS "predictedCategoryId",
            NULL::float8 AS confidence, true AS "noneFits"
       FROM review_items r JOIN tickets t ON t.id = r.ticket_id
      WHERE r.workspace_id = $1 AND r.resolution = 'none_fits' AND r.resolved_at >= $2 AND r.resolved_at < $3
        AND t.category_set_by IS DISTINCT FROM 'human'
      ORDER BY t.received_at DESC, t.id
      LIMIT $4`,
    [workspaceId, window.start, window.end, limit],
  );
  // A reviewer's "none fits" outweighs the model's guess for the same ticket.
  const byId = new Map(predicted.map((t) => [t.id, t]));
  for (const t of noneFits) byId.set(t.id, t);
  return [...byId.values()]
    .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map(({ receivedAt: _, ...t }) => t);
}

export async function categoryNames(sql: Sql, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql.query<{ id: string; name: string }>(
    'SELECT id, name FROM categories WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function ticketSubjects(sql: Sql, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql.query<{ id: string; subject: string }>(
    'SELECT id, subject FROM tickets WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.subject]));
}

export interface OwnerFacts {
  driftOwner: Person | null;
  admin: Person | null;
}

/** The workspace's drift owner setting and earliest admin; disabled people count as absent. */
export async function ownerFacts(sql: Sql, workspaceId: string): Promise<OwnerFacts> {
  const row = await maybeOne<{
    ownerId: string | null;
    ownerName: string | null;
    adminId: string | null;
    adminName: string | null;
  }>(
    sql,
    `SELECT o.id AS "ownerId", o.name AS "ownerName", a.id AS "adminId", a.name AS "adminName"
       FROM workspaces w
       LEFT JOIN drift_settings s ON s.workspace_id = w.id
       LEFT JOIN users o ON o.id = s.owner_user_id AND o.disabled_at IS NULL
       LEFT JOIN LATERAL (
         SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.workspace_id = w.id AND m.role = 'admin' AND u.disabled_at IS NULL
          ORDER BY m.created_at, u.id LIMIT 1) a ON true
      WHERE w.id = $1`,
    [workspaceId],
  );
  const person = (id: string | null | undefined, name: string | null | undefined) =>
    id ? { id, name: name ?? 'someone' } : null;
  return { driftOwner: person(row?.ownerId, row?.ownerName), admin: person(row?.adminId, row?.adminName) };
}

export async function categoryWithOwner(
  sql: Sql,
  categoryId: string,
): Promise<{ name: string; owner: Person | null } | null> {
  const row = await maybeOne<{ name: string; ownerId: string | null; ownerName: string | null }>(
    sql,
    `SELECT c.name, u.id AS "ownerId", u.name AS "ownerName"
       FROM categories c LEFT JOIN users u ON u.id = c.owner_user_id AND u.disabled_at IS NULL
      WHERE c.id = $1`,
    [categoryId],
  );
  if (!row) return null;
  return {
    name: row.name,
    owner: row.ownerId ? { id: row.ownerId, name: row.ownerName ?? 'someone' } : null,
  };
}
