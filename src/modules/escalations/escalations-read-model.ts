import type { Sql } from '../../platform/db/database.js';
import { escalationSummary } from './escalation-messages.js';
import { mayResolve } from './escalation-owner.js';
import { isWorkspaceAdmin } from './escalation-store.js';

// What the Escalations page and the API show: what is escalated, whose it is (and why that
// person), since when it is overdue or failing, and the owner's own deadline.

export type EscalationStatus = 'open' | 'resolved';

export interface EscalationView {
  id: string;
  kind: 'overdue_review' | 'dead_letter';
  status: EscalationStatus;
  level: 1 | 2;
  /** What is escalated, in one line. */
  summary: string;
  /** Who must act now; null only when the workspace has nobody to give it to. */
  owner: { id: string; name: string } | null;
  /** Why this person ("owner of queue Billing"). */
  ownerReason: string;
  queue: { id: string; name: string };
  ticket: { id: string; subject: string; source: string; externalId: string } | null;
  reviewItem: { id: string; status: string; dueAt: Date } | null;
  effect: { id: string; kind: string; status: string; attempts: number; lastError: string | null } | null;
  /** Since when it is overdue (the review's deadline) or failing (when the effect died). */
  since: Date;
  /** Minutes from `since` until now, or until it was resolved. */
  overdueMinutes: number;
  openedAt: Date;
  /** The current owner's deadline; at level 1, the moment it goes to the fallback owner. */
  dueAt: Date;
  raisedToFallbackAt: Date | null;
  /** Why nobody was notified, or null when notifications went out. */
  notNotifiedReason: string | null;
  resolvedAt: Date | null;
  resolvedByName: string | null;
  resolutionNote: string | null;
  /** Whether the viewer may resolve it (its owner, the queue's owners, or an admin). */
  canResolve: boolean;
}

export interface EscalationViewer {
  workspaceId: string;
  /** null for an API key: it sees everything and mine is empty. */
  userId: string | null;
}

export interface EscalationListQuery {
  status: EscalationStatus;
  /** Only those the viewer owns now. */
  mine: boolean;
  limit: number;
}

export interface EscalationCounts {
  open: number;
  resolved: number;
  /** Open escalations the viewer owns now (the badge in the top bar). */
  mineOpen: number;
}

/** The columns that reach the view as they are; the rest are flattened joins. */
type Row = Pick<
  EscalationView,
  | 'id'
  | 'kind'
  | 'status'
  | 'level'
  | 'ownerReason'
  | 'since'
  | 'openedAt'
  | 'dueAt'
  | 'raisedToFallbackAt'
  | 'notNotifiedReason'
  | 'resolvedAt'
  | 'resolvedByName'
  | 'resolutionNote'
> & {
  ownerUserId: string | null;
  ownerName: string | null;
  queueId: string;
  queueName: string;
  queueOwnerUserId: string | null;
  queueFallbackOwnerUserId: string | null;
  ticketId: string | null;
  ticketSubject: string | null;
  ticketSource: string | null;
  ticketExternalId: string | null;
  reviewItemId: string | null;
  reviewStatus: string | null;
  reviewDueAt: Date | null;
  effectId: string | null;
  effectKind: string | null;
  effectStatus: string | null;
  effectAttempts: number | null;
  effectLastError: string | null;
};

const select = `
  SELECT e.id, e.kind, e.status, e.level, e.owner_user_id AS "ownerUserId", u.name AS "ownerName",
         e.owner_reason AS "ownerReason", q.id AS "queueId", q.name AS "queueName",
         q.owner_user_id AS "queueOwnerUserId", q.fallback_owner_user_id AS "queueFallbackOwnerUserId",
         t.id AS "ticketId", t.subject AS "ticketSubject", t.source AS "ticketSource",
         t.external_id AS "ticketExternalId", r.id AS "reviewItemId", r.status AS "reviewStatus",
         r.due_at AS "reviewDueAt", o.id AS "effectId", o.kind AS "effectKind", o.status AS "effectStatus",
         o.attempts AS "effectAttempts", o.last_error AS "effectLastError",
         COALESCE(r.due_at, e.opened_at) AS since, e.opened_at AS "openedAt", e.due_at AS "dueAt",
         e.raised_to_fallback_at AS "raisedToFallbackAt", e.not_notified_reason AS "notNotifiedReason",
         e.resolved_at AS "resolvedAt", e.resolved_by_name AS "resolvedByName",
         e.resolution_note AS "resolutionNote"
    FROM escalations e
    JOIN review_queues q ON q.id = e.queue_id
    LEFT JOIN users u ON u.id = e.owner_user_id
    LEFT JOIN tickets t ON t.id = e.ticket_id
    LEFT JOIN review_items r ON r.id = e.review_item_id
    LEFT JOIN outbox o ON o.id = e.outbox_id`;

function toView(row: Row, viewer: EscalationViewer, isAdmin: boolean, now: Date): EscalationView {
  const end = row.resolvedAt ?? now;
  const queue = { ownerUserId: row.queueOwnerUserId, fallbackOwnerUserId: row.queueFallbackOwnerUserId };
  const ticket =
    row.ticketId === null
      ? null
      : {
          id: row.ticketId,
          subject: row.ticketSubject ?? '',
          source: row.ticketSource ?? '',
          externalId: row.ticketExternalId ?? '',
        };
  const effect =
    row.effectId === null
      ? null
      : {
          id: row.effectId,
          kind: row.effectKind ?? '',
          status: row.effectStatus ?? '',
          attempts: row.effectAttempts ?? 0,
          lastError: row.effectLastError,
        };
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    level: row.level,
    summary: escalationSummary({ kind: row.kind, queueName: row.queueName, ticket, effect }),
    owner: row.ownerUserId ? { id: row.ownerUserId, name: row.ownerName ?? 'someone' } : null,
    ownerReason: row.ownerReason,
    queue: { id: row.queueId, name: row.queueName },
    ticket,
    reviewItem:
      row.reviewItemId && row.reviewDueAt
        ? { id: row.reviewItemId, status: row.reviewStatus ?? '', dueAt: row.reviewDueAt }
        : null,
    effect,
    since: row.since,
    overdueMinutes: Math.max(0, Math.floor((end.getTime() - row.since.getTime()) / 60_000)),
    openedAt: row.openedAt,
    dueAt: row.dueAt,
    raisedToFallbackAt: row.raisedToFallbackAt,
    notNotifiedReason: row.notNotifiedReason,
    resolvedAt: row.resolvedAt,
    resolvedByName: row.resolvedByName,
    resolutionNote: row.resolutionNote,
    canResolve:
      row.status === 'open' && (viewer.userId === null || mayResolve(viewer.userId, row, queue, isAdmin)),
  };
}

const adminOf = (sql: Sql, viewer: EscalationViewer) =>
  viewer.userId ? isWorkspaceAdmin(sql, viewer.workspaceId, viewer.userId) : Promise.resolve(true);

/**
 * A workspace's escalations: open ones longest overdue first, resolved ones latest first,
 * with counts for the tabs and the top bar's badge.
 */
export async function listEscalations(
  sql: Sql,
  viewer: EscalationViewer,
  query: EscalationListQuery,
  now: Date,
): Promise<{ items: EscalationView[]; counts: EscalationCounts }> {
  const order = query.status === 'open' ? 'since, e.opened_at, e.id' : 'e.resolved_at DESC, e.id';
  // An API key (no user) owns nothing: "mine" is empty for it.
  const rows = await sql.query<Row>(
    `${select} WHERE e.workspace_id = $1 AND e.status = $2 AND (NOT $4::boolean OR e.owner_user_id = $3::uuid)
      ORDER BY ${order} LIMIT $5`,
    [viewer.workspaceId, query.status, viewer.userId, query.mine, query.limit],
  );
  const [counts] = await sql.query<EscalationCounts>(
    `SELECT count(*) FILTER (WHERE status = 'open')::int AS open,
            count(*) FILTER (WHERE status = 'resolved')::int AS resolved,
            count(*) FILTER (WHERE status = 'open' AND owner_user_id = $2::uuid)::int AS "mineOpen"
       FROM escalations WHERE workspace_id = $1`,
    [viewer.workspaceId, viewer.userId],
  );
  const isAdmin = await adminOf(sql, viewer);
  return {
    items: rows.map((row) => toView(row, viewer, isAdmin, now)),
    counts: counts ?? { open: 0, resolved: 0, mineOpen: 0 },
  };
}

export async function getEscalation(
  sql: Sql,
  viewer: EscalationViewer,
  id: string,
  now: Date,
): Promise<EscalationView | undefined> {
  const [row] = await sql.query<Row>(`${select} WHERE e.workspace_id = $1 AND e.id = $2`, [
    viewer.workspaceId,
    id,
  ]);
  return row && toView(row, viewer, await adminOf(sql, viewer), now);
}
