/**
 * Calibration data: a stratified, seeded share of the training rows is held out, a throw-away model is
 * trained on the rest, and its logits on the held-out rows fit the temperature. The same held-out
 * predictions are what confidence thresholds and out-of-scope cut-offs must be fitted on (in-sample
 * probabilities of the final model are far too confident), so they are returned as well.
 *
 * The final model is trained on all rows and reuses the temperature: slightly different weights, but
 * the same regime of confidence, which is all a single scalar captures. Training once on the kept rows
 * only (no second run) was measured and rejected: 12% less data cost 3.4 points of coverage at 99%
 * precision and 0.5 points of accuracy in CV on Banking77 (two views, no dropout); warm-starting from the held-out model for
 * one or two more passes over all rows recovered only half of that.
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

const HELD_OUT_FRACTION = 0.12;
// Below this many held-out examples the fitted temperature is mostly noise; keep T = 1.
const MIN_HELD_OUT = 30;
// Smaller categories keep all their examples for training.
const MIN_CATEGORY_SIZE_FOR_HOLD_OUT = 5;

/** Predictions of a model that did not see these rows, for fitting thresholds and cut-offs. */
export interface HeldOutSet {
  /** Position of each held-out row in the examples given to training. */
  readonly indexes: Int32Array;
  /** True category of each row (index into Model.categories). */
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

export function calibrateOnHeldOut(
  data: LabelledVectors,
  viewStarts: Int32Array,
  classCount: number,
  settings: SgdSettings,
): Calibration {
  const { kept, heldOut } = holdOutSplit(data.labels, classCount, settings.seed);
  if (heldOut.length < MIN_HELD_OUT) {
    const empty = { indexes: new Int32Array(0), labels: new Int32Array(0), probabilities: [], vectors: [] };
    return { temperature: 1, heldOut: empty };
  }
  const pick = <T>(source: ArrayLike<T>, indexes: number[]): T[] => indexes.map((index) => source[index]!);
  const subset: LabelledVectors = {
    vectors: pick<SparseVector>(data.vectors, kept),
    labels: Int32Array.from(pick(data.labels, kept)),
    exampleWeights: Float32Array.from(pick(data.exampleWeights, kept)),
  };
  const partial = trainViews(subset, viewStarts, classCount, settings);
  const logits = heldOut.map((index) => {
    const out = new Float64Array(classCount);
    computeLogits(partial, classCount, data.vectors[index]!, out);
    return out;
  });
  const labels = Int32Array.from(pick(data.labels, heldOut));
  const temperature = fitTemperature(logits, labels);
  const probabilities = logits.map((row) => {
    softmaxInPlace(row, temperature);
    return Float32Array.from(row);
  });
  return {
    temperature,
    heldOut: {
      indexes: Int32Array.from(heldOut),
      labels,
      probabilities,
      vectors: pick<SparseVector>(data.vectors, heldOut),
    },
  };
}

/** Stratified: about HELD_OUT_FRACTION of every category with enough examples; both lists ascending. */
export function holdOutSplit(
  labels: Int32Array,
  classCount: number,
  seed: number,
): { kept: number[]; heldOut: number[] } {
  const members: number[][] = Array.from({ length: classCount }, () => []);
  labels.forEach((label, index) => {
    members[label]!.push(index);
  });
  const random = createRandom(seed ^ 0x5eed);
  const heldOut: number[] = [];
  const kept: number[] = [];
  for (const indexes of members) {
    const order = Int32Array.from(indexes);
    shuffle(order, random);
    const take =
      order.length >= MIN_CATEGORY_SIZE_FOR_HOLD_OUT ? Math.round(order.length * HELD_OUT_FRACTION) : 0;
    order.forEach((index, position) => {
      (position < take ? heldOut : kept).push(index);
    });
  }
  kept.sort((a, b) => a - b);
  heldOut.sort((a, b) => a - b);
  return { kept, heldOut };
}
