import {
  addEmbeddingRows,
  appendInputEmbedding,
  textViewsOnly,
  trainingEmbeddingSpec,
} from './embedding-view.js';
import { DEFAULT_HASH_BITS, extractFeatures, VIEW_COUNT } from './extract-features.js';
import { calibrateOnHeldOut, type HeldOutSet } from './held-out.js';
import { ALGORITHM, FORMAT_VERSION } from './model-format.js';
import { DEFAULT_MAX_SIMILAR_EXAMPLES, selectStoredExamples } from './similar-examples.js';
import type { LabelledVectors, SgdSettings } from './softmax-regression.js';
import { TrainingError } from './training-error.js';
import { trainViews } from './train-views.js';
import type { Model, SparseVector, TrainingExample, TrainOptions } from './types.js';
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
  const labelOf = new Map(categories.map((category, index) => [category, index]));
  const labels = Int32Array.from(examples, (example) => labelOf.get(example.category)!);

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
  const { temperature, heldOut } = calibrateOnHeldOut(data, viewStarts, categories.length, settings);
  const weights = trainViews(data, viewStarts, categories.length, settings);

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
      vectors.map((vector) => textViewsOnly(vector, embedding, buckets.length)),
      categories.length,
      settings.maxSimilarExamples,
    ),
    ...(embedding === undefined ? {} : { embedding }),
  };
  return { model, heldOut, vectors, labels };
}

/**
 * The held-out rows' calibrated probabilities, labels and vectors. It trains a whole model: callers
 * that also need the model should use trainWithHeldOut.
 */
export function heldOutPredictions(
  examples: readonly TrainingExample[],
  options: TrainOptions = {},
): HeldOutSet {
  return trainWithHeldOut(examples, options).heldOut;
}

interface ResolvedOptions extends SgdSettings {
  maxSimilarExamples: number;
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
