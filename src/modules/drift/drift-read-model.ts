import { maybeOne, type Sql } from '../../platform/db/database.js';
import type { DriftFigures, Severity } from './drift-detectors.js';
import type { DriftKind } from './drift-messages.js';

// Drift alerts as people read them: what drifts, whose it is and why, the figures and, for a
// candidate new category, its example tickets.

export type DriftStatus = 'open' | 'acknowledged' | 'resolved';

export interface DriftAlertView {
  id: string;
  kind: DriftKind;
  key: string;
  severity: Severity;
  status: DriftStatus;
  title: string;
  figures: DriftFigures | null;
  examples: { ticketId: string; subject: string }[];
  members: number;
  category: { id: string; name: string } | null;
  owner: { id: string; name: string } | null;
  ownerReason: string;
  openedAt: Date;
  updatedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedByName: string | null;
  resolvedAt: Date | null;
  resolvedByName: string | null;
  resolutionNote: string | null;
  resolvedAutomatically: boolean;
  notNotifiedReason: string | null;
}

interface AlertRow extends Omit<DriftAlertView, 'category' | 'owner'> {
  categoryId: string | null;
  categoryName: string | null;
  ownerId: string | null;
  ownerName: string | null;
}

const SELECT = `
  SELECT a.id, a.kind, a.key, a.severity, a.status, a.title, a.figures, a.examples,
         jsonb_array_length(a.member_ticket_ids)::int AS members,
         a.category_id AS "categoryId", c.name AS "categoryName",
         a.owner_user_id AS "ownerId", u.name AS "ownerName", a.owner_reason AS "ownerReason",
         a.opened_at AS "openedAt", a.updated_at AS "updatedAt",
         a.acknowledged_at AS "acknowledgedAt", a.acknowledged_by_name AS "acknowledgedByName",
         a.resolved_at AS "resolvedAt", a.resolved_by_name AS "resolvedByName",
         a.resolution_note AS "resolutionNote", a.resolved_automatically AS "resolvedAutomatically",
         a.not_notified_reason AS "notNotifiedReason"
    FROM drift_alerts a
    LEFT JOIN categories c ON c.id = a.category_id
    LEFT JOIN users u ON u.id = a.owner_user_id`;

function viewOf(r: AlertRow): DriftAlertView {
  const { categoryId, categoryName, ownerId, ownerName, ...rest } = r;
  return {
    ...rest,
    category: categoryId ? { id: categoryId, name: categoryName ?? '' } : null,
    owner: ownerId ? { id: ownerId, name: ownerName ?? 'someone' } : null,
  };
}

export interface DriftAlertList {
  items: DriftAlertView[];
  counts: { open: number; acknowledged: number; resolved: number };
}

/** Live alerts (open and acknowledged, critical first, newest first) or resolved ones (newest first). */
export async function listDriftAlerts(
  sql: Sql,
  workspaceId: string,
  filter: { status: 'live' | 'resolved'; limit: number },
): Promise<DriftAlertList> {
  const where = filter.status === 'live' ? `a.status <> 'resolved'` : `a.status = 'resolved'`;
  const order =
    filter.status === 'live'
      ? `a.status = 'acknowledged', a.severity = 'warning', a.opened_at DESC, a.id`
      : 'a.resolved_at DESC, a.id';
  const rows = await sql.query<AlertRow>(
    `${SELECT} WHERE a.workspace_id = $1 AND ${where} ORDER BY ${order} LIMIT $2`,
    [workspaceId, filter.limit],
  );
  const counts = await sql.query<{ status: DriftStatus; n: number }>(
    'SELECT status, count(*)::int AS n FROM drift_alerts WHERE workspace_id = $1 GROUP BY status',
    [workspaceId],
  );
  const count = (s: DriftStatus) => counts.find((c) => c.status === s)?.n ?? 0;
  return {
    items: rows.map(viewOf),
    counts: { open: count('open'), acknowledged: count('acknowledged'), resolved: count('resolved') },
  };
}

export async function getDriftAlert(
  sql: Sql,
  workspaceId: string,
  id: string,
): Promise<DriftAlertView | null> {
  const row = await maybeOne<AlertRow>(sql, `${SELECT} WHERE a.workspace_id = $1 AND a.id = $2`, [
    workspaceId,
    id,
  ]);
  return row ? viewOf(row) : null;
}
