import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { actorName } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { mayResolve } from './escalation-owner.js';
import { appendEscalationEvent, isWorkspaceAdmin } from './escalation-store.js';
import { type EscalationView, getEscalation } from './escalations-read-model.js';

export interface EscalationDeps {
  db: Database;
  clock: Clock;
}

/** The caller: a person, or an admin API key (no user; it acts for the workspace). */
export type EscalationActorContext = RequestContext & { userId: string | null };

interface LockedEscalation {
  id: string;
  workspaceId: string;
  status: 'open' | 'resolved';
  level: number;
  ticketId: string | null;
  outboxId: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  queueOwnerUserId: string | null;
  queueFallbackOwnerUserId: string | null;
}

/**
 * A person closes an escalation, saying what was done. Only its current owner, the queue's
 * owner or fallback owner, or an admin may: the escalation names who answers for it. The
 * review item or dead letter behind it is left as it is (the item stays in its queue; it is
 * not escalated a second time).
 */
export async function resolveEscalation(
  deps: EscalationDeps,
  ctx: EscalationActorContext,
  id: string,
  note: string,
): Promise<EscalationView> {
  await deps.db.transaction(async (tx) => {
    const e = await maybeOne<LockedEscalation>(
      tx,
      `SELECT e.id, e.workspace_id AS "workspaceId", e.status, e.level, e.ticket_id AS "ticketId",
              e.outbox_id AS "outboxId", e.owner_user_id AS "ownerUserId", u.name AS "ownerName",
              q.owner_user_id AS "queueOwnerUserId", q.fallback_owner_user_id AS "queueFallbackOwnerUserId"
         FROM escalations e
         JOIN review_queues q ON q.id = e.queue_id
         LEFT JOIN users u ON u.id = e.owner_user_id
        WHERE e.workspace_id = $1 AND e.id = $2
          FOR UPDATE OF e`,
      [ctx.workspaceId, id],
    );
    if (!e) throw notFound('Escalation', id);
    if (e.status !== 'open') {
      throw new AppError('conflict', 'This escalation was already resolved.', { escalationId: id });
    }
    if (ctx.userId !== null) {
      const queue = { ownerUserId: e.queueOwnerUserId, fallbackOwnerUserId: e.queueFallbackOwnerUserId };
      const admin = await isWorkspaceAdmin(tx, ctx.workspaceId, ctx.userId);
      if (!mayResolve(ctx.userId, e, queue, admin)) {
        throw new AppError(
          'forbidden',
          `Only ${e.ownerName ?? 'its owner'} (who owns it now), the queue's owner or fallback owner, or an admin can resolve this escalation.`,
          { escalationId: id, ownerUserId: e.ownerUserId },
        );
      }
    }
    const now = deps.clock.now();
    await tx.query(
      `UPDATE escalations SET status = 'resolved', resolved_at = $2, resolved_by = $3, resolved_by_name = $4,
              resolution_note = $5
        WHERE id = $1`,
      [id, now, ctx.userId, actorName(ctx.actor), note],
    );
    await appendEscalationEvent(
      tx,
      e,
      'escalation.resolved',
      { automatic: false, level: e.level, ownerUserId: e.ownerUserId, note },
      now,
      ctx.actor,
    );
  });
  return (await getEscalation(
    deps.db,
    { workspaceId: ctx.workspaceId, userId: ctx.userId },
    id,
    deps.clock.now(),
  ))!;
}
