import type { Clock } from '../../platform/clock.js';
import { type Database, json, maybeOne, type Sql } from '../../platform/db/database.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';
import { DEFAULT_GATES, type Gate, type Stage, type TargetStage } from './rollout-gates.js';

// Shared reads and writes of the rollout tables, each in the caller's transaction.

export interface RolloutDeps {
  db: Database;
  clock: Clock;
  config: {
    rollout: {
      windowDays: number;
      autoApprovers: number;
      /** Set where e-mail is configured: a rollback notice goes to the owner alone (rollback-notice.ts). */
      ownerEmail?: unknown;
    };
  };
}

export interface RolloutContext {
  workspaceId: string;
  actor: Actor;
  userId: string | null;
}

export type RolloutAction =
  | 'rollout.cohort_created'
  | 'rollout.members_added'
  | 'rollout.member_removed'
  | 'rollout.default_stage_set'
  | 'rollout.gates_changed'
  | 'rollout.step_up_requested'
  | 'rollout.step_up_approved'
  | 'rollout.stage_changed'
  | 'rollout.rolled_back';

export async function appendRolloutEvent(
  tx: Sql,
  ctx: { workspaceId: string; actor: Actor },
  action: RolloutAction,
  subject: { type: 'rollout_cohort' | 'rollout_stage' | 'rollout_step_up' | 'rollout_gates'; id: string },
  payload: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await appendEvent(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    payload,
    occurredAt: at,
  });
}

/** The gates of a step up into `toStage`: the workspace's own, or the defaults. */
export async function gatesOf(sql: Sql, workspaceId: string, toStage: TargetStage): Promise<Gate[]> {
  const row = await maybeOne<{ gates: Gate[] }>(
    sql,
    'SELECT gates FROM rollout_gate_sets WHERE workspace_id = $1 AND to_stage = $2',
    [workspaceId, toStage],
  );
  return row?.gates ?? DEFAULT_GATES[toStage];
}

export async function allGates(sql: Sql, workspaceId: string): Promise<Record<TargetStage, Gate[]>> {
  return {
    shadow: await gatesOf(sql, workspaceId, 'shadow'),
    suggest: await gatesOf(sql, workspaceId, 'suggest'),
    auto: await gatesOf(sql, workspaceId, 'auto'),
  };
}

/** A cohort's stage for a category: 'off' until a step up says otherwise. */
export async function cohortStage(
  sql: Sql,
  workspaceId: string,
  cohortId: string,
  categoryId: string,
): Promise<Stage> {
  const row = await maybeOne<{ stage: Stage }>(
    sql,
    'SELECT stage FROM rollout_stages WHERE workspace_id = $1 AND cohort_id = $2 AND category_id = $3',
    [workspaceId, cohortId, categoryId],
  );
  return row?.stage ?? 'off';
}

/** Writes a cell's stage (cohortId null: the workspace default), keeping its last evaluation. */
export async function writeStage(
  tx: Sql,
  workspaceId: string,
  cohortId: string | null,
  categoryId: string,
  stage: Stage,
  at: Date,
  rolledBackReason: string | null = null,
): Promise<string> {
  const updated = await tx.query<{ id: string }>(
    `UPDATE rollout_stages SET stage = $4, changed_at = $5, rolled_back_reason = $6
      WHERE workspace_id = $1 AND cohort_id IS NOT DISTINCT FROM $2::uuid AND category_id = $3 RETURNING id`,
    [workspaceId, cohortId, categoryId, stage, at, rolledBackReason],
  );
  if (updated[0]) return updated[0].id;
  const [inserted] = await tx.query<{ id: string }>(
    `INSERT INTO rollout_stages (workspace_id, cohort_id, category_id, stage, changed_at, rolled_back_reason)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [workspaceId, cohortId, categoryId, stage, at, rolledBackReason],
  );
  return inserted!.id;
}

export async function saveEvaluation(tx: Sql, stageId: string, results: unknown, at: Date): Promise<void> {
  await tx.query('UPDATE rollout_stages SET gate_results = $2::jsonb, evaluated_at = $3 WHERE id = $1', [
    stageId,
    json(results),
    at,
  ]);
}
