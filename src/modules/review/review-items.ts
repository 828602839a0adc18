import type { Clock } from '../../platform/clock.js';
import { maybeOne, one, type Sql } from '../../platform/db/database.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';
import { dueAt } from './due-at.js';
import { ensureDefaultQueue } from './review-queues.js';

/**
 * The queue a decision's review item goes to: the live queue its category is mapped to,
 * else the workspace's default queue (unmapped categories, no predicted category). An item
 * that proposes no category but is about some (relabelling after a split: about its new
 * categories) goes to the first of those mapped to a live queue.
 */
async function queueForDecision(
  tx: Sql,
  clock: Clock,
  input: { workspaceId: string; decisionId: string; actor: Actor; routeCategoryIds?: readonly string[] },
): Promise<{ id: string; slaMinutes: number }> {
  const mapped = input.routeCategoryIds
    ? await maybeOne<{ id: string; slaMinutes: number }>(
        tx,
        `SELECT q.id, q.sla_minutes AS "slaMinutes"
           FROM unnest($1::uuid[]) WITH ORDINALITY AS c(id, ord)
           JOIN review_queue_categories qc ON qc.category_id = c.id
           JOIN review_queues q ON q.id = qc.queue_id AND q.archived_at IS NULL
          ORDER BY c.ord LIMIT 1`,
        [input.routeCategoryIds],
      )
    : await maybeOne<{ id: string; slaMinutes: number }>(
        tx,
        `SELECT q.id, q.sla_minutes AS "slaMinutes"
           FROM decisions d
           JOIN review_queue_categories qc ON qc.category_id = d.category_id
           JOIN review_queues q ON q.id = qc.queue_id AND q.archived_at IS NULL
          WHERE d.id = $1`,
        [input.decisionId],
      );
  return mapped ?? ensureDefaultQueue(tx, clock, input.workspaceId, input.actor);
}

/**
 * Opens a review item for a ticket in the caller's transaction, in the queue its decision
 * routes to and due after that queue's SLA. A ticket has at most one open first review:
 * a newer decision supersedes the older one's item.
 */
export async function openReviewItem(
  tx: Sql,
  clock: Clock,
  input: {
    workspaceId: string;
    ticketId: string;
    decisionId: string;
    reason: string;
    actor: Actor;
    routeCategoryIds?: readonly string[];
  },
): Promise<string> {
  const now = clock.now();
  const superseded = await tx.query<{ id: string }>(
    `UPDATE review_items SET status = 'resolved', resolution = 'superseded', resolved_at = $2
      WHERE ticket_id = $1 AND status = 'open' AND kind = 'first' RETURNING id`,
    [input.ticketId, now],
  );
  const queue = await queueForDecision(tx, clock, input);
  const due = dueAt(now, queue.slaMinutes);
  const { id } = await one<{ id: string }>(
    tx,
    `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, queue_id, due_at, created_at)
     VALUES ($1, $2, $3, 'open', $4, $5, $6, $7) RETURNING id`,
    [input.workspaceId, input.ticketId, input.decisionId, input.reason, queue.id, due, now],
  );
  await appendEvent(tx, {
    workspaceId: input.workspaceId,
    actor: input.actor,
    action: 'review.opened',
    subjectType: 'ticket',
    subjectId: input.ticketId,
    payload: {
      reviewItemId: id,
      reason: input.reason,
      queueId: queue.id,
      dueAt: due.toISOString(),
      ...(superseded[0] ? { supersededItemId: superseded[0].id } : {}),
    },
    occurredAt: now,
  });
  return id;
}

/**
 * Closes a ticket's open first review as superseded, e.g. when a re-decision applied a category
 * itself. Returns the closed item's id, or null when there was none.
 */
export async function supersedeOpenReviewItem(
  tx: Sql,
  clock: Clock,
  input: { workspaceId: string; ticketId: string; actor: Actor; reason: string },
): Promise<string | null> {
  const now = clock.now();
  const closed = await maybeOne<{ id: string }>(
    tx,
    `UPDATE review_items SET status = 'resolved', resolution = 'superseded', resolved_at = $3
      WHERE workspace_id = $1 AND ticket_id = $2 AND status = 'open' AND kind = 'first' RETURNING id`,
    [input.workspaceId, input.ticketId, now],
  );
  if (!closed) return null;
  await appendEvent(tx, {
    workspaceId: input.workspaceId,
    actor: input.actor,
    action: 'review.superseded',
    subjectType: 'ticket',
    subjectId: input.ticketId,
    payload: { reviewItemId: closed.id, reason: input.reason },
    occurredAt: now,
  });
  return closed.id;
}
