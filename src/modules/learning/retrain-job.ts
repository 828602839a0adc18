import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { systemActor } from '../../platform/events/index.js';
import type { ChampionCache } from './model-registry.js';
import { trainWorkspaceModel } from './train-workspace-model.js';

const scheduler = systemActor('Scheduled retraining');

/**
 * The worker's scheduled retraining: trains a candidate for every workspace whose labels arrived
 * after its newest model's training data. A workspace being trained elsewhere, or without enough
 * labels yet, is skipped until the next tick.
 */
export async function retrainDueWorkspaces(deps: {
  db: Database;
  clock: Clock;
  champions: ChampionCache;
}): Promise<{ trained: { workspaceId: string; version: number; status: string }[]; skipped: number }> {
  const due = await deps.db.query<{ workspaceId: string }>(
    `SELECT l.workspace_id AS "workspaceId" FROM labels l
      GROUP BY l.workspace_id
     HAVING max(l.seq) > coalesce((SELECT max(m.label_watermark) FROM models m WHERE m.workspace_id = l.workspace_id), 0)`,
  );
  const trained: { workspaceId: string; version: number; status: string }[] = [];
  let skipped = 0;
  for (const { workspaceId } of due) {
    try {
      const result = await trainWorkspaceModel(
        deps,
        { workspaceId, actor: scheduler },
        { trigger: 'schedule' },
      );
      trained.push({ workspaceId, version: result.version, status: result.status });
    } catch (error) {
      if (
        error instanceof AppError &&
        (error.code === 'training_in_progress' || error.code === 'training_impossible')
      ) {
        skipped++;
        continue;
      }
      throw error;
    }
  }
  return { trained, skipped };
}
