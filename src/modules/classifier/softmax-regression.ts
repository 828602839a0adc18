/**
 * Multinomial logistic regression over sparse vectors: the shared arithmetic of training (see
 * train-softmax), prediction and online learning.
 */
import type { SparseVector } from './types.js';

export interface SgdSettings {
  epochs: number;
  seed: number;
  learningRate: number;
  l2: number;
}

export interface LabelledVectors {
  vectors: readonly SparseVector[];
  labels: Int32Array;
  /** Multiplies each example's gradient, e.g. to balance rare and frequent classes. */
  exampleWeights: Float32Array;
}

const MIN_GRADIENT = 1e-3;

/** out[k] = x . W[:, k] */
export function computeLogits(
  weights: Float32Array,
  classCount: number,
  vector: SparseVector,
  out: Float64Array,
): void {
  scaledLogits(weights, 1, classCount, vector, out);
}

export function scaledLogits(
  weights: Float32Array,
  scale: number,
  classCount: number,
  vector: SparseVector,
  out: Float64Array,
): void {
  out.fill(0);
  const { rows, values } = vector;
  const count = rows.length;
  let n = 0;
  // Four feature rows per pass over the classes: this loop is most of the training time, V8 does
  // not vectorise it, and quartering the loads/stores of `out` measured ~1.6x faster.
  for (; n + 3 < count; n += 4) {
    const v0 = values[n]!;
    const v1 = values[n + 1]!;
    const v2 = values[n + 2]!;
    const v3 = values[n + 3]!;
    const b0 = rows[n]! * classCount;
    const b1 = rows[n + 1]! * classCount;
    const b2 = rows[n + 2]! * classCount;
    const b3 = rows[n + 3]! * classCount;
    for (let k = 0; k < classCount; k++) {
      out[k]! +=
        v0 * weights[b0 + k]! + v1 * weights[b1 + k]! + v2 * weights[b2 + k]! + v3 * weights[b3 + k]!;
    }
  }
  for (; n < count; n++) {
    const value = values[n]!;
    const base = rows[n]! * classCount;
    for (let k = 0; k < classCount; k++) out[k]! += value * weights[base + k]!;
  }
  if (scale !== 1) for (let k = 0; k < classCount; k++) out[k] = out[k]! * scale;
}

let activeBuffer = new Int32Array(64);

/**
 * W[:, k] -= rate * gradient[k] * x; returns the number of classes updated. The gradient of
 * softmax cross-entropy sums to zero over classes, so each weight row keeps summing to (nearly,
 * given the skipped tiny gradients) zero; that makes a single class's weight directly readable as
 * "evidence for this class vs. the others".
 */
export function sparseUpdate(
  weights: Float32Array,
  classCount: number,
  vector: SparseVector,
  gradient: Float64Array,
  rate: number,
): number {
  // Once training is under way most classes get a negligible probability, hence a negligible
  // gradient; on Banking77 only 5-8 of 77 classes pass this threshold on an average step.
  if (activeBuffer.length < classCount) activeBuffer = new Int32Array(classCount);
  const active = activeBuffer;
  let count = 0;
  for (let k = 0; k < classCount; k++) if (Math.abs(gradient[k]!) >= MIN_GRADIENT) active[count++] = k;
  const { rows, values } = vector;
  for (let n = 0; n < rows.length; n++) {
    const factor = rate * values[n]!;
    const base = rows[n]! * classCount;
    for (let a = 0; a < count; a++) {
      const k = active[a]!;
      weights[base + k]! -= factor * gradient[k]!;
    }
  }
  return count;
}

/** Numerically stable softmax of logits / temperature, in place. */
export function softmaxInPlace(logits: Float64Array, temperature: number): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < logits.length; k++) if (logits[k]! > max) max = logits[k]!;
  let sum = 0;
  for (let k = 0; k < logits.length; k++) {
    const e = Math.exp((logits[k]! - max) / temperature);
    logits[k] = e;
    sum += e;
  }
  for (let k = 0; k < logits.length; k++) logits[k] = logits[k]! / sum;
}
