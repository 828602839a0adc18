/**
 * Pure evaluation metrics. Label lists are parallel arrays (gold[i] belongs with predicted[i]). A metric
 * over no rows is undefined, so it returns NaN rather than a number that looks like a result.
 */

export interface ConfidenceItem {
  /** The probability the classifier gave its top category, in [0, 1]. */
  confidence: number;
  /** Whether that top category was right. */
  correct: boolean;
}

export interface CategoryScore {
  category: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of gold rows with this category. */
  support: number;
}

export const CALIBRATION_BINS = 15;

function checkParallel(gold: readonly string[], predicted: readonly string[]): void {
  if (gold.length !== predicted.length) {
    throw new RangeError(`gold and predicted differ in length (${gold.length} vs ${predicted.length})`);
  }
}

export function accuracy(gold: readonly string[], predicted: readonly string[]): number {
  checkParallel(gold, predicted);
  if (gold.length === 0) return Number.NaN;
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  return correct / gold.length;
}

/**
 * Precision, recall and F1 for every category present in the gold or the predicted labels, sorted by
 * category (code unit order, so the output never depends on the host locale). A category that is never
 * predicted gets precision 0, one that never occurs in gold gets recall 0 (the scikit-learn convention),
 * so a class the model invents or ignores drags the macro average down instead of vanishing from it.
 */
export function perCategoryScores(gold: readonly string[], predicted: readonly string[]): CategoryScore[] {
  checkParallel(gold, predicted);
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const entry = (category: string) => {
    let found = counts.get(category);
    if (!found) {
      found = { tp: 0, fp: 0, fn: 0 };
      counts.set(category, found);
    }
    return found;
  };
  for (let i = 0; i < gold.length; i++) {
    const truth = gold[i]!;
    const guess = predicted[i]!;
    if (truth === guess) {
      entry(truth).tp++;
    } else {
      entry(truth).fn++;
      entry(guess).fp++;
    }
  }
  return [...counts.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((category) => {
      const { tp, fp, fn } = counts.get(category)!;
      return {
        category,
        precision: tp + fp === 0 ? 0 : tp / (tp + fp),
        recall: tp + fn === 0 ? 0 : tp / (tp + fn),
        // 2tp / (2tp + fp + fn) equals 2PR / (P + R) and stays defined when tp = 0.
        f1: (2 * tp) / (2 * tp + fp + fn),
        support: tp + fn,
      };
    });
}

/** Unweighted mean F1 over the classes present in the gold or predicted labels. */
export function macroF1(gold: readonly string[], predicted: readonly string[]): number {
  const scores = perCategoryScores(gold, predicted);
  if (scores.length === 0) return Number.NaN;
  return scores.reduce((sum, score) => sum + score.f1, 0) / scores.length;
}

/**
 * Expected calibration error over `bins` equal-width bins of top-class confidence: the row-weighted mean
 * of |accuracy - mean confidence| per bin. Bins are (lower, upper] as in Guo et al. (2017), with a
 * confidence of exactly 0 put in the first bin.
 */
export function expectedCalibrationError(
  items: readonly ConfidenceItem[],
  bins: number = CALIBRATION_BINS,
): number {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  if (items.length === 0) return Number.NaN;
  const count = new Float64Array(bins);
  const confidenceSum = new Float64Array(bins);
  const correctSum = new Float64Array(bins);
  for (const { confidence, correct } of items) {
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new RangeError(`confidence must be in [0, 1], got ${confidence}`);
    }
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(confidence * bins) - 1));
    count[bin]!++;
    confidenceSum[bin]! += confidence;
    if (correct) correctSum[bin]!++;
  }
  let error = 0;
  for (let bin = 0; bin < bins; bin++) {
    const n = count[bin]!;
    if (n > 0) error += (n / items.length) * Math.abs(correctSum[bin]! / n - confidenceSum[bin]! / n);
  }
  return error;
}

/**
 * Share of ALL rows that can be auto-applied at precision >= p: rows are applied in order of descending
 * confidence, which is what a single confidence threshold does, so rows with equal confidence are
 * applied together or not at all. The result is the largest applied prefix whose precision is >= p
 * (not the prefix before the first dip: one wrong answer at the very top would otherwise force 0 even
 * when a lower threshold is well above p). 0 when no prefix qualifies or there are no rows.
 * `total` (default: the number of items) is the denominator, for rows that could never be applied
 * (e.g. flagged out of scope) and are therefore left out of `items`.
 */
export function coverageAtPrecision(
  items: readonly ConfidenceItem[],
  p: number,
  total: number = items.length,
): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`precision target must be in [0, 1], got ${p}`);
  if (total < items.length)
    throw new RangeError(`total (${total}) is below the item count (${items.length})`);
  if (items.length === 0) return 0;
  const sorted = [...items].sort((a, b) => b.confidence - a.confidence);
  let applied = 0;
  let correct = 0;
  let best = 0;
  let i = 0;
  while (i < sorted.length) {
    const confidence = sorted[i]!.confidence;
    // Take the whole group of equal confidence before checking the precision.
    while (i < sorted.length && sorted[i]!.confidence === confidence) {
      applied++;
      if (sorted[i]!.correct) correct++;
      i++;
    }
    if (correct / applied >= p) best = applied;
  }
  return best / total;
}

/**
 * The q-th percentile (q in [0, 100]) with linear interpolation between closest ranks, the default of
 * NumPy and of most spreadsheets, so the figures can be checked with either.
 */
export function percentile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${q}`);
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = (q / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const fraction = rank - lower;
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * fraction;
}
