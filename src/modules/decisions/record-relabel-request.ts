import type { Clock } from '../../platform/clock.js';
import { json, one, type Sql } from '../../platform/db/database.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';
import { openReviewItem } from '../review/index.js';

export interface RelabelRequestInput {
  workspaceId: string;
  ticketId: string;
  /** Why a person must choose again, e.g. 'taxonomy_split'. */
  reason: string;
  /** The sentence reviewers read. */
  rule: string;
  inputs: Record<string, unknown>;
  /** The categories to choose from; the item goes to the first one's queue. */
  routeCategoryIds: readonly string[];
  actor: Actor;
}

/**
 * Asks a reviewer to label a ticket again because its category no longer exists as it was (a
 * split): a `needs_review` decision that proposes nothing, its `decision.made` event and a review
 * item in the queue of the new categories, in the caller's transaction. Resolving the item
 * records an ordinary label. Returns the review item's id.
 */
export async function recordRelabelRequest(
  tx: Sql,
  clock: Clock,
  input: RelabelRequestInput,
): Promise<string> {
  const now = clock.now();
  const { id: decisionId } = await one<{ id: string }>(
    tx,
    `INSERT INTO decisions (workspace_id, ticket_id, outcome, rule, reason, inputs, created_at)
     VALUES ($1, $2, 'needs_review', $3, $4, $5::jsonb, $6) RETURNING id`,
    [input.workspaceId, input.ticketId, input.rule, input.reason, json(input.inputs), now],
  );
  await appendEvent(tx, {
    workspaceId: input.workspaceId,
    actor: input.actor,
    action: 'decision.made',
    subjectType: 'ticket',
    subjectId: input.ticketId,
    payload: {
      decisionId,
      outcome: 'needs_review',
      categoryId: null,
      confidence: null,
      rule: input.rule,
      reason: input.reason,
      inputs: input.inputs,
    },
    occurredAt: now,
  });
  return openReviewItem(tx, clock, { ...input, decisionId });
}
