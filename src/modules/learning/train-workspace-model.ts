import type { Clock } from '../../platform/clock.js';
import { type Database, json, one } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { actorId, appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { describeModel, serializeModel, TrainingError, trainModel } from '../classifier/index.js';
import type { ChampionCache } from './model-registry.js';
import { trainingLabels } from './training-labels.js';

export interface TrainingResult {
  modelId: string;
  version: number;
  exampleCount: number;
  categoryCount: number;
  labelWatermark: number;
  trainSeconds: number;
  artifactBytes: number;
}

export type TrainingStep = 'loading labels' | 'training' | 'saving';

/**
 * Trains a new model on every ticket's latest human label (retired categories left out)
 * and makes it the champion. The previous champion is retired, not deleted, so it can be
 * restored.
 */
export async function trainWorkspaceModel(
  deps: { db: Database; clock: Clock; champions: ChampionCache },
  ctx: RequestContext,
  onStep: (step: TrainingStep) => void = () => undefined,
): Promise<TrainingResult> {
  onStep('loading labels');
  const { watermark } = await one<{ watermark: number }>(
    deps.db,
    'SELECT coalesce(max(seq), 0)::bigint AS watermark FROM labels WHERE workspace_id = $1',
    [ctx.workspaceId],
  );
  const { examples, conflicting } = await trainingLabels(deps.db, ctx.workspaceId, watermark);

  onStep('training');
  const started = performance.now();
  let model: ReturnType<typeof trainModel>;
  try {
    model = trainModel(examples);
  } catch (error) {
    if (error instanceof TrainingError) {
      throw new AppError('training_impossible', `Cannot train yet: ${error.message}`, {
        reason: error.reason,
      });
    }
    throw error;
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const artifact = serializeModel(model);
  const summary = describeModel(model);

  onStep('saving');
  const result = await deps.db.transaction(async (tx) => {
    const { version } = await one<{ version: number }>(
      tx,
      `SELECT coalesce(max(version), 0)::int + 1 AS version FROM models WHERE workspace_id = $1`,
      [ctx.workspaceId],
    );
    const previous = await tx.query<{ id: string; version: number }>(
      `UPDATE models SET status = 'retired' WHERE workspace_id = $1 AND status = 'champion' RETURNING id, version`,
      [ctx.workspaceId],
    );
    const trainingSummary = {
      exampleCount: examples.length,
      conflictingLeftOut: conflicting,
      categoryCount: summary.categories.length,
      featureCount: summary.featureCount,
      trainSeconds: Number(trainSeconds.toFixed(3)),
    };
    const { id } = await one<{ id: string }>(
      tx,
      `INSERT INTO models (workspace_id, version, status, algorithm, label_watermark, training_summary, artifact,
         created_by_type, created_by_id, created_at)
       VALUES ($1, $2, 'champion', $3, $4, $5::jsonb, $6, $7, $8, $9) RETURNING id`,
      [
        ctx.workspaceId,
        version,
        summary.algorithm,
        watermark,
        json(trainingSummary),
        artifact,
        ctx.actor.type,
        actorId(ctx.actor),
        deps.clock.now(),
      ],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'model.trained',
      subjectType: 'model',
      subjectId: id,
      payload: { version, labelWatermark: watermark, ...trainingSummary, artifactBytes: artifact.byteLength },
      occurredAt: deps.clock.now(),
    });
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'model.promoted',
      subjectType: 'model',
      subjectId: id,
      payload: { version, replaced: previous.map((p) => p.version) },
      occurredAt: deps.clock.now(),
    });
    return { modelId: id, version };
  });
  deps.champions.remember(ctx.workspaceId, {
    id: result.modelId,
    version: result.version,
    model,
    labelWatermark: watermark,
  });
  return {
    ...result,
    exampleCount: examples.length,
    categoryCount: summary.categories.length,
    labelWatermark: watermark,
    trainSeconds,
    artifactBytes: artifact.byteLength,
  };
}
