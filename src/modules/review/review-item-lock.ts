import { json, maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import type { RequestContext } from '../access/index.js';

// The rules every change to a review item checks, on the item's row locked for the rest
// of the transaction, so two people acting at once are serialised and the second one sees
// the first one's claim or resolution.

/** The caller of a review action: API keys have no user id (admin keys act for the workspace). */
export type ReviewerContext = RequestContext & { userId: string | null };

export interface LockedItem {
  id: string;
  ticketId: string;
  queueId: string;
  kind: 'first' | 'second';
  status: 'open' | 'resolved';
  decisionId: string;
  /** The AI's proposed category (the decision's), if any. */
  proposed: string | null;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: Date | null;
  firstItemId: string | null;
  /** Who resolved the first review this item is the second review of. */
  firstResolvedBy: string | null;
}

/** Locks the items (in id order, so concurrent bulk actions cannot deadlock) or fails with `not_found`. */
export async function lockItems(tx: Sql, workspaceId: string, ids: readonly string[]): Promise<LockedItem[]> {
  const rows = await tx.query<LockedItem>(
    `SELECT r.id, r.ticket_id AS "ticketId", r.queue_id AS "queueId", r.kind, r.status,
            r.decision_id AS "decisionId", d.category_id AS proposed, r.claimed_by AS "claimedBy",
            r.claimed_at AS "claimedAt", cu.name AS "claimedByName", r.first_item_id AS "firstItemId", f.resolved_by AS "firstResolvedBy"
       FROM review_items r
       JOIN decisions d ON d.id = r.decision_id
       LEFT JOIN users cu ON cu.id = r.claimed_by
       LEFT JOIN review_items f ON f.id = r.first_item_id
      WHERE r.workspace_id = $1 AND r.id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))
      ORDER BY r.id
      FOR UPDATE OF r`,
    [workspaceId, json(ids)],
  );
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError('not_found', `Review item ${missing.join(', ')} was not found.`, { itemIds: missing });
  }
  return rows;
}

export async function lockItem(tx: Sql, workspaceId: string, id: string): Promise<LockedItem> {
  const [item] = await lockItems(tx, workspaceId, [id]);
  if (!item) throw notFound('Review item', id);
  return item;
}

/** Owner, fallback owner or member: the people who may claim and resolve the queue's items. */
export async function canWorkQueue(sql: Sql, queueId: string, userId: string): Promise<boolean> {
  return (
    (await maybeOne(
      sql,
      `SELECT 1 FROM review_queues q
        WHERE q.id = $1 AND (q.owner_user_id = $2 OR q.fallback_owner_user_id = $2
          OR EXISTS (SELECT 1 FROM review_queue_members m WHERE m.queue_id = q.id AND m.user_id = $2))`,
      [queueId, userId],
    )) !== undefined
  );
}

export async function isQueueOwner(sql: Sql, queueId: string, userId: string): Promise<boolean> {
  return (
    (await maybeOne(
      sql,
      `SELECT 1 FROM review_queues WHERE id = $1 AND (owner_user_id = $2 OR fallback_owner_user_id = $2)`,
      [queueId, userId],
    )) !== undefined
  );
}

/**
 * Fails unless the caller may act on this open item now: nobody else holds its claim, a
 * person works its queue, and a second review is never done by the first reviewer.
 */
export async function assertMayWork(tx: Sql, item: LockedItem, ctx: ReviewerContext): Promise<void> {
  if (item.status !== 'open') {
    throw new AppError('already_resolved', 'This review item was already resolved.', { itemId: item.id });
  }
  if (item.claimedBy && item.claimedBy !== ctx.userId) {
    throw new AppError(
      'item_already_claimed',
      `${item.claimedByName ?? 'Someone else'} has claimed this item.`,
      {
        itemId: item.id,
        claimedBy: item.claimedBy,
      },
    );
  }
  // An admin API key (the only keys with review:resolve) acts for the whole workspace.
  if (ctx.userId === null) return;
  if (!(await canWorkQueue(tx, item.queueId, ctx.userId))) {
    throw new AppError('not_queue_member', 'You are not a member of the review queue this item is in.', {
      itemId: item.id,
      queueId: item.queueId,
    });
  }
  if (item.kind === 'second' && item.firstResolvedBy === ctx.userId) {
    throw new AppError(
      'forbidden',
      'You did the first review of this ticket; its second review is for someone else.',
      {
        itemId: item.id,
      },
    );
  }
}
