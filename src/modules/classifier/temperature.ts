/**
 * Temperature scaling: one scalar T, logits / T, fitted by minimising the negative log-likelihood
 * on held-out examples. It changes no ranking, only how confident the probabilities are, which is
 * what downstream thresholds ("auto-route above 0.8") depend on.
 */

const MIN_LOG_T = Math.log(0.02);
const MAX_LOG_T = Math.log(20);
const ITERATIONS = 60;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** `logits` holds one Float64Array per held-out example; `labels` the true class indexes. */
export function fitTemperature(logits: readonly Float64Array[], labels: ArrayLike<number>): number {
  if (logits.length === 0) return 1;
  // NLL(log T) is smooth and unimodal in practice, so a golden-section search is enough.
  let low = MIN_LOG_T;
  let high = MAX_LOG_T;
  let a = high - GOLDEN * (high - low);
  let b = low + GOLDEN * (high - low);
  let fa = negativeLogLikelihood(logits, labels, Math.exp(a));
  let fb = negativeLogLikelihood(logits, labels, Math.exp(b));
  for (let i = 0; i < ITERATIONS; i++) {
    if (fa <= fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - GOLDEN * (high - low);
      fa = negativeLogLikelihood(logits, labels, Math.exp(a));
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + GOLDEN * (high - low);
      fb = negativeLogLikelihood(logits, labels, Math.exp(b));
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
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < row.length; k++) if (row[k]! > max) max = row[k]!;
    let sum = 0;
    for (let k = 0; k < row.length; k++) sum += Math.exp((row[k]! - max) / t);
    total += Math.log(sum) - (row[labels[i]!]! - max) / t;
  }
  return total / logits.length;
}
