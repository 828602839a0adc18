/**
 * Public data shapes of the classifier. The internals behind `Model` are expected to be replaced by a
 * later project, so callers must treat `Model` as opaque and only go through the exported functions.
 */

import type { OutOfScopeDetector } from './out-of-scope.js';

export interface TrainingExample {
  id?: string;
  subject?: string;
  body?: string;
  category: string;
  /** Precomputed dense vector (see embedding-view); all training examples carry one, or none. */
  embedding?: Float32Array | readonly number[];
}

export interface ClassifierInput {
  subject?: string;
  body?: string;
  /** Required when the model was trained with embeddings (same provider and dimension). */
  embedding?: Float32Array | readonly number[];
}

/** Probabilities sum to 1 over all categories; lists are ranked by probability, highest first. */
export interface RankedCategory {
  category: string;
  probability: number;
}

/** Contribution of a term to the chosen (top) category's score; positive pushes towards it. */
export interface ExplanationTerm {
  term: string;
  weight: number;
}

/** A stored training example close to the input; `text` is truncated to about 200 characters. */
export interface SimilarExample {
  id: string;
  category: string;
  text: string;
  similarity: number;
}

export interface Explanation {
  terms: ExplanationTerm[];
  similar: SimilarExample[];
}

/** "Fits no category": flagged when score > cutoff (both in [0, 1], see out-of-scope.ts). */
export interface OutOfScopeVerdict {
  score: number;
  cutoff: number;
  flagged: boolean;
}

export interface Prediction {
  ranked: RankedCategory[];
  outOfScope: OutOfScopeVerdict;
  explanation: Explanation;
}

/** A held-out row for calibration; category null (or one not trained) marks it out of scope. */
export interface ValidationExample {
  subject?: string;
  body?: string;
  category: string | null;
  /** Required when the training examples carry embeddings. */
  embedding?: Float32Array | readonly number[];
}

export interface TrainOptions {
  epochs?: number;
  seed?: number;
  maxSimilarExamples?: number;
  /**
   * Rows to fit calibration, thresholds and the out-of-scope cut-off on, instead of cross-fitting
   * on the training rows (which costs `heldOutFolds` extra trainings).
   */
  validation?: readonly ValidationExample[];
  /** Folds of the cross-fitting when no validation set is given; default in train-model.ts. */
  heldOutFolds?: number;
  /** Share of held-out in-scope tickets the out-of-scope detector may flag; default in train-model.ts. */
  outOfScopeFlagRate?: number;
  /** Opaque id of what produced the examples' embeddings, e.g. "openai-compatible:<model>". */
  embeddingProvider?: string;
  /**
   * Hears each stage as it starts, with the rough share of the work done before it (0–1), so a
   * caller can show progress. Called synchronously; it must not throw.
   */
  onProgress?: (stage: TrainingStage, done: number) => void;
}

export type TrainingStage = 'features' | 'training' | 'calibrating' | 'out-of-scope detector';

export interface PredictOptions {
  /** Limits the length of `ranked`; default: all categories. */
  topK?: number;
  /** Compute the explanation; default true. When false, the explanation lists are empty. */
  explain?: boolean;
}

export interface ModelSummary {
  algorithm: string;
  formatVersion: number;
  categories: string[];
  exampleCount: number;
  featureCount: number;
  /** Present when the model has an embedding view: inputs must then carry such an embedding. */
  embedding?: EmbeddingSpec;
}

/** The embedding view of a model: its dimension and an opaque id of the provider that made it. */
export interface EmbeddingSpec {
  readonly dimensions: number;
  readonly provider: string;
}

/**
 * Sparse vector over model feature rows (not hash buckets), grouped by view; each view block is
 * L2-normalised to BLOCK_SCALE (see vectorise), so the whole has unit norm when both views are present.
 */
export interface SparseVector {
  readonly rows: Int32Array;
  readonly values: Float32Array;
}

/**
 * Training examples kept in the model for "similar examples" explanations, in CSR layout so that
 * thousands of them cost a few typed arrays instead of thousands of small objects.
 */
export interface StoredExamples {
  readonly ids: string[];
  /** Index into `Model.categories`. */
  readonly categoryIndex: Int32Array;
  readonly texts: string[];
  /** Example i owns entries offsets[i] .. offsets[i + 1] - 1 of `rows` and `values`. */
  readonly offsets: Int32Array;
  readonly rows: Int32Array;
  readonly values: Float32Array;
}

/**
 * Hashed TF-IDF features in two views (words and character n-grams) + multinomial logistic regression,
 * one model per view; their logits are summed.
 *
 * Weights are stored only for hash buckets seen in training, one row of `categories.length` floats per
 * bucket and view. A dense 2^18 x 77 Float32 matrix per view would be ~80 MB, while Banking77 (10k
 * texts) touches ~30k buckets, ~10 MB; unseen buckets have no IDF and no learned weight anyway, so
 * nothing is lost by leaving them out. The per-view models are folded into one matrix (see
 * train-views), so prediction is a single sparse dot product.
 */
export interface Model {
  readonly algorithm: string;
  readonly formatVersion: number;
  readonly hashBits: number;
  /** Mutable only so that `learnOne` can add a category it has not seen before. */
  categories: string[];
  exampleCount: number;
  /** Rows of view v are viewStarts[v] .. viewStarts[v + 1] - 1; within a view, buckets ascend. */
  readonly viewStarts: Int32Array;
  readonly buckets: Uint32Array;
  readonly idf: Float32Array;
  /** Row-major: weights[row * categories.length + category]. */
  weights: Float32Array;
  /** Logits are divided by this before the softmax (fitted on held-out predictions). */
  readonly temperature: number;
  readonly examples: StoredExamples;
  readonly outOfScope: OutOfScopeDetector;
  readonly calibration: CalibrationRows;
  /** Only for a model trained with embeddings: its last view is then the embedding view. */
  readonly embedding?: EmbeddingSpec;
}

/**
 * Held-out predictions (out-of-fold, or of the validation set) that the out-of-scope detector did not
 * flag: what auto-apply thresholds for any precision target are fitted on (see thresholds.ts), kept
 * in the model so a workspace can change its target without retraining.
 */
export interface CalibrationRows {
  /** Top category index per row. */
  readonly predicted: Int32Array;
  /** Its calibrated probability. */
  readonly confidence: Float32Array;
  /** 1 when the prediction was right; an out-of-scope row is never right. */
  readonly correct: Uint8Array;
}
