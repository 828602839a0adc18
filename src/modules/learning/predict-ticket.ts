import type { Sql } from '../../platform/db/database.js';
import { listCategories } from '../categories/index.js';
import {
  autoApplyThresholds,
  PRODUCTION_THRESHOLDS,
  type Explanation,
  predict,
} from '../classifier/index.js';
import type { PredictionForDecision } from '../decisions/index.js';
import type { ChampionCache } from './model-registry.js';

export interface TicketPrediction extends PredictionForDecision {
  modelId: string;
  /** Corrections the champion had learned online when it predicted ("vN+k online"). */
  onlineCorrections: number;
  explanation: Explanation;
}

/**
 * Runs the workspace's champion on a ticket. Categories retired since the model was
 * trained are dropped and the rest renormalised, so the AI never proposes a retired one.
 * Each category's auto threshold is the model's, fitted to `targetPrecision` on its
 * held-out predictions. Returns null when the workspace has no model yet.
 */
export async function predictTicket(
  sql: Sql,
  champions: ChampionCache,
  workspaceId: string,
  input: { subject: string; body: string },
  targetPrecision: number,
): Promise<TicketPrediction | null> {
  const champion = await champions.champion(sql, workspaceId);
  if (!champion) return null;
  const prediction = predict(champion.model, input, { explain: true });
  const thresholds = autoApplyThresholds(champion.model, targetPrecision, PRODUCTION_THRESHOLDS);
  const thresholdOf = (categoryId: string) => {
    const entry = thresholds.perCategory[champion.model.categories.indexOf(categoryId)];
    return entry && !entry.suggestOnly ? entry.threshold : null;
  };
  const live = new Map((await listCategories(sql, workspaceId)).map((c) => [c.id, c]));
  const kept = prediction.ranked.filter((r) => live.has(r.category));
  const total = kept.reduce((sum, r) => sum + r.probability, 0) || 1;
  return {
    modelId: champion.id,
    modelVersion: champion.version,
    onlineCorrections: champion.onlineCorrections,
    explanation: prediction.explanation,
    outOfScope: prediction.outOfScope,
    ranked: kept.map((r) => {
      const c = live.get(r.category)!;
      return {
        categoryId: c.id,
        categoryName: c.name,
        probability: r.probability / total,
        autoThreshold: thresholdOf(r.category),
        autonomy: c.autonomy,
      };
    }),
  };
}
