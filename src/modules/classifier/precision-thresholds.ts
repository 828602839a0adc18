/**
 * Auto-apply thresholds from a precision target: a prediction of category k is applied without
 * review when its confidence is ≥ the threshold of k. For a category with enough held-out
 * predictions, the threshold is the lowest confidence at which those predictions meet the target;
 * the others share a global threshold fitted the same way on all held-out predictions.
 *
 * "Lowest" is literal: precision is not monotone in the threshold, so a threshold can qualify even
 * if a higher one does not (that is what maximises coverage at the target). Thresholds are always
 * observed confidences, so tied predictions are accepted or refused together.
 *
 * The safety margin: Banking77, thresholds from 5-fold out-of-fold predictions on the training set
 * (~130 per category), applied to the full model on the test set, auto-applied coverage / precision:
 *   target 0.99: raw 0.697 / 0.983, Wilson z = 0.5 0.645 / 0.985, z = 1 0.330 / 0.992 (47 of 77
 *                categories suggest-only), z = 1.645 nothing (all suggest-only)
 *   target 0.95: raw 0.869 / 0.962, z = 1 0.787 / 0.970
 * The raw rate over-fits small per-category samples and misses 0.99 on unseen data; z = 1 was the
 * only setting that kept it, so it is the default. With train-model's 12% split (~16 per category,
 * so only the global threshold applies), z = 1 gives 0.696 / 0.987 and raw 0.784 / 0.983.
 */

/** Threshold of a category that cannot meet the target: above any probability, yet finite so it
 * survives JSON (a model file header), unlike Infinity. */
export const SUGGEST_ONLY_THRESHOLD = 1.01;
export const DEFAULT_MIN_CATEGORY_SUPPORT = 30;
export const DEFAULT_MIN_ACCEPTED = 5;
export const DEFAULT_WILSON_Z = 1;

export interface HeldOutPredictions {
  /** Predicted (top) category index per held-out row. */
  predicted: ArrayLike<number>;
  /** Confidence of that prediction, usually its calibrated probability. */
  confidence: ArrayLike<number>;
  /** Whether each prediction was right; or give `gold` category indexes instead. */
  correct?: ArrayLike<boolean>;
  gold?: ArrayLike<number>;
}

export interface PrecisionThresholdOptions {
  /** e.g. 0.99 */
  precisionTarget: number;
  categoryCount: number;
  /** Held-out predictions of a category needed for its own threshold (default 30). */
  minCategorySupport?: number;
  /** A threshold must accept at least this many held-out predictions (default 5); below, the
   * precision is an anecdote and the category (or the global threshold) is suggest-only. */
  minAccepted?: number;
  /**
   * 'wilson' (default) requires the Wilson lower bound of the precision (z = `wilsonZ`, default 1)
   * to meet the target; 'raw' requires the observed precision itself to.
   */
  margin?: 'wilson' | 'raw';
  wilsonZ?: number;
}

export interface CategoryThreshold {
  threshold: number;
  /** True when predictions of this category should only be suggested, never auto-applied. */
  suggestOnly: boolean;
  /** Held-out predictions of this category. */
  support: number;
  source: 'category' | 'global';
}

export interface PrecisionThresholds {
  global: number;
  globalSuggestOnly: boolean;
  perCategory: CategoryThreshold[];
}

export function fitPrecisionThresholds(
  heldOut: HeldOutPredictions,
  options: PrecisionThresholdOptions,
): PrecisionThresholds {
  const { predicted, confidence } = heldOut;
  const { precisionTarget: target, categoryCount } = options;
  if (!(target > 0 && target <= 1)) throw new RangeError(`precisionTarget must be in (0, 1], got ${target}`);
  if (confidence.length !== predicted.length)
    throw new RangeError('predicted and confidence differ in length');
  const correct = outcomes(heldOut);
  const minSupport = options.minCategorySupport ?? DEFAULT_MIN_CATEGORY_SUPPORT;
  const z = options.margin === 'raw' ? 0 : (options.wilsonZ ?? DEFAULT_WILSON_Z);
  const thresholdFor = (rows: number[]) =>
    lowestThreshold(rows, confidence, correct, target, z, options.minAccepted ?? DEFAULT_MIN_ACCEPTED);

  const byCategory: number[][] = Array.from({ length: categoryCount }, () => []);
  for (let i = 0; i < predicted.length; i++) byCategory[predicted[i]!]?.push(i);
  const global = thresholdFor(Array.from({ length: predicted.length }, (_, i) => i));
  const perCategory = byCategory.map((rows): CategoryThreshold => {
    const own = rows.length >= minSupport ? thresholdFor(rows) : undefined;
    const threshold = own === undefined ? global : own;
    return {
      threshold: threshold ?? SUGGEST_ONLY_THRESHOLD,
      suggestOnly: threshold === null,
      support: rows.length,
      source: own === undefined ? 'global' : 'category',
    };
  });
  return { global: global ?? SUGGEST_ONLY_THRESHOLD, globalSuggestOnly: global === null, perCategory };
}

/** Lower bound of the Wilson score interval for `successes` of `n` (z = 0 gives the raw rate). */
export function wilsonLowerBound(successes: number, n: number, z: number): number {
  if (n <= 0) return 0;
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - spread) / (1 + z2 / n));
}

/** Whether predicting `category` with this confidence should be applied without review; a category
 * added after fitting (e.g. by learnOne) has no entry and is never auto-applied. */
export function shouldAutoApply(
  thresholds: PrecisionThresholds,
  category: number,
  confidence: number,
): boolean {
  const entry = thresholds.perCategory[category];
  return entry !== undefined && !entry.suggestOnly && confidence >= entry.threshold;
}

function outcomes(heldOut: HeldOutPredictions): ArrayLike<boolean> {
  const { correct, gold, predicted } = heldOut;
  if (correct !== undefined) {
    if (correct.length !== predicted.length) throw new RangeError('correct and predicted differ in length');
    return correct;
  }
  if (gold === undefined || gold.length !== predicted.length)
    throw new RangeError('Give either `correct` or `gold` with one entry per prediction.');
  return Array.from({ length: predicted.length }, (_, i) => gold[i] === predicted[i]);
}

/**
 * Walks the rows from the most confident down, one group of equal confidence at a time, and keeps
 * the last (lowest) confidence at which the accepted rows pass; null if none does. NaN confidences
 * are never accepted, so they are left out.
 */
function lowestThreshold(
  rows: readonly number[],
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  target: number,
  z: number,
  minAccepted: number,
): number | null {
  const order = rows.filter((i) => !Number.isNaN(confidence[i]!));
  order.sort((a, b) => confidence[b]! - confidence[a]! || a - b);
  let best: number | null = null;
  let right = 0;
  for (let n = 0; n < order.length; n++) {
    if (correct[order[n]!]) right++;
    const here = confidence[order[n]!]!;
    if (n + 1 < order.length && confidence[order[n + 1]!] === here) continue;
    // A tiny tolerance so that 99 of 100 meets 0.99 despite floating-point rounding.
    if (n + 1 >= minAccepted && wilsonLowerBound(right, n + 1, z) >= target - 1e-12) best = here;
  }
  return best;
}
