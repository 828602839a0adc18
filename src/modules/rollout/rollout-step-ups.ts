import { maybeOne, one, type Sql } from '../../platform/db/database.js';
import { actorName } from '../../platform/events/index.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { cohortOf } from './rollout-cohorts.js';
import { evaluateGates, type GateResult, nextStage, type Stage, type TargetStage } from './rollout-gates.js';
import { cellKey, EMPTY_METRICS, gateMetricsByCell } from './rollout-metrics.js';
import {
  appendRolloutEvent,
  cohortStage,
  gatesOf,
  type RolloutContext,
  type RolloutDeps,
  saveEvaluation,
  writeStage,
} from './rollout-store.js';

// Moving a cohort × category one stage up: a request, then approvals by people other than the
// requester (one, or `autoApprovers` for auto). The gates must pass when it is requested and
// again when the last approval arrives; only then does the stage change.

export interface StepUpView {
  id: string;
  cohortId: string;
  categoryId: string;
  fromStage: Stage;
  toStage: TargetStage;
  /** The person who asked (null for an API key); they cannot approve it. */
  requestedBy: string | null;
  requestedByName: string;
  approvalsNeeded: number;
  approvals: { userId: string; name: string }[];
  status: 'pending' | 'applied' | 'cancelled';
}

const DAY_MS = 86_400_000;

/** The gates of stepping into `toStage`, evaluated now for one cell. */
export async function cellGates(
  sql: Sql,
  deps: RolloutDeps,
  workspaceId: string,
  cohortId: string | null,
  categoryId: string,
  toStage: TargetStage,
): Promise<GateResult[]> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - deps.config.rollout.windowDays * DAY_MS);
  const metrics = (await gateMetricsByCell(sql, workspaceId, since, now, { cohortId, categoryId })).get(
    cellKey(cohortId, categoryId),
  );
  return evaluateGates(await gatesOf(sql, workspaceId, toStage), metrics ?? EMPTY_METRICS);
}

function refuseFailingGates(results: GateResult[], toStage: TargetStage): void {
  const failing = results.filter((r) => !r.pass);
  if (failing.length > 0) {
    throw new AppError(
      'gates_not_passed',
      `The gates into ${toStage} do not pass yet: ${failing.map((r) => r.metric.replace(/_/g, ' ')).join(', ')}.`,
      { gates: results },
    );
  }
}

export async function requestStepUp(
  deps: RolloutDeps,
  ctx: RolloutContext,
  input: { cohortId: string; categoryId: string },
): Promise<StepUpView> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const cohort = await cohortOf(tx, ctx.workspaceId, input.cohortId);
    if (cohort.isControl)
      throw new AppError('conflict', `${cohort.name} is the control cohort: it never gets the AI.`);
    const category = await maybeOne(tx, 'SELECT 1 FROM categories WHERE workspace_id = $1 AND id = $2', [
      ctx.workspaceId,
      input.categoryId,
    ]);
    if (!category) throw notFound('Category', input.categoryId);
    const from = await cohortStage(tx, ctx.workspaceId, input.cohortId, input.categoryId);
    const to = nextStage(from);
    if (!to) throw new AppError('conflict', `${cohort.name} is at auto already.`);
    const pending = await maybeOne(
      tx,
      `SELECT 1 FROM rollout_step_ups WHERE workspace_id = $1 AND cohort_id = $2 AND category_id = $3 AND status = 'pending'`,
      [ctx.workspaceId, input.cohortId, input.categoryId],
    );
    if (pending)
      throw new AppError(
        'conflict',
        'A step up of this cohort and category is waiting for approval already.',
      );
    const gates = await cellGates(tx, deps, ctx.workspaceId, input.cohortId, input.categoryId, to);
    refuseFailingGates(gates, to);
    const approvalsNeeded = to === 'auto' ? deps.config.rollout.autoApprovers : 1;
    const { id } = await one<{ id: string }>(
      tx,
      `INSERT INTO rollout_step_ups (workspace_id, cohort_id, category_id, from_stage, to_stage, requested_by,
         requested_by_name, requested_at, approvals_needed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        ctx.workspaceId,
        input.cohortId,
        input.categoryId,
        from,
        to,
        ctx.userId,
        actorName(ctx.actor),
        now,
        approvalsNeeded,
      ],
    );
    await appendRolloutEvent(
      tx,
      ctx,
      'rollout.step_up_requested',
      { type: 'rollout_step_up', id },
      { cohortId: input.cohortId, categoryId: input.categoryId, from, to, approvalsNeeded, gates },
      now,
    );
    return stepUpView(tx, ctx.workspaceId, id);
  });
}

/**
 * Records one person's approval. The requester cannot approve their own step up; the last
 * approval needed re-checks the gates (failing, nothing is recorded) and moves the stage.
 */
export async function approveStepUp(
  deps: RolloutDeps,
  ctx: RolloutContext,
  stepUpId: string,
): Promise<StepUpView> {
  if (!ctx.userId) throw new AppError('forbidden', 'A step up is approved by a person, not an API key.');
  const userId = ctx.userId;
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    // Concurrent approvals of one step up queue here, so the approvals read below are exact.
    await tx.query('SELECT 1 FROM rollout_step_ups WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [
      ctx.workspaceId,
      stepUpId,
    ]);
    const stepUp = await stepUpView(tx, ctx.workspaceId, stepUpId);
    if (stepUp.status !== 'pending')
      throw new AppError('conflict', `The step up is ${stepUp.status} already.`);
    if (stepUp.requestedBy === userId) {
      throw new AppError('self_approval', 'You requested this step up, so someone else must approve it.');
    }
    if (stepUp.approvals.some((a) => a.userId === userId)) {
      throw new AppError('conflict', 'You approved this step up already.');
    }
    await tx.query(
      'INSERT INTO rollout_approvals (step_up_id, user_id, user_name, approved_at) VALUES ($1, $2, $3, $4)',
      [stepUpId, userId, actorName(ctx.actor), now],
    );
    const approvals = stepUp.approvals.length + 1;
    await appendRolloutEvent(
      tx,
      ctx,
      'rollout.step_up_approved',
      { type: 'rollout_step_up', id: stepUpId },
      { approvals, approvalsNeeded: stepUp.approvalsNeeded },
      now,
    );
    if (approvals >= stepUp.approvalsNeeded) {
      const gates = await cellGates(
        tx,
        deps,
        ctx.workspaceId,
        stepUp.cohortId,
        stepUp.categoryId,
        stepUp.toStage,
      );
      refuseFailingGates(gates, stepUp.toStage);
      const stageId = await writeStage(
        tx,
        ctx.workspaceId,
        stepUp.cohortId,
        stepUp.categoryId,
        stepUp.toStage,
        now,
      );
      await saveEvaluation(tx, stageId, gates, now);
      await tx.query(`UPDATE rollout_step_ups SET status = 'applied', closed_at = $2 WHERE id = $1`, [
        stepUpId,
        now,
      ]);
      await appendRolloutEvent(
        tx,
        ctx,
        'rollout.stage_changed',
        { type: 'rollout_stage', id: stageId },
        {
          cohortId: stepUp.cohortId,
          categoryId: stepUp.categoryId,
          from: stepUp.fromStage,
          to: stepUp.toStage,
          stepUpId,
          approvedBy: [...stepUp.approvals.map((a) => a.name), actorName(ctx.actor)],
          gates,
        },
        now,
      );
    }
    return stepUpView(tx, ctx.workspaceId, stepUpId);
  });
}

export async function stepUpView(sql: Sql, workspaceId: string, id: string): Promise<StepUpView> {
  const row = await maybeOne<Omit<StepUpView, 'approvals'>>(
    sql,
    `SELECT id, cohort_id AS "cohortId", category_id AS "categoryId", from_stage AS "fromStage", to_stage AS "toStage",
            requested_by AS "requestedBy", requested_by_name AS "requestedByName", approvals_needed AS "approvalsNeeded", status
       FROM rollout_step_ups WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  if (!row) throw notFound('Step up', id);
  const approvals = await sql.query<{ userId: string; name: string }>(
    'SELECT user_id AS "userId", user_name AS name FROM rollout_approvals WHERE step_up_id = $1 ORDER BY approved_at',
    [id],
  );
  return { ...row, approvals };
}
