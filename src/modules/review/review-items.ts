import type { Clock } from '../../platform/clock.js';
import { one, type Sql } from '../../platform/db/database.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';

/** Opens a review item for a ticket in the caller's transaction (at most one open per ticket). */
export async function openReviewItem(
  tx: Sql,
  clock: Clock,
  input: { workspaceId: string; ticketId: string; decisionId: string; reason: string; actor: Actor },
): Promise<string> {
  // A newer decision supersedes the open item of an older one.
  await tx.query(
    `UPDATE review_items SET status = 'resolved', resolved_at = $2 WHERE ticket_id = $1 AND status = 'open'`,
    [input.ticketId, clock.now()],
  );
  const { id } = await one<{ id: string }>(
    tx,
    `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, created_at)
     VALUES ($1, $2, $3, 'open', $4, $5) RETURNING id`,
    [input.workspaceId, input.ticketId, input.decisionId, input.reason, clock.now()],
  );
  await appendEvent(tx, {
    workspaceId: input.workspaceId,
    actor: input.actor,
    action: 'review.opened',
    subjectType: 'ticket',
    subjectId: input.ticketId,
    payload: { reviewItemId: id, reason: input.reason },
    occurredAt: clock.now(),
  });
  return id;
}
