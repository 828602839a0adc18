/**
 * The optional embedding view: a dense vector that the caller computed for each input (an embedding
 * provider or word vectors, outside the classifier, which does no I/O) becomes a third block of model
 * rows after the word and character views, one row per dimension (bucket = dimension index, IDF 1),
 * L2-normalised and scaled by BLOCK_SCALE like the hashed views. Training, calibration, logits and
 * learnOne then see nothing but more rows: the view gets its own softmax regression (train-views),
 * folded into the one weight matrix.
 *
 * A model trained with embeddings refuses an input without one, or with another dimension, with a
 * TypeError, rather than predicting from the text views alone: the temperature (and any threshold
 * fitted on held-out predictions) was fitted to logits that include the embedding view, so a
 * prediction without it would return confidences nobody measured, and auto-apply decisions are taken
 * on those. An error lets the caller send the ticket to review ("model unavailable"), where it is
 * seen. An embedding given to a model trained without one is ignored.
 */
import type { ClassifierInput, EmbeddingSpec, Model, SparseVector, TrainingExample } from './types.js';
import { BLOCK_SCALE } from './vectorise.js';

/**
 * Weight of the embedding view's logits beside the word (0.7) and character (1) views. With averaged
 * word vectors on Banking77 (docs/adr/0003-word-vectors.md; 5-fold CV on the training split, and 3
 * disjoint 10-shot draws), 0.5 was the one weight that helped few-shot without costing the full
 * set anything: 1 and 2 lost 2.7 and 7.5 points of coverage at 99% precision on the full set. A
 * stronger sentence encoder may deserve more; that has not been measured.
 */
export const EMBEDDING_VIEW_WEIGHT = 0.5;

// Rows of the embedding view are buckets 0 .. dimensions - 1, which must fit the model's hash range.
const MAX_DIMENSIONS = 2 ** 16;
const UNNAMED_PROVIDER = 'unspecified';

/**
 * The embedding the training examples carry (all of them, or none), or undefined for none. Throws a
 * TypeError when only some carry one, when dimensions differ, or when a value is not a finite number.
 */
export function trainingEmbeddingSpec(
  examples: readonly TrainingExample[],
  provider: string | undefined,
): EmbeddingSpec | undefined {
  const carrying = examples.filter((example) => example.embedding !== undefined).length;
  if (carrying === 0) {
    if (provider !== undefined) {
      throw new TypeError(
        `An embedding provider ("${provider}") was given but no training example carries an embedding.`,
      );
    }
    return undefined;
  }
  if (carrying < examples.length) {
    throw new TypeError(
      `${carrying} of ${examples.length} training examples carry an embedding; either all or none must.`,
    );
  }
  const dimensions = lengthOf(examples[0]!.embedding);
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    throw new TypeError(`An embedding must have 1 to ${MAX_DIMENSIONS} dimensions, got ${dimensions}.`);
  }
  examples.forEach((example, index) => {
    checkEmbedding(example.embedding, dimensions, `training example ${index}`);
  });
  return { dimensions, provider: provider ?? UNNAMED_PROVIDER };
}

/** The vocabulary with the embedding view's rows appended (unchanged without an embedding). */
export function addEmbeddingRows<
  V extends { viewStarts: Int32Array; buckets: Uint32Array; idf: Float32Array },
>(vocabulary: V, spec: EmbeddingSpec | undefined): V {
  if (spec === undefined) return vocabulary;
  const textRows = vocabulary.buckets.length;
  const viewStarts = new Int32Array(vocabulary.viewStarts.length + 1);
  viewStarts.set(vocabulary.viewStarts);
  viewStarts[viewStarts.length - 1] = textRows + spec.dimensions;
  const buckets = new Uint32Array(textRows + spec.dimensions);
  buckets.set(vocabulary.buckets);
  for (let d = 0; d < spec.dimensions; d++) buckets[textRows + d] = d;
  const idf = new Float32Array(textRows + spec.dimensions).fill(1);
  idf.set(vocabulary.idf);
  return { ...vocabulary, viewStarts, buckets, idf };
}

/**
 * The input's vector over all model rows: its text-view vector (from vectorise) followed by its
 * embedding block when the model has an embedding view. Throws a TypeError when the model needs an
 * embedding the input does not carry (see above).
 */
export function appendInputEmbedding(
  model: Pick<Model, 'embedding' | 'buckets'>,
  input: ClassifierInput,
  textVector: SparseVector,
): SparseVector {
  const spec = model.embedding;
  if (spec === undefined) return textVector;
  if (input.embedding === undefined) {
    throw new TypeError(
      `This model was trained with ${spec.dimensions}-dimensional embeddings from "${spec.provider}"; ` +
        'the input has no embedding. Embed it with the same provider, or use a model trained without embeddings.',
    );
  }
  const embedding = checkEmbedding(input.embedding, spec.dimensions, 'the input');
  const firstRow = model.buckets.length - spec.dimensions;
  let squaredNorm = 0;
  let nonZero = 0;
  for (let d = 0; d < spec.dimensions; d++) {
    const value = embedding[d]!;
    squaredNorm += value * value;
    if (value !== 0) nonZero++;
  }
  const size = textVector.rows.length;
  const rows = new Int32Array(size + nonZero);
  const values = new Float32Array(size + nonZero);
  rows.set(textVector.rows);
  values.set(textVector.values);
  // An all-zero embedding adds nothing, like a ticket whose words the model has never seen.
  const scale = squaredNorm > 0 ? BLOCK_SCALE / Math.sqrt(squaredNorm) : 0;
  let at = size;
  for (let d = 0; d < spec.dimensions; d++) {
    if (embedding[d] === 0) continue;
    rows[at] = firstRow + d;
    values[at] = embedding[d]! * scale;
    at++;
  }
  return { rows, values };
}

/**
 * The text-view part of a vector (its embedding block dropped). Stored "similar examples" keep only
 * this: their similarity stays a cosine over words, which is what an agent can check by reading them.
 */
export function textViewsOnly(
  vector: SparseVector,
  spec: EmbeddingSpec | undefined,
  rowCount: number,
): SparseVector {
  if (spec === undefined) return vector;
  const firstRow = rowCount - spec.dimensions;
  let end = vector.rows.length;
  while (end > 0 && vector.rows[end - 1]! >= firstRow) end--;
  return { rows: vector.rows.subarray(0, end), values: vector.values.subarray(0, end) };
}

function lengthOf(embedding: unknown): number {
  return Array.isArray(embedding) || embedding instanceof Float32Array ? embedding.length : Number.NaN;
}

function checkEmbedding(
  embedding: unknown,
  dimensions: number,
  what: string,
): ArrayLike<number> & Iterable<number> {
  if (!(Array.isArray(embedding) || embedding instanceof Float32Array)) {
    throw new TypeError(`The embedding of ${what} must be a Float32Array or an array of numbers.`);
  }
  if (embedding.length !== dimensions) {
    throw new TypeError(
      `The embedding of ${what} has ${embedding.length} dimensions; the model expects ${dimensions}.`,
    );
  }
  for (const value of embedding) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TypeError(`The embedding of ${what} contains a value that is not a finite number.`);
    }
  }
  return embedding as ArrayLike<number> & Iterable<number>;
}
