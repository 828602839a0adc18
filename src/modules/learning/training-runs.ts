import type { Clock } from '../../platform/clock.js';
import { maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { type Actor, actorId } from '../../platform/events/index.js';

export type TrainingTrigger = 'manual' | 'schedule' | 'upgrade' | 'seed';

/** The steps of a training and the share of the work done when each begins. */
export const trainingSteps = {
  'loading labels': 0,
  training: 10,
  evaluating: 80,
  saving: 90,
  done: 100,
} as const;

export type TrainingStep = keyof typeof trainingSteps;

export interface TrainingRun {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  step: string;
  percent: number;
  trigger: TrainingTrigger;
  modelId: string | null;
  modelVersion: number | null;
  error: string | null;
  startedByType: string;
  startedById: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

const columns = `id, status, step, percent, trigger, model_id AS "modelId", model_version AS "modelVersion", error,
  started_by_type AS "startedByType", started_by_id AS "startedById", started_at AS "startedAt",
  updated_at AS "updatedAt", finished_at AS "finishedAt"`;

// A running row not touched for this long belongs to a process that died mid-training: the
// longest step (training Banking77-sized data) takes well under a minute.
const ABANDONED_AFTER_MS = 15 * 60_000;

/**
 * Starts a training run, or refuses with `training_in_progress` while another process trains this
 * workspace: the partial unique index on running rows decides, on both databases.
 */
export async function startTrainingRun(
  sql: Sql,
  clock: Clock,
  input: { workspaceId: string; actor: Actor; trigger: TrainingTrigger },
): Promise<TrainingRun> {
  const now = clock.now();
  await sql.query(
    `UPDATE training_runs SET status = 'failed', error = 'abandoned: its process stopped reporting', finished_at = $2
      WHERE workspace_id = $1 AND status = 'running' AND updated_at < $3`,
    [input.workspaceId, now, new Date(now.getTime() - ABANDONED_AFTER_MS)],
  );
  const run = await maybeOne<TrainingRun>(
    sql,
    `INSERT INTO training_runs (workspace_id, status, step, percent, trigger, started_by_type, started_by_id,
       started_at, updated_at)
     VALUES ($1, 'running', 'loading labels', 0, $2, $3, $4, $5, $5)
     ON CONFLICT (workspace_id) WHERE status = 'running' DO NOTHING RETURNING ${columns}`,
    [input.workspaceId, input.trigger, input.actor.type, actorId(input.actor), now],
  );
  if (!run) {
    throw new AppError(
      'training_in_progress',
      'A model is already being trained for this workspace; wait for it to finish.',
    );
  }
  return run;
}

export async function reportTrainingStep(
  sql: Sql,
  clock: Clock,
  runId: string,
  step: string,
  percent: number,
) {
  await sql.query(`UPDATE training_runs SET step = $2, percent = $3, updated_at = $4 WHERE id = $1`, [
    runId,
    step,
    percent,
    clock.now(),
  ]);
}

export async function finishTrainingRun(
  sql: Sql,
  clock: Clock,
  runId: string,
  outcome: { modelId: string; modelVersion: number } | { error: string },
) {
  const now = clock.now();
  if ('error' in outcome) {
    await sql.query(
      `UPDATE training_runs SET status = 'failed', error = $2, updated_at = $3, finished_at = $3 WHERE id = $1`,
      [runId, outcome.error, now],
    );
    return;
  }
  await sql.query(
    `UPDATE training_runs SET status = 'succeeded', step = 'done', percent = 100, model_id = $2, model_version = $3,
       updated_at = $4, finished_at = $4 WHERE id = $1`,
    [runId, outcome.modelId, outcome.modelVersion, now],
  );
}

export const latestTrainingRun = (sql: Sql, workspaceId: string) =>
  maybeOne<TrainingRun>(
    sql,
    `SELECT ${columns} FROM training_runs WHERE workspace_id = $1 ORDER BY started_at DESC, id DESC LIMIT 1`,
    [workspaceId],
  );

export const trainingRunById = (sql: Sql, workspaceId: string, id: string) =>
  maybeOne<TrainingRun>(sql, `SELECT ${columns} FROM training_runs WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
  ]);
