/**
 * Auto-apply thresholds from a precision target: a prediction of category k is applied without
 * review when its confidence is ≥ the threshold of k. For a category with enough held-out
 * predictions, the threshold is the lowest confidence at which those predictions meet the target;
 * the others share a global threshold fitted the same way on all held-out predictions, or, with
 * `smallCategories: 'suggest-only'` (how production decisions fit them), are never auto-applied.
 *
 * "Lowest" is literal: precision is not monotone in the threshold, so a threshold can qualify even
 * if a higher one does not (that is what maximises coverage at the target). Thresholds are always
 * observed confidences, so tied predictions are accepted or refused together.
 *
 * The safety margin. Per-category precision from ~100 held-out predictions is noisy: the raw rate
 * over-fits and the Wilson bound alone is so strict that most categories become suggest-only. So a
 * category's precision is judged by a Beta posterior centred on the pooled precision of all
 * categories at the same threshold (worth `priorStrength` predictions), lower bound mean − z·sd.
 * Chosen on Banking77's training split only (3-fold cross-fitted calibration rows, inner 75/25
 * splits, two seeds), auto-applied share / precision at target 0.99:
 *   global threshold only, Wilson z = 1        0.682 / 0.9919   0.648 / 0.9881
 *   per category, Wilson z = 1                 0.063 / 1.0000   0.100 / 0.9919
 *   pooled prior 30, z = 1                     0.615 / 0.9923   0.584 / 0.9938
 *   pooled prior 30, z = 0.5 (default)         0.663 / 0.9898   0.621 / 0.9909
 *   pooled prior 100, z = 0.5                  0.637 / 0.9919   0.592 / 0.9932
 * At target 0.95 the default gave 0.847 / 0.9686 and 0.844 / 0.9645. The default is the setting with
 * the most coverage that kept the target on average; the global-only threshold missed it on one seed.
 */

/** Threshold of a category that cannot meet the target: above any probability, yet finite so it
 * survives JSON (a model file header), unlike Infinity. */
export const SUGGEST_ONLY_THRESHOLD = 1.01;
export const DEFAULT_MIN_CATEGORY_SUPPORT = 30;
export const DEFAULT_MIN_ACCEPTED = 5;
export const DEFAULT_WILSON_Z = 0.5;
export const DEFAULT_PRIOR_STRENGTH = 30;

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
   * 'wilson' (default) requires the Wilson lower bound of the precision (z = `wilsonZ`, default 0.5)
   * to meet the target; 'raw' requires the observed precision itself to.
   */
  margin?: 'wilson' | 'raw';
  wilsonZ?: number;
  /**
   * Default DEFAULT_PRIOR_STRENGTH. When > 0, a category's own threshold is judged by a Beta posterior whose prior is the pooled
   * precision of all categories at that threshold, worth this many predictions (see betaLowerBound),
   * with the same z; the global threshold keeps the Wilson bound.
   */
  priorStrength?: number;
  /**
   * What a category with fewer than `minCategorySupport` held-out predictions gets: the global
   * threshold ('global', the default here), or no automatic application at all ('suggest-only', what
   * autoApplyThresholds uses, so no category auto-applies on a sample too small to judge it by).
   */
  smallCategories?: 'global' | 'suggest-only';
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
  const minAccepted = options.minAccepted ?? DEFAULT_MIN_ACCEPTED;
  const all = Array.from({ length: predicted.length }, (_, i) => i);
  const wilson: PrecisionCheck = (right, n) => wilsonLowerBound(right, n, z) >= target - 1e-12;
  const global = lowestThreshold(all, confidence, correct, minAccepted, wilson);
  const strength = options.priorStrength ?? DEFAULT_PRIOR_STRENGTH;
  const pooled = strength > 0 ? globalPrecisionCurve(all, confidence, correct) : undefined;
  const categoryCheck: PrecisionCheck = pooled
    ? (right, n, at) => betaLowerBound(right, n, pooled(at), strength, z) >= target - 1e-12
    : wilson;

  const byCategory: number[][] = Array.from({ length: categoryCount }, () => []);
  for (let i = 0; i < predicted.length; i++) byCategory[predicted[i]!]?.push(i);
  const perCategory = byCategory.map((rows): CategoryThreshold => {
    const own =
      rows.length >= minSupport
        ? lowestThreshold(rows, confidence, correct, minAccepted, categoryCheck)
        : undefined;
    const fallback = options.smallCategories === 'suggest-only' ? null : global;
    const threshold = own === undefined ? fallback : own;
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
type PrecisionCheck = (right: number, accepted: number, threshold: number) => boolean;

function lowestThreshold(
  rows: readonly number[],
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  minAccepted: number,
  meetsTarget: PrecisionCheck,
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
    if (n + 1 >= minAccepted && meetsTarget(right, n + 1, here)) best = here;
  }
  return best;
}

/** Precision of all held-out predictions with confidence ≥ t, as a function of t. */
export function globalPrecisionCurve(
  rows: readonly number[],
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
): (t: number) => number {
  const order = rows.filter((i) => !Number.isNaN(confidence[i]!));
  order.sort((a, b) => confidence[b]! - confidence[a]! || a - b);
  const sorted = Float64Array.from(order, (i) => confidence[i]!);
  const rightSoFar = new Int32Array(order.length + 1);
  order.forEach((i, n) => {
    rightSoFar[n + 1] = rightSoFar[n]! + (correct[i] ? 1 : 0);
  });
  return (t) => {
    // Count of rows with confidence ≥ t (sorted descending).
    let [lo, hi] = [0, sorted.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! >= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 1 : rightSoFar[lo]! / lo;
  };
}

/**
 * Lower bound (mean − z·sd) of the Beta posterior of a category's precision, with a prior centred on
 * the pooled precision `prior` at the same threshold and worth `strength` observations: a category
 * with few predictions stays near the pooled estimate, one with many speaks for itself.
 */
export function betaLowerBound(right: number, n: number, prior: number, strength: number, z: number): number {
  const a = right + strength * prior;
  const b = n - right + strength * (1 - prior);
  const total = a + b;
  if (total <= 0) return 0;
  const mean = a / total;
  const sd = Math.sqrt((a * b) / (total * total * (total + 1)));
  return Math.max(0, mean - z * sd);
}
