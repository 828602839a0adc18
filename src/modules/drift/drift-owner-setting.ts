import { maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { appendEvent } from '../../platform/events/index.js';
import type { DriftActorContext, DriftDeps } from './act-on-drift-alert.js';

// The workspace's drift owner: the person every new drift alert goes to. Unset, alerts about
// one category go to its owner and the rest to the earliest admin.

export interface DriftOwnerSetting {
  owner: { id: string; name: string } | null;
}

export async function driftOwnerSetting(sql: Sql, workspaceId: string): Promise<DriftOwnerSetting> {
  const row = await maybeOne<{ id: string; name: string }>(
    sql,
    `SELECT u.id, u.name FROM drift_settings s JOIN users u ON u.id = s.owner_user_id
      WHERE s.workspace_id = $1`,
    [workspaceId],
  );
  return { owner: row ?? null };
}

/** Sets (or, with null, clears) the drift owner; they must be an active member of the workspace. */
export async function setDriftOwner(
  deps: DriftDeps,
  ctx: DriftActorContext,
  ownerUserId: string | null,
): Promise<DriftOwnerSetting> {
  return deps.db.transaction(async (tx) => {
    if (ownerUserId) {
      const member = await maybeOne<{ userId: string }>(
        tx,
        `SELECT m.user_id AS "userId" FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.workspace_id = $1 AND m.user_id = $2 AND u.disabled_at IS NULL`,
        [ctx.workspaceId, ownerUserId],
      );
      if (!member) {
        throw new AppError(
          'validation_failed',
          'The drift owner must be an active member of this workspace.',
          {
            ownerUserId,
          },
        );
      }
    }
    const before = await driftOwnerSetting(tx, ctx.workspaceId);
    const now = deps.clock.now();
    await tx.query(
      `INSERT INTO drift_settings (workspace_id, owner_user_id, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET owner_user_id = $2, updated_at = $3`,
      [ctx.workspaceId, ownerUserId, now],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'drift.owner_set',
      subjectType: 'workspace',
      subjectId: ctx.workspaceId,
      payload: { before: before.owner?.id ?? null, after: ownerUserId },
      occurredAt: now,
    });
    return driftOwnerSetting(tx, ctx.workspaceId);
  });
}
