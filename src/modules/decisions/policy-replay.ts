import { autoApplyThresholds, PRODUCTION_THRESHOLDS, type Model, predict } from '../classifier/index.js';
import type { Autonomy } from '../categories/index.js';
import { type Decision, type DecisionPolicy, decideAction, type RankedCandidate } from './decide-action.js';

/**
 * The decision a policy gives one text with a given model, without any database: the shared core of
 * the workload forecast and the workspace backtest, so both replay exactly what intake would do.
 * Categories unknown to `autonomyOf` (retired since training) are dropped and the rest renormalised,
 * as predictTicket does.
 */
export function replayDecision(
  model: Model,
  input: { subject?: string; body?: string },
  policy: DecisionPolicy,
  autonomyOf: (categoryId: string) => Autonomy | undefined,
  nameOf: (categoryId: string) => string = (id) => id,
): Decision {
  const prediction = predict(model, input, { explain: false });
  const thresholds = autoApplyThresholds(model, policy.targetPrecision, PRODUCTION_THRESHOLDS);
  const kept = prediction.ranked.filter((r) => autonomyOf(r.category) !== undefined);
  const total = kept.reduce((sum, r) => sum + r.probability, 0) || 1;
  const ranked: RankedCandidate[] = kept.map((r) => {
    const entry = thresholds.perCategory[model.categories.indexOf(r.category)];
    return {
      categoryId: r.category,
      categoryName: nameOf(r.category),
      probability: r.probability / total,
      autoThreshold: entry && !entry.suggestOnly ? entry.threshold : null,
      autonomy: autonomyOf(r.category)!,
    };
  });
  return decideAction({ modelVersion: 0, ranked, outOfScope: prediction.outOfScope }, policy);
}
