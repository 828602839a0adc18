import { autoApplyThresholds, PRODUCTION_THRESHOLDS, type Model, predict } from '../classifier/index.js';
import { type Autonomy, projectRanked } from '../categories/index.js';
import { type Decision, type DecisionPolicy, decideAction, type RankedCandidate } from './decide-action.js';

/**
 * The decision a policy gives one text with a given model, without any database: the shared core of
 * the workload forecast and the workspace backtest, so both replay exactly what intake would do.
 * The model's categories are read in today's taxonomy as predictTicket does: through `resolve` (a
 * merged category counts as the one it went into) when given, and categories unknown to
 * `autonomyOf` (retired since training) are dropped and the rest renormalised.
 */
export function replayDecision(
  model: Model,
  input: { subject?: string; body?: string },
  policy: DecisionPolicy,
  autonomyOf: (categoryId: string) => Autonomy | undefined,
  nameOf: (categoryId: string) => string = (id) => id,
  resolve: (categoryId: string) => string | undefined = (id) => id,
): Decision {
  const prediction = predict(model, input, { explain: false });
  const thresholds = autoApplyThresholds(model, policy.targetPrecision, PRODUCTION_THRESHOLDS);
  const kept = projectRanked(prediction.ranked, (id) => {
    const live = resolve(id);
    return live !== undefined && autonomyOf(live) !== undefined ? live : undefined;
  });
  const ranked: RankedCandidate[] = kept.map((r) => {
    const entry = thresholds.perCategory[model.categories.indexOf(r.category)];
    return {
      categoryId: r.category,
      categoryName: nameOf(r.category),
      probability: r.probability,
      autoThreshold: entry && !entry.suggestOnly ? entry.threshold : null,
      autonomy: autonomyOf(r.category)!,
    };
  });
  return decideAction({ modelVersion: 0, ranked, outOfScope: prediction.outOfScope }, policy);
}
