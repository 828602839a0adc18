import type { Clock } from '../../platform/clock.js';
import { type Database, json, maybeOne, one, type Sql } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { categoryKeyOf, requireLiveCategory } from '../categories/index.js';

// Review queues: one per team or group of categories. Each has an owner and a fallback
// owner (the people an overdue item escalates to), members who work it, and an SLA that
// sets every item's deadline. Every workspace has one default queue, the catch-all for
// unmapped categories and for tickets without a predicted category.

export interface ReviewQueue {
  id: string;
  key: string;
  name: string;
  ownerUserId: string | null;
  fallbackOwnerUserId: string | null;
  slaMinutes: number;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

export interface QueueDeps {
  db: Database;
  clock: Clock;
}

export interface QueueInput {
  key?: string;
  name: string;
  ownerUserId: string;
  fallbackOwnerUserId?: string | null;
  slaMinutes: number;
  memberIds?: string[];
}

export type QueueChanges = Partial<
  Pick<QueueInput, 'name' | 'ownerUserId' | 'fallbackOwnerUserId' | 'slaMinutes'>
>;

export const queueColumns = `id, key, name, owner_user_id AS "ownerUserId",
  fallback_owner_user_id AS "fallbackOwnerUserId", sla_minutes AS "slaMinutes", is_default AS "isDefault",
  created_at AS "createdAt", updated_at AS "updatedAt", archived_at AS "archivedAt"`;

export const DEFAULT_SLA_MINUTES = 24 * 60;

/**
 * The workspace's default queue, created (with an event) if it does not exist yet. Safe
 * to call in any transaction: a concurrent creator makes this one find the other's row.
 */
export async function ensureDefaultQueue(
  tx: Sql,
  clock: Clock,
  workspaceId: string,
  actor: Actor,
): Promise<ReviewQueue> {
  const existing = await maybeOne<ReviewQueue>(
    tx,
    `SELECT ${queueColumns} FROM review_queues WHERE workspace_id = $1 AND is_default`,
    [workspaceId],
  );
  if (existing) return existing;
  const [created] = await tx.query<ReviewQueue>(
    `INSERT INTO review_queues (workspace_id, key, name, sla_minutes, is_default, created_at, updated_at)
     VALUES ($1, 'default', 'Default queue', $2, true, $3, $3)
     ON CONFLICT DO NOTHING RETURNING ${queueColumns}`,
    [workspaceId, DEFAULT_SLA_MINUTES, clock.now()],
  );
  if (!created) {
    return one<ReviewQueue>(
      tx,
      `SELECT ${queueColumns} FROM review_queues WHERE workspace_id = $1 AND is_default`,
      [workspaceId],
    );
  }
  await appendEvent(tx, {
    workspaceId,
    actor,
    action: 'review_queue.created',
    subjectType: 'review_queue',
    subjectId: created.id,
    payload: { key: created.key, name: created.name, slaMinutes: created.slaMinutes, isDefault: true },
    occurredAt: clock.now(),
  });
  return created;
}

/** Makes `userId` owner and member of the default queue when it has no owner yet (first start). */
export async function adoptDefaultQueue(
  tx: Sql,
  clock: Clock,
  input: { workspaceId: string; userId: string },
  actor: Actor,
): Promise<void> {
  const queue = await ensureDefaultQueue(tx, clock, input.workspaceId, actor);
  if (queue.ownerUserId) return;
  await tx.query(`UPDATE review_queues SET owner_user_id = $2, updated_at = $3 WHERE id = $1`, [
    queue.id,
    input.userId,
    clock.now(),
  ]);
  await tx.query(
    `INSERT INTO review_queue_members (queue_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [queue.id, input.userId],
  );
  await appendEvent(tx, {
    workspaceId: input.workspaceId,
    actor,
    action: 'review_queue.updated',
    subjectType: 'review_queue',
    subjectId: queue.id,
    payload: {
      before: { ownerUserId: null },
      after: { ownerUserId: input.userId },
      addedMemberIds: [input.userId],
    },
    occurredAt: clock.now(),
  });
}

/** Fails with `validation_failed` unless every id is an active person of the workspace. */
async function requireWorkspaceUsers(tx: Sql, workspaceId: string, ids: readonly string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await tx.query<{ id: string }>(
    `SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id AND m.workspace_id = $1
      WHERE u.disabled_at IS NULL AND u.id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))`,
    [workspaceId, json(wanted)],
  );
  const known = new Set(found.map((u) => u.id));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      'validation_failed',
      `No active person of this workspace has id ${unknown.join(', ')}.`,
      {
        unknownUserIds: unknown,
      },
    );
  }
}

function checkOwners(owner: string | null, fallback: string | null | undefined) {
  if (owner && fallback && owner === fallback) {
    throw new AppError('validation_failed', 'The fallback owner must be someone other than the owner.');
  }
}

async function requireLiveQueue(tx: Sql, workspaceId: string, id: string): Promise<ReviewQueue> {
  const queue = await maybeOne<ReviewQueue>(
    tx,
    `SELECT ${queueColumns} FROM review_queues WHERE workspace_id = $1 AND id = $2 AND archived_at IS NULL FOR UPDATE`,
    [workspaceId, id],
  );
  if (!queue) throw notFound('Review queue', id);
  return queue;
}

async function requireFreeName(tx: Sql, workspaceId: string, name: string, key: string, exceptId?: string) {
  const clash = await maybeOne(
    tx,
    `SELECT 1 FROM review_queues WHERE workspace_id = $1 AND id IS DISTINCT FROM $4::uuid
        AND (key = $2 OR (lower(name) = lower($3) AND archived_at IS NULL))`,
    [workspaceId, key, name, exceptId ?? null],
  );
  if (clash)
    throw new AppError('conflict', `A review queue named "${name}" or keyed "${key}" already exists.`);
}

export async function createQueue(
  deps: QueueDeps,
  ctx: RequestContext,
  input: QueueInput,
): Promise<ReviewQueue> {
  return deps.db.transaction(async (tx) => {
    const key = input.key ?? categoryKeyOf(input.name);
    checkOwners(input.ownerUserId, input.fallbackOwnerUserId);
    const memberIds = [...new Set(input.memberIds ?? [])];
    await requireWorkspaceUsers(tx, ctx.workspaceId, [
      input.ownerUserId,
      ...(input.fallbackOwnerUserId ? [input.fallbackOwnerUserId] : []),
      ...memberIds,
    ]);
    // Every workspace has its default queue before any other.
    await ensureDefaultQueue(tx, deps.clock, ctx.workspaceId, ctx.actor);
    await requireFreeName(tx, ctx.workspaceId, input.name, key);
    const now = deps.clock.now();
    const queue = await one<ReviewQueue>(
      tx,
      `INSERT INTO review_queues (workspace_id, key, name, owner_user_id, fallback_owner_user_id, sla_minutes,
         created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${queueColumns}`,
      [
        ctx.workspaceId,
        key,
        input.name,
        input.ownerUserId,
        input.fallbackOwnerUserId ?? null,
        input.slaMinutes,
        now,
      ],
    );
    await insertMembers(tx, queue.id, memberIds, now);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'review_queue.created',
      subjectType: 'review_queue',
      subjectId: queue.id,
      payload: {
        key,
        name: queue.name,
        ownerUserId: queue.ownerUserId,
        fallbackOwnerUserId: queue.fallbackOwnerUserId,
        slaMinutes: queue.slaMinutes,
        memberIds,
      },
      occurredAt: now,
    });
    return queue;
  });
}

async function insertMembers(tx: Sql, queueId: string, userIds: readonly string[], now: Date) {
  if (userIds.length === 0) return;
  await tx.query(
    `INSERT INTO review_queue_members (queue_id, user_id, added_at)
     SELECT $1, value::uuid, $3 FROM jsonb_array_elements_text($2::jsonb) ON CONFLICT DO NOTHING`,
    [queueId, json(userIds), now],
  );
}

export async function updateQueue(
  deps: QueueDeps,
  ctx: RequestContext,
  id: string,
  changes: QueueChanges,
): Promise<ReviewQueue> {
  return deps.db.transaction(async (tx) => {
    const before = await requireLiveQueue(tx, ctx.workspaceId, id);
    const after = { ...before, ...changes };
    checkOwners(after.ownerUserId, after.fallbackOwnerUserId);
    await requireWorkspaceUsers(
      tx,
      ctx.workspaceId,
      [changes.ownerUserId, changes.fallbackOwnerUserId].filter((u): u is string => typeof u === 'string'),
    );
    if (changes.name) await requireFreeName(tx, ctx.workspaceId, changes.name, before.key, id);
    // Open items keep the deadline they were given: an SLA change applies to new items.
    const updated = await one<ReviewQueue>(
      tx,
      `UPDATE review_queues SET name = $2, owner_user_id = $3, fallback_owner_user_id = $4, sla_minutes = $5,
         updated_at = $6
       WHERE id = $1 RETURNING ${queueColumns}`,
      [id, after.name, after.ownerUserId, after.fallbackOwnerUserId, after.slaMinutes, deps.clock.now()],
    );
    const pick = (q: ReviewQueue) =>
      Object.fromEntries(Object.keys(changes).map((k) => [k, q[k as keyof ReviewQueue]]));
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'review_queue.updated',
      subjectType: 'review_queue',
      subjectId: id,
      payload: { before: pick(before), after: pick(updated) },
      occurredAt: deps.clock.now(),
    });
    return updated;
  });
}

/** The people who work the queue besides its owners become exactly `userIds`. */
export async function setQueueMembers(
  deps: QueueDeps,
  ctx: RequestContext,
  id: string,
  userIds: readonly string[],
): Promise<{ memberIds: string[] }> {
  return deps.db.transaction(async (tx) => {
    await requireLiveQueue(tx, ctx.workspaceId, id);
    const wanted = [...new Set(userIds)];
    await requireWorkspaceUsers(tx, ctx.workspaceId, wanted);
    const before = (
      await tx.query<{ userId: string }>(
        `SELECT user_id AS "userId" FROM review_queue_members WHERE queue_id = $1 ORDER BY user_id`,
        [id],
      )
    ).map((m) => m.userId);
    await tx.query(
      `DELETE FROM review_queue_members WHERE queue_id = $1
          AND user_id NOT IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))`,
      [id, json(wanted)],
    );
    await insertMembers(tx, id, wanted, deps.clock.now());
    const memberIds = [...wanted].sort();
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'review_queue.members_set',
      subjectType: 'review_queue',
      subjectId: id,
      payload: { before, after: memberIds },
      occurredAt: deps.clock.now(),
    });
    return { memberIds };
  });
}

/**
 * Sends a category's review items to a queue from now on (the default queue means
 * "unmapped"). Its open items nobody has claimed move along; claimed ones stay with the
 * person working them. Moved items keep their deadline.
 */
export async function assignCategoryToQueue(
  deps: QueueDeps,
  ctx: RequestContext,
  queueId: string,
  categoryRef: string,
): Promise<{ categoryId: string; queueId: string; movedItems: number }> {
  return deps.db.transaction(async (tx) => {
    const queue = await requireLiveQueue(tx, ctx.workspaceId, queueId);
    const category = await requireLiveCategory(tx, ctx.workspaceId, categoryRef);
    const previous = await maybeOne<{ queueId: string }>(
      tx,
      `SELECT queue_id AS "queueId" FROM review_queue_categories WHERE category_id = $1 FOR UPDATE`,
      [category.id],
    );
    if (queue.isDefault) {
      await tx.query('DELETE FROM review_queue_categories WHERE category_id = $1', [category.id]);
    } else {
      await tx.query(
        `INSERT INTO review_queue_categories (category_id, queue_id, assigned_at) VALUES ($1, $2, $3)
         ON CONFLICT (category_id) DO UPDATE SET queue_id = EXCLUDED.queue_id, assigned_at = EXCLUDED.assigned_at`,
        [category.id, queue.id, deps.clock.now()],
      );
    }
    const moved = await tx.query<{ id: string }>(
      `UPDATE review_items r SET queue_id = $3
         FROM decisions d
        WHERE d.id = r.decision_id AND r.workspace_id = $1 AND d.category_id = $2
          AND r.status = 'open' AND r.claimed_by IS NULL AND r.queue_id <> $3
       RETURNING r.id`,
      [ctx.workspaceId, category.id, queue.id],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'review_queue.category_assigned',
      subjectType: 'review_queue',
      subjectId: queue.id,
      payload: {
        categoryId: category.id,
        fromQueueId: previous?.queueId ?? null,
        movedItemIds: moved.map((m) => m.id),
      },
      occurredAt: deps.clock.now(),
    });
    return { categoryId: category.id, queueId: queue.id, movedItems: moved.length };
  });
}

/**
 * Archives a queue: its categories become unmapped and its open items (claims dropped,
 * deadlines kept) move to the default queue. Its resolved items keep pointing at it.
 */
export async function archiveQueue(deps: QueueDeps, ctx: RequestContext, id: string): Promise<ReviewQueue> {
  return deps.db.transaction(async (tx) => {
    const queue = await requireLiveQueue(tx, ctx.workspaceId, id);
    if (queue.isDefault)
      throw new AppError('conflict', 'The default queue cannot be archived: it is the catch-all.');
    const fallback = await ensureDefaultQueue(tx, deps.clock, ctx.workspaceId, ctx.actor);
    const categories = await tx.query<{ categoryId: string }>(
      `DELETE FROM review_queue_categories WHERE queue_id = $1 RETURNING category_id AS "categoryId"`,
      [id],
    );
    const moved = await tx.query<{ id: string }>(
      `UPDATE review_items SET queue_id = $2, claimed_by = NULL, claimed_at = NULL
        WHERE queue_id = $1 AND status = 'open' RETURNING id`,
      [id, fallback.id],
    );
    const archived = await one<ReviewQueue>(
      tx,
      `UPDATE review_queues SET archived_at = $2, updated_at = $2 WHERE id = $1 RETURNING ${queueColumns}`,
      [id, deps.clock.now()],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'review_queue.archived',
      subjectType: 'review_queue',
      subjectId: id,
      payload: {
        unmappedCategoryIds: categories.map((c) => c.categoryId),
        movedItemIds: moved.map((m) => m.id),
        toQueueId: fallback.id,
      },
      occurredAt: deps.clock.now(),
    });
    return archived;
  });
}
