/**
 * Temperature scaling: one scalar T, logits / T, fitted by minimising the negative log-likelihood
 * on held-out examples. It changes no ranking, only how confident the probabilities are, which is
 * what downstream thresholds ("auto-route above 0.8") depend on.
 *
 * A weak prior on log T (standard normal, worth one example) keeps a small, perfectly separated
 * held-out set from driving T to its bound, where every probability becomes 0 or 1 and nothing
 * downstream (thresholds, the out-of-scope confidence) can tell tickets apart. With thousands of
 * held-out rows its effect is nil.
 */

const MIN_LOG_T = Math.log(0.02);
const MAX_LOG_T = Math.log(20);
// The bracket spans a factor of 1000; 40 golden-section steps narrow it to ~1e-8 in log T.
const ITERATIONS = 40;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** `logits` holds one Float64Array per held-out example; `labels` the true class indexes. */
export function fitTemperature(logits: readonly Float64Array[], labels: ArrayLike<number>): number {
  if (logits.length === 0) return 1;
  // Shifted so every row's maximum is 0 once, instead of in each of the ~40 evaluations.
  const shifted = logits.map((row) => {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < row.length; k++) if (row[k]! > max) max = row[k]!;
    return row.map((value) => value - max);
  });
  // NLL(log T) is smooth and unimodal in practice, so a golden-section search is enough.
  let low = MIN_LOG_T;
  let high = MAX_LOG_T;
  let a = high - GOLDEN * (high - low);
  let b = low + GOLDEN * (high - low);
  let fa = negativeLogLikelihood(shifted, labels, Math.exp(a));
  let fb = negativeLogLikelihood(shifted, labels, Math.exp(b));
  for (let i = 0; i < ITERATIONS; i++) {
    if (fa <= fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - GOLDEN * (high - low);
      fa = negativeLogLikelihood(shifted, labels, Math.exp(a));
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + GOLDEN * (high - low);
      fb = negativeLogLikelihood(shifted, labels, Math.exp(b));
    }
  }
  return Math.exp((low + high) / 2);
}

function negativeLogLikelihood(
  logits: readonly Float64Array[],
  labels: ArrayLike<number>,
  t: number,
): number {
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const row = logits[i]!;
    const inverse = 1 / t;
    let sum = 0;
    for (let k = 0; k < row.length; k++) sum += Math.exp(row[k]! * inverse);
    total += Math.log(sum) - row[labels[i]!]! * inverse;
  }
  return (total + Math.log(t) ** 2 / 2) / logits.length;
}
