import {
  addEmbeddingRows,
  appendInputEmbedding,
  textViewsOnly,
  trainingEmbeddingSpec,
} from './embedding-view.js';
import { DEFAULT_HASH_BITS, extractFeatures, VIEW_COUNT } from './extract-features.js';
import { type Calibration, calibrateOnValidation, crossFitHeldOut, type HeldOutSet } from './held-out.js';
import { ALGORITHM, FORMAT_VERSION } from './model-format.js';
import { DEFAULT_MAX_SIMILAR_EXAMPLES, selectStoredExamples } from './similar-examples.js';
import type { LabelledVectors, SgdSettings } from './softmax-regression.js';
import { TrainingError } from './training-error.js';
import { trainViews } from './train-views.js';
import { fitOutOfScopeDetector, isOutOfScope, outOfScopeScore } from './out-of-scope.js';
import type { CalibrationRows, Model, SparseVector, TrainingExample, TrainOptions } from './types.js';
import { rowLookup, vectorise } from './vectorise.js';
import { buildVocabulary } from './vocabulary.js';

// Eight passes, with input dropout 0.4 (see train-softmax for the CV table). Without dropout five
// passes were enough (3 lost 3 points of coverage at 99% precision, 8 gained nothing measurable). Small
// training sets get more passes by default (at least MIN_DEFAULT_STEPS updates) because each pass
// costs almost nothing.
const DEFAULT_EPOCHS = 8;
const MIN_DEFAULT_STEPS = 3000;
const MAX_DEFAULT_EPOCHS = 100;
const DEFAULT_SEED = 42;
// Three folds: every row of a category with ≥ 5 examples gets an out-of-fold prediction (Banking77:
// ~130 per category, enough for per-category thresholds), for two trainings' worth of extra time.
// See the fold table in docs/benchmarks.md.
const DEFAULT_HELD_OUT_FOLDS = 3;
// The detector's cut-off flags this share of the held-out (out-of-fold) tickets. New tickets are
// flagged about half as often, because the final model, trained on all rows, is more confident than
// the fold models. Banking77 train split only (75/25, 10 of 77 intents unknown to the model), share
// of in-scope tickets flagged / unknown-intent recall: 0.05 → 0.023 / 0.209; 0.08 → 0.042 / 0.307;
// 0.10 → 0.058 / 0.372; 0.12 → 0.079 / 0.443. 0.08 flags about the 5% of in-scope tickets intended.
const DEFAULT_OUT_OF_SCOPE_FLAG_RATE = 0.08;
// Inputs are L2-normalised, so one step moves a logit by at most about the learning rate; a large
// rate with linear decay converged in the fewest passes (CV, 5 passes without dropout: rate 2 and 8 lost 2-3 points of
// coverage at 99% precision against 4). L2 stays tiny: 1e-5 was equal, 3e-5 and 1e-4 lost accuracy
// and coverage (1e-4: -2 points accuracy), and iterate averaging gave nothing over the linear decay.
const LEARNING_RATE = 4;
const L2 = 1e-6;
// Balanced class weights, clipped so a category with a single example cannot dominate the updates.
const MIN_CLASS_WEIGHT = 0.2;
const MAX_CLASS_WEIGHT = 5;

/**
 * A trained model plus what later fitting steps need, so they cost no extra training run. Internal:
 * not exported from index.ts.
 */
export interface TrainingRun {
  model: Model;
  /**
   * Calibrated predictions of a model trained without these rows (see held-out.ts), for fitting
   * confidence thresholds and out-of-scope cut-offs.
   */
  heldOut: HeldOutSet;
  /** Every training row's vector (model row space) and category index, in the order given. */
  vectors: SparseVector[];
  labels: Int32Array;
}

export function trainModel(examples: readonly TrainingExample[], options: TrainOptions = {}): Model {
  return trainWithHeldOut(examples, options).model;
}

/**
 * Everything `trainModel` does, also returning the held-out predictions. Empty held-out lists when the
 * training set is too small to hold rows out (fewer than ~30 held-out rows; see held-out.ts).
 */
export function trainWithHeldOut(
  examples: readonly TrainingExample[],
  options: TrainOptions = {},
): TrainingRun {
  const categories = distinctCategories(examples);
  const settings = resolveOptions(options, examples.length);
  if (options.validation !== undefined && !Array.isArray(options.validation))
    throw new TypeError('validation must be an array of examples.');
  const labelOf = new Map(categories.map((category, index) => [category, index]));
  const labels = Int32Array.from(examples, (example) => labelOf.get(example.category)!);
  // Shares of the time measured on the demo history (3,600 tickets, three folds): features 18%,
  // the final training 22%, the cross-fitted calibration 42%, the out-of-scope detector 18%.
  const progress = options.onProgress ?? (() => undefined);
  progress('features', 0);

  const features = examples.map((example) => extractFeatures(example, DEFAULT_HASH_BITS, false));
  const embedding = trainingEmbeddingSpec(examples, options.embeddingProvider);
  const vocabulary = buildVocabulary(features, DEFAULT_HASH_BITS, VIEW_COUNT);
  const { viewStarts, buckets, idf } = addEmbeddingRows(vocabulary, embedding);
  const lookups = rowLookup(buckets, viewStarts, DEFAULT_HASH_BITS);
  const vectors = features.map((counts, index) =>
    appendInputEmbedding({ embedding, buckets }, examples[index]!, vectorise(counts, lookups, idf)),
  );

  const data: LabelledVectors = {
    vectors,
    labels,
    exampleWeights: classBalancedWeights(labels, categories.length),
  };
  progress('training', 0.18);
  const weights = trainViews(data, viewStarts, categories.length, settings);
  progress('calibrating', 0.4);
  const { temperature, heldOut } =
    options.validation === undefined
      ? crossFitHeldOut(data, viewStarts, categories.length, settings, settings.folds)
      : validationCalibration(options.validation, labelOf, lookups, { embedding, buckets, idf }, weights);
  // The detector's centroids are over the text views (see textViewsOnly); the probabilities it
  // also weighs include the embedding view.
  const textOnly = (vector: SparseVector) => textViewsOnly(vector, embedding, buckets.length);
  progress('out-of-scope detector', 0.82);
  const outOfScope = fitOutOfScopeDetector({
    vectors: vectors.map(textOnly),
    labels,
    categoryCount: categories.length,
    dimension: buckets.length,
    heldOut: {
      vectors: heldOut.vectors.map(textOnly),
      probabilities: heldOut.probabilities,
      outOfScope: Array.from(heldOut.labels, (label) => label < 0),
      trainingIndex: heldOut.indexes,
    },
    targetInScopeFlagRate: options.outOfScopeFlagRate ?? DEFAULT_OUT_OF_SCOPE_FLAG_RATE,
  });

  const model: Model = {
    algorithm: ALGORITHM,
    formatVersion: FORMAT_VERSION,
    hashBits: DEFAULT_HASH_BITS,
    categories,
    exampleCount: examples.length,
    viewStarts,
    buckets,
    idf,
    weights,
    temperature,
    examples: selectStoredExamples(
      examples,
      labels,
      vectors.map(textOnly),
      categories.length,
      settings.maxSimilarExamples,
    ),
    outOfScope,
    calibration: calibrationRows(heldOut, (vector, probabilities) =>
      isOutOfScope(outOfScope, outOfScopeScore(outOfScope, textOnly(vector), probabilities)),
    ),
    ...(embedding === undefined ? {} : { embedding }),
  };
  return { model, heldOut, vectors, labels };
}

/** Rows the out-of-scope detector lets through, as a prediction in production would be. */
function calibrationRows(
  heldOut: HeldOutSet,
  flagged: (vector: SparseVector, probabilities: Float32Array) => boolean,
): CalibrationRows {
  const predicted: number[] = [];
  const confidence: number[] = [];
  const correct: number[] = [];
  heldOut.probabilities.forEach((probabilities, i) => {
    if (flagged(heldOut.vectors[i]!, probabilities)) return;
    let top = 0;
    for (let k = 1; k < probabilities.length; k++) if (probabilities[k]! > probabilities[top]!) top = k;
    predicted.push(top);
    confidence.push(probabilities[top]!);
    correct.push(heldOut.labels[i] === top ? 1 : 0);
  });
  return {
    predicted: Int32Array.from(predicted),
    confidence: Float32Array.from(confidence),
    correct: Uint8Array.from(correct),
  };
}

/** Validation rows of a category the training set lacks are out of scope for this model. */
function validationCalibration(
  validation: NonNullable<TrainOptions['validation']>,
  labelOf: ReadonlyMap<string, number>,
  lookups: ReturnType<typeof rowLookup>,
  rows: Pick<Model, 'embedding' | 'buckets' | 'idf'>,
  weights: Float32Array,
): Calibration {
  const vectors = validation.map((row) =>
    appendInputEmbedding(
      rows,
      row,
      vectorise(extractFeatures(row, DEFAULT_HASH_BITS, false), lookups, rows.idf),
    ),
  );
  const labels = Int32Array.from(validation, (row) =>
    row.category === null ? -1 : (labelOf.get(row.category) ?? -1),
  );
  return calibrateOnValidation(weights, labelOf.size, vectors, labels);
}

interface ResolvedOptions extends SgdSettings {
  maxSimilarExamples: number;
  folds: number;
}

function resolveOptions(options: TrainOptions, exampleCount: number): ResolvedOptions {
  const smallSetEpochs = Math.min(
    MAX_DEFAULT_EPOCHS,
    Math.ceil(MIN_DEFAULT_STEPS / Math.max(1, exampleCount)),
  );
  const epochs = options.epochs ?? Math.max(DEFAULT_EPOCHS, smallSetEpochs);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
  const maxSimilarExamples = options.maxSimilarExamples ?? DEFAULT_MAX_SIMILAR_EXAMPLES;
  if (!Number.isInteger(maxSimilarExamples) || maxSimilarExamples < 0) {
    throw new RangeError(`maxSimilarExamples must be a non-negative integer, got ${maxSimilarExamples}`);
  }
  return {
    epochs,
    seed: options.seed ?? DEFAULT_SEED,
    learningRate: LEARNING_RATE,
    l2: L2,
    maxSimilarExamples,
    folds: options.heldOutFolds ?? DEFAULT_HELD_OUT_FOLDS,
  };
}

/** Sorted by code unit order (not locale) so the category order never depends on the host. */
function distinctCategories(examples: readonly TrainingExample[]): string[] {
  if (examples.length === 0) {
    throw new TrainingError('no_examples', 'Cannot train a classifier: no training examples were given.');
  }
  for (const example of examples) {
    if (typeof example.category !== 'string')
      throw new TypeError('Every training example needs a string category.');
  }
  const categories = [...new Set(examples.map((example) => example.category))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  if (categories.length < 2) {
    throw new TrainingError(
      'one_category',
      `Cannot train a classifier: all ${examples.length} examples have the category "${categories[0]}"; at least two categories are needed.`,
    );
  }
  return categories;
}

function classBalancedWeights(labels: Int32Array, categoryCount: number): Float32Array {
  const sizes = new Int32Array(categoryCount);
  for (const label of labels) sizes[label]!++;
  const perClass = Array.from(sizes, (size) =>
    Math.min(MAX_CLASS_WEIGHT, Math.max(MIN_CLASS_WEIGHT, labels.length / (categoryCount * size))),
  );
  return Float32Array.from(labels, (label) => perClass[label]!);
}
