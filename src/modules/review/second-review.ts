import type { Clock } from '../../platform/clock.js';
import { maybeOne, one, type Sql } from '../../platform/db/database.js';
import { appendEvent, systemActor } from '../../platform/events/index.js';
import { dueAt } from './due-at.js';
import type { LockedItem } from './review-item-lock.js';
import { sampledForSecondReview } from './second-review-sampling.js';
import { reviewSettings } from './review-settings.js';

// A sampled share of resolved first reviews goes, blind, to a second reviewer in the same
// queue: someone other than the first reviewer, who sees the ticket and the AI's
// suggestions but not the first answer. The pairs of answers measure how consistently the
// team applies its categories (Cohen's kappa); the second answer records no label.

const sampler = systemActor('Second-review sample');

/**
 * Opens the second review of a just-resolved first review when the workspace's share
 * samples it, in the caller's transaction. Returns the new item's id, or null.
 */
export async function openSecondReviewIfSampled(
  tx: Sql,
  clock: Clock,
  workspaceId: string,
  first: LockedItem,
): Promise<string | null> {
  const { secondReviewShare } = await reviewSettings(tx, workspaceId);
  if (first.kind !== 'first' || !sampledForSecondReview(first.id, secondReviewShare)) return null;
  const { slaMinutes } = await one<{ slaMinutes: number }>(
    tx,
    'SELECT sla_minutes AS "slaMinutes" FROM review_queues WHERE id = $1',
    [first.queueId],
  );
  const now = clock.now();
  const due = dueAt(now, slaMinutes);
  // A ticket whose earlier second review is still open keeps that one: one at a time.
  const created = await maybeOne<{ id: string }>(
    tx,
    `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, kind, first_item_id, queue_id,
       due_at, created_at)
     VALUES ($1, $2, $3, 'open', 'second_review', 'second', $4, $5, $6, $7)
     ON CONFLICT DO NOTHING RETURNING id`,
    [workspaceId, first.ticketId, first.decisionId, first.id, first.queueId, due, now],
  );
  if (!created) return null;
  await appendEvent(tx, {
    workspaceId,
    actor: sampler,
    action: 'second_review.opened',
    subjectType: 'ticket',
    subjectId: first.ticketId,
    payload: {
      reviewItemId: created.id,
      firstItemId: first.id,
      queueId: first.queueId,
      dueAt: due.toISOString(),
      share: secondReviewShare,
    },
    occurredAt: now,
  });
  return created.id;
}
