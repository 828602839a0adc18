import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { actorName } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { appendDriftEvent, resolveAlert } from './drift-alerts.js';
import { type DriftAlertView, type DriftStatus, getDriftAlert } from './drift-read-model.js';

// What people do with a drift alert: acknowledge it (seen, being looked at: it stays live and
// still closes by itself when the drift clears) or resolve it (dealt with).

export interface DriftDeps {
  db: Database;
  clock: Clock;
}

export type DriftActorContext = RequestContext & { userId: string | null };

async function lockedStatus(tx: Sql, ctx: DriftActorContext, id: string): Promise<DriftStatus> {
  const row = await maybeOne<{ status: DriftStatus }>(
    tx,
    'SELECT status FROM drift_alerts WHERE workspace_id = $1 AND id = $2 FOR UPDATE',
    [ctx.workspaceId, id],
  );
  if (!row) throw notFound('Drift alert', id);
  if (row.status === 'resolved') {
    throw new AppError('conflict', 'This drift alert was already resolved.', { alertId: id });
  }
  return row.status;
}

export async function acknowledgeDriftAlert(
  deps: DriftDeps,
  ctx: DriftActorContext,
  id: string,
): Promise<DriftAlertView> {
  await deps.db.transaction(async (tx) => {
    // Acknowledging twice changes nothing and says so with no second event.
    if ((await lockedStatus(tx, ctx, id)) === 'acknowledged') return;
    const now = deps.clock.now();
    await tx.query(
      `UPDATE drift_alerts SET status = 'acknowledged', acknowledged_at = $2, acknowledged_by_name = $3, updated_at = $2
        WHERE id = $1`,
      [id, now, actorName(ctx.actor)],
    );
    await appendDriftEvent(tx, ctx.workspaceId, id, 'drift.alert_acknowledged', {}, now, ctx.actor);
  });
  return (await getDriftAlert(deps.db, ctx.workspaceId, id))!;
}

export async function resolveDriftAlert(
  deps: DriftDeps,
  ctx: DriftActorContext,
  id: string,
  note: string | null,
): Promise<DriftAlertView> {
  await deps.db.transaction(async (tx) => {
    await lockedStatus(tx, ctx, id);
    await resolveAlert(
      tx,
      ctx.workspaceId,
      id,
      { automatic: false, note, userId: ctx.userId, actor: ctx.actor, actorName: actorName(ctx.actor) },
      deps.clock.now(),
    );
  });
  return (await getDriftAlert(deps.db, ctx.workspaceId, id))!;
}
