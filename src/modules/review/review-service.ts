import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { requireLiveCategory } from '../categories/index.js';
import { type Label, recordLabel } from '../learning/index.js';

export interface ReviewDeps {
  db: Database;
  clock: Clock;
}

export interface ReviewQueueItem {
  id: string;
  ticketId: string;
  reason: string;
  createdAt: Date;
  subject: string;
  body: string;
  requester: string | null;
  outcome: string;
  suggestedCategoryId: string | null;
  suggestedCategoryName: string | null;
  confidence: number | null;
  modelVersion: number | null;
  rule: string;
  ranked: { categoryId: string; name: string; probability: number }[] | null;
  explanation: unknown;
}

/** The open review items, oldest first (the order a team works them). */
export async function reviewQueue(
  db: Database,
  workspaceId: string,
  options: { limit: number },
): Promise<{ items: ReviewQueueItem[]; total: number }> {
  const items = await db.query<ReviewQueueItem>(
    `SELECT r.id, r.ticket_id AS "ticketId", r.reason, r.created_at AS "createdAt", t.subject, t.body, t.requester,
            d.outcome, d.category_id AS "suggestedCategoryId", c.name AS "suggestedCategoryName",
            d.confidence, d.model_version AS "modelVersion", d.rule, p.ranked, p.explanation
       FROM review_items r
       JOIN tickets t ON t.id = r.ticket_id
       JOIN decisions d ON d.id = r.decision_id
       LEFT JOIN predictions p ON p.id = d.prediction_id
       LEFT JOIN categories c ON c.id = d.category_id
      WHERE r.workspace_id = $1 AND r.status = 'open'
      ORDER BY r.created_at, r.id
      LIMIT $2`,
    [workspaceId, options.limit],
  );
  const count = await maybeOne<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM review_items WHERE workspace_id = $1 AND status = 'open'`,
    [workspaceId],
  );
  return { items, total: count?.n ?? 0 };
}

export type ReviewResolution = { action: 'accept' } | { action: 'correct'; category: string };

/**
 * Resolves an open review item: accepting takes the AI's proposed category, correcting
 * takes the reviewer's. Either way the choice is a label the next training learns from.
 */
export async function resolveReviewItem(
  deps: ReviewDeps,
  ctx: RequestContext & { userId: string | null },
  itemId: string,
  resolution: ReviewResolution,
): Promise<{ label: Label; resolution: 'accepted' | 'corrected' }> {
  return deps.db.transaction(async (tx) => {
    const item = await maybeOne<{ id: string; ticketId: string; status: string; proposed: string | null }>(
      tx,
      `SELECT r.id, r.ticket_id AS "ticketId", r.status, d.category_id AS proposed
         FROM review_items r JOIN decisions d ON d.id = r.decision_id
        WHERE r.workspace_id = $1 AND r.id = $2 FOR UPDATE OF r`,
      [ctx.workspaceId, itemId],
    );
    if (!item) throw notFound('Review item', itemId);
    if (item.status !== 'open')
      throw new AppError('already_resolved', 'This review item was already resolved.');
    let categoryId: string;
    if (resolution.action === 'accept') {
      if (!item.proposed) {
        throw new AppError(
          'validation_failed',
          'There is no proposed category to accept; choose one instead.',
        );
      }
      categoryId = (await requireLiveCategory(tx, ctx.workspaceId, item.proposed)).id;
    } else {
      categoryId = (await requireLiveCategory(tx, ctx.workspaceId, resolution.category)).id;
    }
    const outcome = categoryId === item.proposed ? 'accepted' : 'corrected';
    const label = await recordLabel(tx, deps.clock, ctx, {
      ticketId: item.ticketId,
      categoryId,
      kind: outcome === 'accepted' ? 'accept' : 'correct',
    });
    await tx.query(
      `UPDATE review_items SET status = 'resolved', resolution = $2, resolved_by = $3, resolved_at = $4 WHERE id = $1`,
      [item.id, outcome, ctx.userId, deps.clock.now()],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'review.resolved',
      subjectType: 'ticket',
      subjectId: item.ticketId,
      payload: { reviewItemId: item.id, resolution: outcome, categoryId, proposedCategoryId: item.proposed },
      occurredAt: deps.clock.now(),
    });
    return { label, resolution: outcome };
  });
}
