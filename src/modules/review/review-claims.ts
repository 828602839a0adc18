import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { appendEvent } from '../../platform/events/index.js';
import { assertMayWork, isQueueOwner, lockItem, type ReviewerContext } from './review-item-lock.js';

// A claim says "I am on this one": while a person holds it, nobody else can claim or
// resolve the item. Claims do not expire; the holder, or the queue's owner or fallback
// owner, releases them explicitly.

export interface ClaimDeps {
  db: Database;
  clock: Clock;
}

export interface ItemClaim {
  id: string;
  claimedBy: string | null;
  claimedAt: Date | null;
}

/** Claims an open item for the calling person; claiming one's own claim again changes nothing. */
export async function claimItem(deps: ClaimDeps, ctx: ReviewerContext, itemId: string): Promise<ItemClaim> {
  const userId = ctx.userId;
  if (userId === null) {
    throw new AppError(
      'forbidden',
      'Only a person can claim a review item; an API key resolves it directly.',
    );
  }
  return deps.db.transaction(async (tx) => {
    const item = await lockItem(tx, ctx.workspaceId, itemId);
    await assertMayWork(tx, item, ctx);
    if (item.claimedBy === userId) return { id: item.id, claimedBy: userId, claimedAt: item.claimedAt };
    const now = deps.clock.now();
    await tx.query('UPDATE review_items SET claimed_by = $2, claimed_at = $3 WHERE id = $1', [
      item.id,
      userId,
      now,
    ]);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'review.claimed',
      subjectType: 'ticket',
      subjectId: item.ticketId,
      payload: { reviewItemId: item.id, queueId: item.queueId, kind: item.kind },
      occurredAt: now,
    });
    return { id: item.id, claimedBy: userId, claimedAt: now };
  });
}

/**
 * Gives a claimed item back to its queue. The holder may, and so may the queue's owner
 * and fallback owner (someone went home with items claimed). Releasing an unclaimed
 * item changes nothing, so a retry is harmless.
 */
export async function releaseItem(deps: ClaimDeps, ctx: ReviewerContext, itemId: string): Promise<ItemClaim> {
  return deps.db.transaction(async (tx) => {
    const item = await lockItem(tx, ctx.workspaceId, itemId);
    if (item.status !== 'open') {
      throw new AppError('already_resolved', 'This review item was already resolved.', { itemId: item.id });
    }
    if (!item.claimedBy) return { id: item.id, claimedBy: null, claimedAt: null };
    const mayRelease =
      item.claimedBy === ctx.userId ||
      ctx.userId === null ||
      (await isQueueOwner(tx, item.queueId, ctx.userId));
    if (!mayRelease) {
      throw new AppError(
        'item_already_claimed',
        `${item.claimedByName ?? 'Someone else'} has claimed this item; only they or the queue's owners can release it.`,
        { itemId: item.id, claimedBy: item.claimedBy },
      );
    }
    await tx.query('UPDATE review_items SET claimed_by = NULL, claimed_at = NULL WHERE id = $1', [item.id]);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'review.released',
      subjectType: 'ticket',
      subjectId: item.ticketId,
      payload: { reviewItemId: item.id, queueId: item.queueId, kind: item.kind, claimedBy: item.claimedBy },
      occurredAt: deps.clock.now(),
    });
    return { id: item.id, claimedBy: null, claimedAt: null };
  });
}
