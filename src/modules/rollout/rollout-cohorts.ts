import { json, maybeOne, one } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import type { Gate, Stage, TargetStage } from './rollout-gates.js';
import { appendRolloutEvent, type RolloutContext, type RolloutDeps, writeStage } from './rollout-store.js';

// Cohorts and their members, the workspace default stage and the gates: settings of the
// rollout, each change with its event.

export async function createCohort(
  deps: RolloutDeps,
  ctx: RolloutContext,
  input: { name: string; isControl: boolean },
): Promise<{ id: string; name: string; position: number; isControl: boolean }> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const taken = await maybeOne(
      tx,
      'SELECT 1 FROM rollout_cohorts WHERE workspace_id = $1 AND lower(name) = lower($2)',
      [ctx.workspaceId, input.name],
    );
    if (taken) throw new AppError('conflict', `A cohort named ${input.name} exists already.`);
    if (input.isControl) {
      const control = await maybeOne(
        tx,
        'SELECT 1 FROM rollout_cohorts WHERE workspace_id = $1 AND is_control',
        [ctx.workspaceId],
      );
      if (control) throw new AppError('conflict', 'The workspace has a control cohort already.');
    }
    // A new cohort is the next wave.
    const cohort = await one<{ id: string; name: string; position: number; isControl: boolean }>(
      tx,
      `INSERT INTO rollout_cohorts (workspace_id, name, position, is_control, created_at)
       VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM rollout_cohorts WHERE workspace_id = $1), $3, $4)
       RETURNING id, name, position, is_control AS "isControl"`,
      [ctx.workspaceId, input.name, input.isControl, now],
    );
    await appendRolloutEvent(
      tx,
      ctx,
      'rollout.cohort_created',
      { type: 'rollout_cohort', id: cohort.id },
      cohort,
      now,
    );
    return cohort;
  });
}

/**
 * Adds people to a cohort. Someone already in a cohort stays there (the earlier wave keeps them,
 * and nobody loses the AI because a wave was added): they are reported as kept.
 */
export async function addCohortMembers(
  deps: RolloutDeps,
  ctx: RolloutContext,
  cohortId: string,
  userIds: string[],
): Promise<{ added: string[]; kept: { userId: string; cohortId: string }[] }> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await cohortOf(tx, ctx.workspaceId, cohortId);
    const added: string[] = [];
    const kept: { userId: string; cohortId: string }[] = [];
    for (const userId of [...new Set(userIds)]) {
      const member = await maybeOne(
        tx,
        'SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2',
        [ctx.workspaceId, userId],
      );
      if (!member) throw notFound('Workspace member', userId);
      const inserted = await tx.query(
        `INSERT INTO rollout_cohort_members (workspace_id, user_id, cohort_id, added_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (workspace_id, user_id) DO NOTHING RETURNING user_id`,
        [ctx.workspaceId, userId, cohortId, now],
      );
      if (inserted.length > 0) {
        added.push(userId);
      } else {
        const where = await one<{ cohortId: string }>(
          tx,
          'SELECT cohort_id AS "cohortId" FROM rollout_cohort_members WHERE workspace_id = $1 AND user_id = $2',
          [ctx.workspaceId, userId],
        );
        kept.push({ userId, cohortId: where.cohortId });
      }
    }
    if (added.length > 0) {
      await appendRolloutEvent(
        tx,
        ctx,
        'rollout.members_added',
        { type: 'rollout_cohort', id: cohortId },
        { added },
        now,
      );
    }
    return { added, kept };
  });
}

/** The only way out of a cohort: an explicit removal, recorded. */
export async function removeCohortMember(
  deps: RolloutDeps,
  ctx: RolloutContext,
  cohortId: string,
  userId: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const removed = await tx.query(
      'DELETE FROM rollout_cohort_members WHERE workspace_id = $1 AND cohort_id = $2 AND user_id = $3 RETURNING user_id',
      [ctx.workspaceId, cohortId, userId],
    );
    if (removed.length === 0) throw notFound('Cohort member', userId);
    await appendRolloutEvent(
      tx,
      ctx,
      'rollout.member_removed',
      { type: 'rollout_cohort', id: cohortId },
      { userId },
      deps.clock.now(),
    );
  });
}

/** The stage of unassigned tickets and of people in no cohort, for one category. */
export async function setDefaultStage(
  deps: RolloutDeps,
  ctx: RolloutContext,
  categoryId: string,
  stage: Stage,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const category = await maybeOne(tx, 'SELECT 1 FROM categories WHERE workspace_id = $1 AND id = $2', [
      ctx.workspaceId,
      categoryId,
    ]);
    if (!category) throw notFound('Category', categoryId);
    const before = await maybeOne<{ stage: Stage }>(
      tx,
      'SELECT stage FROM rollout_stages WHERE workspace_id = $1 AND cohort_id IS NULL AND category_id = $2',
      [ctx.workspaceId, categoryId],
    );
    const id = await writeStage(tx, ctx.workspaceId, null, categoryId, stage, now);
    await appendRolloutEvent(
      tx,
      ctx,
      'rollout.default_stage_set',
      { type: 'rollout_stage', id },
      { categoryId, before: before?.stage ?? 'auto', after: stage },
      now,
    );
  });
}

export async function setGates(
  deps: RolloutDeps,
  ctx: RolloutContext,
  toStage: TargetStage,
  gates: Gate[],
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.query(
      `INSERT INTO rollout_gate_sets (workspace_id, to_stage, gates, updated_at) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (workspace_id, to_stage) DO UPDATE SET gates = excluded.gates, updated_at = excluded.updated_at`,
      [ctx.workspaceId, toStage, json(gates), now],
    );
    await appendRolloutEvent(
      tx,
      ctx,
      'rollout.gates_changed',
      { type: 'rollout_gates', id: toStage },
      { toStage, gates },
      now,
    );
  });
}

export async function cohortOf(
  tx: Parameters<typeof maybeOne>[0],
  workspaceId: string,
  cohortId: string,
): Promise<{ id: string; name: string; isControl: boolean }> {
  const cohort = await maybeOne<{ id: string; name: string; isControl: boolean }>(
    tx,
    'SELECT id, name, is_control AS "isControl" FROM rollout_cohorts WHERE workspace_id = $1 AND id = $2',
    [workspaceId, cohortId],
  );
  if (!cohort) throw notFound('Cohort', cohortId);
  return cohort;
}
