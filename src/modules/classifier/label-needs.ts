/**
 * How many labels a category needs before it may be applied automatically at a precision target,
 * estimated from the held-out predictions a model carries (see CalibrationRows).
 *
 * The method, by the reason a category is not auto-applied yet:
 * - Too few held-out predictions of its own (below `minCategorySupport`, 30 by default): its
 *   precision cannot be judged, so it needs at least that many. Held-out predictions of a
 *   category are not its labels (some are missed, some belong elsewhere), so the labels needed
 *   are the minimum divided by the predictions each label has yielded so far, and never less than
 *   the minimum itself. This is a floor: reaching it makes the category judgeable, not precise.
 * - Enough predictions, but no threshold passes the safety margin: for every threshold that
 *   accepts at least `minAccepted` predictions with a raw precision at or above the target, it
 *   finds how many times more predictions at that same precision the margin (the Beta bound with the
 *   pooled prior, or Wilson) needs to pass, and scales the category's labels by it; the smallest
 *   such figure wins. It assumes the category keeps its precision and its share of confident
 *   predictions as labels grow.
 * - No threshold reaches the target even before the margin: more labels only help if they make the
 *   model more accurate, which this curve cannot predict, so there is no estimate (null) and the
 *   reason says so rather than inventing a number.
 */
import {
  betaLowerBound,
  DEFAULT_MIN_ACCEPTED,
  DEFAULT_MIN_CATEGORY_SUPPORT,
  DEFAULT_PRIOR_STRENGTH,
  DEFAULT_WILSON_Z,
  fitPrecisionThresholds,
  globalPrecisionCurve,
  type HeldOutPredictions,
  type PrecisionThresholdOptions,
  wilsonLowerBound,
} from './precision-thresholds.js';
import type { Model } from './types.js';

export type LabelNeedStatus = 'ready' | 'too_few_samples' | 'below_target' | 'not_estimable';

export interface LabelNeed {
  status: LabelNeedStatus;
  /** Labels of the category the model was trained on (as given by the caller). */
  trainedLabels: number;
  /** Held-out predictions of the category (its sample for judging precision). */
  support: number;
  /** Minimum held-out predictions for a threshold of its own. */
  minSupport: number;
  /**
   * Estimated labels of the category (in total, not more) at which it may be auto-applied at the
   * target; its trained labels when it already may; null when it cannot be estimated.
   */
  labelsNeeded: number | null;
  /** Best raw held-out precision among thresholds accepting at least `minAccepted` predictions. */
  bestPrecision: number | null;
  /** One sentence, for people. */
  reason: string;
}

// Beyond this many times the current labels an estimate is not worth showing.
const MAX_SCALE = 1000;

/**
 * Label needs per category index of the held-out predictions (`trainedLabels[k]` is category k's
 * label count). Uses the same options, and so the same safety margin, as fitPrecisionThresholds
 * with small categories suggest-only.
 */
export function estimateLabelNeeds(
  heldOut: HeldOutPredictions & { correct: ArrayLike<boolean> },
  trainedLabels: readonly number[],
  options: PrecisionThresholdOptions,
): LabelNeed[] {
  const fitted = fitPrecisionThresholds(heldOut, { ...options, smallCategories: 'suggest-only' });
  const minSupport = options.minCategorySupport ?? DEFAULT_MIN_CATEGORY_SUPPORT;
  const minAccepted = options.minAccepted ?? DEFAULT_MIN_ACCEPTED;
  const z = options.margin === 'raw' ? 0 : (options.wilsonZ ?? DEFAULT_WILSON_Z);
  const strength = options.priorStrength ?? DEFAULT_PRIOR_STRENGTH;
  const target = options.precisionTarget;
  const all = Array.from({ length: heldOut.predicted.length }, (_, i) => i);
  const pooled = globalPrecisionCurve(all, heldOut.confidence, heldOut.correct);
  const passes = (right: number, n: number, at: number) =>
    (strength > 0 ? betaLowerBound(right, n, pooled(at), strength, z) : wilsonLowerBound(right, n, z)) >=
    target - 1e-12;

  const byCategory: number[][] = Array.from({ length: options.categoryCount }, () => []);
  for (let i = 0; i < heldOut.predicted.length; i++) byCategory[heldOut.predicted[i]!]?.push(i);

  return byCategory.map((rows, k): LabelNeed => {
    const labels = trainedLabels[k] ?? 0;
    const support = rows.length;
    const base = { trainedLabels: labels, support, minSupport };
    const entry = fitted.perCategory[k]!;
    const curve = precisionCurve(rows, heldOut.confidence, heldOut.correct, minAccepted);
    const bestPrecision = curve.length ? Math.max(...curve.map((point) => point.right / point.n)) : null;
    if (!entry.suggestOnly) {
      return {
        ...base,
        status: 'ready',
        labelsNeeded: labels,
        bestPrecision,
        reason: 'may be applied at the target',
      };
    }
    if (support < minSupport) {
      const perLabel = labels > 0 && support > 0 ? support / labels : 1;
      const needed = Math.max(minSupport, Math.ceil(minSupport / perLabel));
      return {
        ...base,
        status: 'too_few_samples',
        labelsNeeded: needed,
        bestPrecision,
        reason: `${support} held-out predictions of ${minSupport} needed to judge its precision`,
      };
    }
    let best: number | null = null;
    for (const point of curve) {
      if (point.right / point.n < target - 1e-12) continue;
      const scale = scaleToPass(point, passes);
      if (scale !== null) best = Math.min(best ?? Number.POSITIVE_INFINITY, Math.ceil(labels * scale));
    }
    if (best === null) {
      return {
        ...base,
        status: 'not_estimable',
        labelsNeeded: null,
        bestPrecision,
        reason:
          `held-out precision reaches at best ${formatShare(bestPrecision)} below the target ${target}; ` +
          'more labels help only if they make the model more accurate, which cannot be estimated',
      };
    }
    return {
      ...base,
      status: 'below_target',
      labelsNeeded: Math.max(best, labels + 1),
      bestPrecision,
      reason: `precision ${formatShare(bestPrecision)} on ${support} held-out predictions is too few to prove ${target}`,
    };
  });
}

/**
 * Label needs of a trained model's categories, in the model's category order, on the defaults that
 * autoApplyThresholds fits production thresholds with.
 */
export function labelNeeds(
  model: Model,
  precisionTarget: number,
  trainedLabels: ReadonlyMap<string, number>,
): LabelNeed[] {
  const { predicted, confidence, correct } = model.calibration;
  return estimateLabelNeeds(
    { predicted, confidence, correct: Array.from(correct, (c) => c === 1) },
    model.categories.map((category) => trainedLabels.get(category) ?? 0),
    { precisionTarget, categoryCount: model.categories.length },
  );
}

interface CurvePoint {
  /** Confidence threshold. */
  at: number;
  /** Predictions accepted at it, and how many of them were right. */
  n: number;
  right: number;
}

/** The category's precision at each observed confidence (ties taken together), top down. */
function precisionCurve(
  rows: readonly number[],
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  minAccepted: number,
): CurvePoint[] {
  const order = rows.filter((i) => !Number.isNaN(confidence[i]!));
  order.sort((a, b) => confidence[b]! - confidence[a]! || a - b);
  const points: CurvePoint[] = [];
  let right = 0;
  for (let n = 0; n < order.length; n++) {
    if (correct[order[n]!]) right++;
    const at = confidence[order[n]!]!;
    if (n + 1 < order.length && confidence[order[n + 1]!] === at) continue;
    if (n + 1 >= minAccepted) points.push({ at, n: n + 1, right });
  }
  return points;
}

/**
 * The smallest factor by which the accepted predictions must grow, at the same precision, for the
 * margin to pass; null beyond MAX_SCALE (e.g. a precision exactly at the target never passes).
 */
function scaleToPass(
  point: CurvePoint,
  passes: (right: number, n: number, at: number) => boolean,
): number | null {
  const precision = point.right / point.n;
  const passesAt = (n: number) => passes(precision * n, n, point.at);
  if (passesAt(point.n)) return 1;
  let high = point.n * 2;
  while (!passesAt(high)) {
    if (high > point.n * MAX_SCALE) return null;
    high *= 2;
  }
  let low = point.n;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (passesAt(mid)) high = mid;
    else low = mid;
  }
  return high / point.n;
}

const formatShare = (value: number | null) => (value === null ? 'unknown' : value.toFixed(3));
