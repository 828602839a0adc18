import type { Clock } from '../../platform/clock.js';
import { type Database, json, one } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { actorId, appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { deserializeModel } from '../classifier/index.js';
import { decisionPolicyOf } from '../decisions/index.js';
import { placeTrainedModel } from './model-lifecycle.js';
import { trainingDataSummary } from './model-metrics.js';
import type { ChampionCache } from './model-registry.js';
import { ThreadTrainingError, trainInThread } from './train-in-thread.js';
import {
  finishTrainingRun,
  reportTrainingStep,
  startTrainingRun,
  type TrainingStep,
  type TrainingTrigger,
  trainingSteps,
} from './training-runs.js';
import { trainingLabels } from './training-labels.js';

export interface TrainingResult {
  modelId: string;
  version: number;
  /** 'champion' for the workspace's first model, else 'challenger' until the promotion gate decides. */
  status: 'champion' | 'challenger';
  runId: string;
  exampleCount: number;
  categoryCount: number;
  labelWatermark: number;
  trainSeconds: number;
  artifactBytes: number;
}

export type { TrainingStep };

export interface TrainOptions {
  trigger?: TrainingTrigger;
  /** Make the new model champion at once (replacing a champion this version cannot read). */
  replaceChampion?: boolean;
  /** Hears each step and stage with the percentage done, as stored in the training run. */
  onStep?: (step: string, percent: number) => void;
}

/**
 * Trains a candidate on every ticket's latest human label (retired categories left out) and
 * registers it with its training data summary and held-out metrics. The first model of a workspace
 * becomes champion; a later one becomes the challenger and shadows the champion until the
 * promotion gate decides (see model-lifecycle.ts). Progress is stored in `training_runs`, so
 * another process can follow it; a second training of the same workspace meanwhile is refused.
 */
export async function trainWorkspaceModel(
  deps: { db: Database; clock: Clock; champions: ChampionCache },
  ctx: RequestContext,
  options: TrainOptions = {},
): Promise<TrainingResult> {
  const run = await startTrainingRun(deps.db, deps.clock, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    trigger: options.trigger ?? 'manual',
  });
  let current: string = 'loading labels';
  // Progress arrives from the training thread faster than it is worth writing: the writes are
  // chained (never two at once) and a stage waits only for the writes before it.
  let writes = Promise.resolve();
  const step = async (name: string, percent: number = trainingSteps[name as TrainingStep]) => {
    current = name;
    options.onStep?.(name, percent);
    writes = writes.then(() => reportTrainingStep(deps.db, deps.clock, run.id, name, percent));
    await writes;
  };
  try {
    const result = await trainAndRegister(deps, ctx, options, step);
    await finishTrainingRun(deps.db, deps.clock, run.id, {
      modelId: result.modelId,
      modelVersion: result.version,
    });
    options.onStep?.('done', 100);
    return { ...result, runId: run.id };
  } catch (error) {
    // A run's steps are progress, not decisions; its end is an event either way (model.trained
    // when it succeeds).
    await deps.db.transaction(async (tx) => {
      await finishTrainingRun(tx, deps.clock, run.id, { error: (error as Error).message });
      await appendEvent(tx, {
        workspaceId: ctx.workspaceId,
        actor: ctx.actor,
        action: 'model.training_failed',
        subjectType: 'training_run',
        subjectId: run.id,
        payload: { trigger: run.trigger, step: current, error: (error as Error).message },
        occurredAt: deps.clock.now(),
      });
    });
    throw error;
  }
}

async function trainAndRegister(
  deps: { db: Database; clock: Clock; champions: ChampionCache },
  ctx: RequestContext,
  options: TrainOptions,
  step: (name: string, percent?: number) => Promise<void>,
): Promise<Omit<TrainingResult, 'runId'>> {
  await step('loading labels');
  const { watermark } = await one<{ watermark: number }>(
    deps.db,
    'SELECT coalesce(max(seq), 0)::bigint AS watermark FROM labels WHERE workspace_id = $1',
    [ctx.workspaceId],
  );
  const { examples, conflicting } = await trainingLabels(deps.db, ctx.workspaceId, watermark);

  const { targetPrecision } = await decisionPolicyOf(deps.db, ctx.workspaceId);
  await step('training');
  const stages: Promise<void>[] = [];
  let trained: Awaited<ReturnType<typeof trainInThread>>;
  try {
    trained = await trainInThread({ examples, targetPrecision }, (stage, done) => {
      const { training, evaluating } = trainingSteps;
      stages.push(
        stage === 'evaluating'
          ? step('evaluating')
          : step(`training: ${stage}`, training + done * (evaluating - training)),
      );
    });
  } catch (error) {
    if (error instanceof ThreadTrainingError && error.trainingErrorReason !== null) {
      throw new AppError('training_impossible', `Cannot train yet: ${error.message}`, {
        reason: error.trainingErrorReason,
      });
    }
    throw error;
  } finally {
    await Promise.all(stages);
  }
  const { artifact, metrics, summary, trainSeconds } = trained;

  await step('saving');
  const trainingSummary = {
    exampleCount: examples.length,
    conflictingLeftOut: conflicting,
    categoryCount: summary.categoryCount,
    featureCount: summary.featureCount,
    trainSeconds: Number(trainSeconds.toFixed(3)),
    data: trainingDataSummary(examples, watermark),
  };
  const result = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { version } = await one<{ version: number }>(
      tx,
      `SELECT coalesce(max(version), 0)::int + 1 AS version FROM models WHERE workspace_id = $1`,
      [ctx.workspaceId],
    );
    const { id } = await one<{ id: string }>(
      tx,
      `INSERT INTO models (workspace_id, version, status, algorithm, label_watermark, training_summary, metrics,
         artifact, created_by_type, created_by_id, created_at, status_reason)
       VALUES ($1, $2, 'candidate', $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10, 'trained') RETURNING id`,
      [
        ctx.workspaceId,
        version,
        summary.algorithm,
        watermark,
        json(trainingSummary),
        json(metrics),
        artifact,
        ctx.actor.type,
        actorId(ctx.actor),
        now,
      ],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'model.trained',
      subjectType: 'model',
      subjectId: id,
      payload: {
        version,
        labelWatermark: watermark,
        ...trainingSummary,
        metrics,
        artifactBytes: artifact.byteLength,
      },
      occurredAt: now,
    });
    const status = await placeTrainedModel(
      tx,
      { workspaceId: ctx.workspaceId, actor: ctx.actor, now },
      { id, version },
      { replaceChampion: options.replaceChampion ?? false },
    );
    return { modelId: id, version, status };
  });
  if (result.status === 'champion') {
    deps.champions.remember(ctx.workspaceId, {
      id: result.modelId,
      version: result.version,
      model: deserializeModel(artifact),
      labelWatermark: watermark,
    });
  }
  return {
    ...result,
    exampleCount: examples.length,
    categoryCount: summary.categoryCount,
    labelWatermark: watermark,
    trainSeconds,
    artifactBytes: artifact.byteLength,
  };
}
