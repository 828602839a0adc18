import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { appendEvent } from '../../platform/events/index.js';
import { liveTaxonomy, requireLiveCategory } from '../categories/index.js';
import {
  type ChampionCache,
  type Label,
  type LabelHook,
  type LabelKind,
  type LabelLearning,
  type LabelReasonCode,
  learningOfLabel,
  recordLabel,
} from '../learning/index.js';
import {
  assertMayWork,
  type LockedItem,
  lockItem,
  lockItems,
  type ReviewerContext,
} from './review-item-lock.js';
import { openSecondReviewIfSampled } from './second-review.js';

// Resolving a review item: accept the AI's proposal, correct it, or say that no category
// fits (proposing a new one). A first review's category is a label (accept or correct) and
// the ticket's category; "none fits" records no label. A blind second review's answer is a
// 'review' label that leaves the ticket's category alone (it measures agreement, it does not
// overrule) — but when it disagrees and nobody settles it, training leaves the ticket out
// (see learning/training-labels.ts). Resolving an unclaimed item needs no claim first, so
// accepting stays one keystroke.

export interface ResolveDeps {
  db: Database;
  clock: Clock;
  /** When given, the answer says whether this process's champion has learned the label. */
  champions?: ChampionCache;
  /** In the resolution's transaction, after a label is recorded (helpdesk write-back). */
  afterLabel?: LabelHook;
}

export type ReviewResolution =
  | { action: 'accept' }
  | { action: 'correct'; category: string }
  | { action: 'none_fits'; suggestedCategory: string };

export type ResolutionOutcome = 'accepted' | 'corrected' | 'none_fits';

export interface ResolvedItem {
  itemId: string;
  ticketId: string;
  kind: 'first' | 'second';
  resolution: ResolutionOutcome;
  categoryId: string | null;
  label: Label | null;
  /** The blind second review this resolution was sampled for, if any. */
  secondReviewItemId: string | null;
  /** Whether the model learned the label at once ("learned — v3+5 online"); null without a label. */
  learning: LabelLearning | null;
}

export async function resolveItem(
  deps: ResolveDeps,
  ctx: ReviewerContext,
  itemId: string,
  resolution: ReviewResolution,
): Promise<ResolvedItem> {
  const resolved = await deps.db.transaction(async (tx) => {
    const item = await lockItem(tx, ctx.workspaceId, itemId);
    await assertMayWork(tx, item, ctx);
    return resolveLocked(tx, deps, ctx, item, resolution);
  });
  return (await withLearning(deps, ctx.workspaceId, [resolved]))[0]!;
}

/**
 * After the commit: the champion's next lookup applies the new labels online (in this process
 * now, in every other on its next ticket), so the person can be told it has learned.
 */
async function withLearning(
  deps: ResolveDeps,
  workspaceId: string,
  resolved: ResolvedItem[],
): Promise<ResolvedItem[]> {
  if (!deps.champions || resolved.every((r) => !r.label)) return resolved;
  const champion = await deps.champions.champion(deps.db, workspaceId);
  return resolved.map((r) => ({ ...r, learning: r.label ? learningOfLabel(champion, r.label.seq) : null }));
}

/**
 * Resolves many first-review items to one category, all or nothing: every item is
 * checked before any is changed, and one refusal leaves all of them as they were.
 */
export async function bulkResolve(
  deps: ResolveDeps,
  ctx: ReviewerContext,
  input: { itemIds: readonly string[]; category: string },
): Promise<{ resolved: ResolvedItem[] }> {
  const ids = [...new Set(input.itemIds)];
  const resolved = await deps.db.transaction(async (tx) => {
    const category = await requireLiveCategory(tx, ctx.workspaceId, input.category);
    const items = await lockItems(tx, ctx.workspaceId, ids);
    const second = items.filter((i) => i.kind === 'second');
    if (second.length > 0) {
      throw new AppError('validation_failed', 'Second reviews are answered one by one, not in bulk.', {
        itemIds: second.map((i) => i.id),
      });
    }
    for (const item of items) await assertMayWork(tx, item, ctx);
    const resolved: ResolvedItem[] = [];
    for (const item of items) {
      resolved.push(await resolveLocked(tx, deps, ctx, item, { action: 'correct', category: category.id }));
    }
    return resolved;
  });
  return { resolved: await withLearning(deps, ctx.workspaceId, resolved) };
}

/**
 * The AI's proposal in today's taxonomy: a category merged since the decision is the one it went
 * into (accepting it records that one); a split or retired one is no proposal any more.
 */
async function currentProposal(tx: Sql, workspaceId: string, item: LockedItem): Promise<string | null> {
  if (!item.proposed) return null;
  return (await liveTaxonomy(tx, workspaceId)).resolve(item.proposed) ?? null;
}

async function chosenCategory(
  tx: Sql,
  workspaceId: string,
  proposed: string | null,
  resolution: ReviewResolution,
): Promise<string | null> {
  switch (resolution.action) {
    case 'accept':
      if (!proposed) {
        throw new AppError(
          'validation_failed',
          'There is no proposed category to accept; choose one instead.',
        );
      }
      return (await requireLiveCategory(tx, workspaceId, proposed)).id;
    case 'correct':
      return (await requireLiveCategory(tx, workspaceId, resolution.category)).id;
    case 'none_fits': {
      const existing = await maybeOne<{ id: string; name: string }>(
        tx,
        `SELECT id, name FROM categories WHERE workspace_id = $1 AND retired_at IS NULL AND lower(name) = lower($2)`,
        [workspaceId, resolution.suggestedCategory],
      );
      if (existing) {
        throw new AppError(
          'validation_failed',
          `A category named "${existing.name}" exists: choose it instead of "none fits".`,
          { categoryId: existing.id },
        );
      }
      return null;
    }
  }
}

/** What kind of label a resolution is, and why: the AI's proposal confirmed, or a person's correction. */
function labelKindOf(
  item: LockedItem,
  outcome: ResolutionOutcome,
): { kind: LabelKind; reasonCode: LabelReasonCode } {
  if (item.kind === 'second') return { kind: 'review', reasonCode: 'second_review' };
  if (outcome === 'accepted') return { kind: 'accept', reasonCode: 'accepted_suggestion' };
  // A correction of a proposal the AI made; without one (low confidence, out of scope,
  // human-only) the person chose the category from scratch.
  return { kind: 'correct', reasonCode: item.proposed ? 'corrected_prediction' : 'corrected_category' };
}

async function resolveLocked(
  tx: Sql,
  deps: ResolveDeps,
  ctx: ReviewerContext,
  item: LockedItem,
  resolution: ReviewResolution,
): Promise<ResolvedItem> {
  const proposed = await currentProposal(tx, ctx.workspaceId, item);
  const categoryId = await chosenCategory(tx, ctx.workspaceId, proposed, resolution);
  const outcome: ResolutionOutcome =
    categoryId === null ? 'none_fits' : categoryId === proposed ? 'accepted' : 'corrected';
  const suggestedCategory = resolution.action === 'none_fits' ? resolution.suggestedCategory : null;
  const label = categoryId
    ? await recordLabel(tx, deps.clock, ctx, {
        ticketId: item.ticketId,
        categoryId,
        proposedCategoryId: item.proposed,
        ...labelKindOf(item, outcome),
      })
    : null;
  if (label) await deps.afterLabel?.(tx, { workspaceId: ctx.workspaceId, label, actor: ctx.actor });
  await tx.query(
    `UPDATE review_items SET status = 'resolved', resolution = $2, resolved_by = $3, resolved_at = $4,
       resolved_category_id = $5, suggested_category = $6
     WHERE id = $1`,
    [item.id, outcome, ctx.userId, deps.clock.now(), categoryId, suggestedCategory],
  );
  await appendEvent(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: item.kind === 'first' ? 'review.resolved' : 'second_review.resolved',
    subjectType: 'ticket',
    subjectId: item.ticketId,
    payload: {
      reviewItemId: item.id,
      queueId: item.queueId,
      resolution: outcome,
      categoryId,
      proposedCategoryId: item.proposed,
      ...(suggestedCategory ? { suggestedCategory } : {}),
      ...(item.firstItemId ? { firstItemId: item.firstItemId } : {}),
    },
    occurredAt: deps.clock.now(),
  });
  const secondReviewItemId = await openSecondReviewIfSampled(tx, deps.clock, ctx.workspaceId, item);
  return {
    itemId: item.id,
    ticketId: item.ticketId,
    kind: item.kind,
    resolution: outcome,
    categoryId,
    label,
    secondReviewItemId,
    learning: null,
  };
}
