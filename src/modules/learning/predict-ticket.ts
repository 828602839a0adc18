import type { Sql } from '../../platform/db/database.js';
import { liveTaxonomy, projectRanked } from '../categories/index.js';
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
 * Runs the workspace's champion on a ticket, read in today's taxonomy: a category merged since
 * the model was trained lends its probability to the category it went into; one split or
 * retired is dropped; the rest is renormalised — so the AI never proposes a retired category,
 * whatever model or online update produced the scores. Each category's auto threshold is the
 * model's, fitted to `targetPrecision` on its held-out predictions; a category the model never
 * saw (the new target of a merge) has none, so it is suggested, not applied, until retrained.
 * Returns null when the workspace has no model yet.
 */
export async function predictTicket(
  sql: Sql,
  champions: ChampionCache,
  workspaceId: string,
  input: { subject: string; body: string },
  targetPrecision: number,
): Promise<TicketPrediction | null> {
  return (await ticketPredictor(sql, champions, workspaceId, targetPrecision))?.(input) ?? null;
}

/**
 * The champion and today's taxonomy loaded once, for predicting many tickets in a row (the demo's
 * simulated history); each call is what predictTicket returns. Null when there is no model yet.
 */
export async function ticketPredictor(
  sql: Sql,
  champions: ChampionCache,
  workspaceId: string,
  targetPrecision: number,
): Promise<((input: { subject: string; body: string }) => TicketPrediction) | null> {
  const champion = await champions.champion(sql, workspaceId);
  if (!champion) return null;
  const thresholds = autoApplyThresholds(champion.model, targetPrecision, PRODUCTION_THRESHOLDS);
  const thresholdOf = (categoryId: string) => {
    const entry = thresholds.perCategory[champion.model.categories.indexOf(categoryId)];
    return entry && !entry.suggestOnly ? entry.threshold : null;
  };
  const taxonomy = await liveTaxonomy(sql, workspaceId);
  return (input) => {
    const prediction = predict(champion.model, input, { explain: true });
    const kept = projectRanked(prediction.ranked, taxonomy.resolve);
    const similar = prediction.explanation.similar.flatMap((example) => {
      const category = taxonomy.resolve(example.category);
      return category ? [{ ...example, category }] : [];
    });
    return {
      modelId: champion.id,
      modelVersion: champion.version,
      onlineCorrections: champion.onlineCorrections,
      explanation: { ...prediction.explanation, similar },
      outOfScope: prediction.outOfScope,
      ranked: kept.map((r) => {
        const c = taxonomy.live.get(r.category)!;
        return {
          categoryId: c.id,
          categoryName: c.name,
          probability: r.probability,
          autoThreshold: thresholdOf(r.category),
          autonomy: c.autonomy,
        };
      }),
    };
  };
}
