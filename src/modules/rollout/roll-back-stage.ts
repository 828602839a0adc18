import { maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { previousStage, type Stage } from './rollout-gates.js';
import { appendRolloutEvent, type RolloutContext, type RolloutDeps, writeStage } from './rollout-store.js';

// Stepping a cohort × category back one stage: by itself when a live stage breaches its gates
// (check-rollout.ts), or by a person who decides to (this file's rollBackStage: the API and
// `triage rollout rollback`). Either way a step up waiting for that cell is cancelled, the
// reason is kept on the stage, and a rollout.rolled_back event records it.

export interface StageCell {
  id: string;
  cohortId: string | null;
  categoryId: string;
  stage: Stage;
}

/** Writes the lower stage and cancels a pending step up; returns the stage and cancelled step ups. */
export async function stepBack(
  tx: Sql,
  workspaceId: string,
  cell: StageCell,
  reason: string,
  now: Date,
): Promise<{ to: Stage; cancelled: string[] }> {
  const to = previousStage(cell.stage);
  if (!to) throw new AppError('conflict', 'The stage is off already: there is nothing to roll back.');
  await writeStage(tx, workspaceId, cell.cohortId, cell.categoryId, to, now, reason);
  const cancelled = await tx.query<{ id: string }>(
    `UPDATE rollout_step_ups SET status = 'cancelled', closed_at = $4
      WHERE workspace_id = $1 AND cohort_id IS NOT DISTINCT FROM $2::uuid AND category_id = $3 AND status = 'pending'
      RETURNING id`,
    [workspaceId, cell.cohortId, cell.categoryId, now],
  );
  return { to, cancelled: cancelled.map((c) => c.id) };
}

/** The rollout.rolled_back event: the cell, both stages, the reason, and what else the caller knows. */
export async function recordRollback(
  tx: Sql,
  ctx: Pick<RolloutContext, 'workspaceId' | 'actor'>,
  r: { cell: StageCell; to: Stage; reason: string; cancelled: string[] },
  details: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await appendRolloutEvent(
    tx,
    ctx,
    'rollout.rolled_back',
    { type: 'rollout_stage', id: r.cell.id },
    {
      cohortId: r.cell.cohortId,
      categoryId: r.cell.categoryId,
      from: r.cell.stage,
      to: r.to,
      reason: r.reason,
      cancelledStepUps: r.cancelled,
      ...details,
    },
    now,
  );
}

/**
 * A person steps a cohort's stage for a category back one step (say, after complaints the gates
 * do not measure yet). The reason is required: it is what the ladder and the history show.
 */
export async function rollBackStage(
  deps: RolloutDeps,
  ctx: RolloutContext,
  input: { cohortId: string; categoryId: string; reason: string },
): Promise<{ from: Stage; to: Stage; cancelledStepUps: string[] }> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('validation_failed', 'Say why the stage is rolled back.');
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const cell = await maybeOne<StageCell>(
      tx,
      `SELECT id, cohort_id AS "cohortId", category_id AS "categoryId", stage FROM rollout_stages
        WHERE workspace_id = $1 AND cohort_id = $2 AND category_id = $3 FOR UPDATE`,
      [ctx.workspaceId, input.cohortId, input.categoryId],
    );
    if (!cell) {
      const cohort = await maybeOne(tx, 'SELECT 1 FROM rollout_cohorts WHERE workspace_id = $1 AND id = $2', [
        ctx.workspaceId,
        input.cohortId,
      ]);
      if (!cohort) throw notFound('Cohort', input.cohortId);
      throw new AppError('conflict', 'The stage is off already: there is nothing to roll back.');
    }
    const { to, cancelled } = await stepBack(tx, ctx.workspaceId, cell, reason, now);
    await recordRollback(tx, ctx, { cell, to, reason, cancelled }, { manual: true }, now);
    return { from: cell.stage, to, cancelledStepUps: cancelled };
  });
}
