/**
 * Held-out predictions by cross-fitting: the training rows are split, stratified and seeded, into K
 * folds; for each fold a throw-away model is trained on the other folds and predicts the fold. Every
 * row of a category with enough examples thus gets a prediction from a model that did not see it.
 * Those out-of-fold logits fit the temperature, and the calibrated probabilities are what confidence
 * thresholds and the out-of-scope cut-off are fitted on (in-sample probabilities of the final model
 * are far too confident).
 *
 * Why K folds rather than one split: thresholds per category need about 30 held-out predictions of
 * that category (a 12% split gave Banking77 ~16 per category, so only a global threshold applied).
 * The final model is trained on all rows and reuses the temperature: slightly different weights,
 * but the same regime of confidence, which is all a single scalar captures. See train-model for the
 * fold count and its cost.
 */
import { createRandom, shuffle } from './prng.js';
import {
  computeLogits,
  type LabelledVectors,
  type SgdSettings,
  softmaxInPlace,
} from './softmax-regression.js';
import { fitTemperature } from './temperature.js';
import { trainViews } from './train-views.js';
import type { SparseVector } from './types.js';

// Below this many held-out examples the fitted temperature is mostly noise; keep T = 1.
const MIN_HELD_OUT = 30;
// Smaller categories keep all their examples in every fold's training.
const MIN_CATEGORY_SIZE_FOR_HOLD_OUT = 5;

/** Predictions of models that did not see these rows, for fitting thresholds and cut-offs. */
export interface HeldOutSet {
  /**
   * Position of each held-out row in the examples given to training, ascending; -1 for a row of a
   * separate validation set.
   */
  readonly indexes: Int32Array;
  /** True category of each row (index into Model.categories); -1 for an out-of-scope validation row. */
  readonly labels: Int32Array;
  /** Calibrated probabilities over Model.categories (temperature applied), one array per row. */
  readonly probabilities: Float32Array[];
  /** The rows' feature vectors, in the final model's row space (as `predict` builds them). */
  readonly vectors: SparseVector[];
}

export interface Calibration {
  temperature: number;
  heldOut: HeldOutSet;
}

export const EMPTY_HELD_OUT: HeldOutSet = {
  indexes: new Int32Array(0),
  labels: new Int32Array(0),
  probabilities: [],
  vectors: [],
};

export function crossFitHeldOut(
  data: LabelledVectors,
  viewStarts: Int32Array,
  classCount: number,
  settings: SgdSettings,
  folds: number,
): Calibration {
  const foldOf = assignFolds(data.labels, classCount, folds, settings.seed);
  const heldOutIndexes = [...foldOf.keys()].filter((index) => foldOf[index]! >= 0);
  if (heldOutIndexes.length < MIN_HELD_OUT) return { temperature: 1, heldOut: EMPTY_HELD_OUT };

  const logitsByIndex = new Map<number, Float64Array>();
  for (let fold = 0; fold < folds; fold++) {
    const kept = [...foldOf.keys()].filter((index) => foldOf[index] !== fold);
    const subset: LabelledVectors = {
      vectors: kept.map((index) => data.vectors[index]!),
      labels: Int32Array.from(kept, (index) => data.labels[index]!),
      exampleWeights: Float32Array.from(kept, (index) => data.exampleWeights[index]!),
    };
    const partial = trainViews(subset, viewStarts, classCount, settings);
    for (const index of heldOutIndexes) {
      if (foldOf[index] !== fold) continue;
      const out = new Float64Array(classCount);
      computeLogits(partial, classCount, data.vectors[index]!, out);
      logitsByIndex.set(index, out);
    }
  }
  const logits = heldOutIndexes.map((index) => logitsByIndex.get(index)!);
  const labels = Int32Array.from(heldOutIndexes, (index) => data.labels[index]!);
  const temperature = fitTemperature(logits, labels);
  const probabilities = logits.map((row) => {
    softmaxInPlace(row, temperature);
    return Float32Array.from(row);
  });
  return {
    temperature,
    heldOut: {
      indexes: Int32Array.from(heldOutIndexes),
      labels,
      probabilities,
      vectors: heldOutIndexes.map((index) => data.vectors[index]!),
    },
  };
}

/**
 * Stratified fold of every row: within a category the rows are shuffled and dealt round-robin, so
 * fold sizes differ by at most one per category. Rows of categories smaller than
 * MIN_CATEGORY_SIZE_FOR_HOLD_OUT get -1 (always trained, never held out).
 */
export function assignFolds(labels: Int32Array, classCount: number, folds: number, seed: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2)
    throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
  const members: number[][] = Array.from({ length: classCount }, () => []);
  labels.forEach((label, index) => {
    members[label]!.push(index);
  });
  const random = createRandom(seed ^ 0x5eed);
  const foldOf = new Int32Array(labels.length).fill(-1);
  let dealer = 0;
  for (const indexes of members) {
    if (indexes.length < MIN_CATEGORY_SIZE_FOR_HOLD_OUT) continue;
    const order = Int32Array.from(indexes);
    shuffle(order, random);
    // Continue the deal where the previous category stopped, so small categories do not all
    // put their extra row into fold 0.
    for (const index of order) foldOf[index] = dealer++ % folds;
  }
  return foldOf;
}

/**
 * Held-out predictions from a separate validation set, scored by the final model itself (no extra
 * training). `labels` -1 marks out-of-scope rows: they are left out of the temperature fit, and the
 * out-of-scope detector may tune its cut-off on them.
 */
export function calibrateOnValidation(
  weights: Float32Array,
  classCount: number,
  vectors: SparseVector[],
  labels: Int32Array,
): Calibration {
  const logits = vectors.map((vector) => {
    const out = new Float64Array(classCount);
    computeLogits(weights, classCount, vector, out);
    return out;
  });
  const inScope = [...labels.keys()].filter((i) => labels[i]! >= 0);
  const temperature =
    inScope.length >= MIN_HELD_OUT
      ? fitTemperature(
          inScope.map((i) => logits[i]!),
          Int32Array.from(inScope, (i) => labels[i]!),
        )
      : 1;
  const probabilities = logits.map((row) => {
    softmaxInPlace(row, temperature);
    return Float32Array.from(row);
  });
  return {
    temperature,
    heldOut: { indexes: new Int32Array(vectors.length).fill(-1), labels, probabilities, vectors },
  };
}
