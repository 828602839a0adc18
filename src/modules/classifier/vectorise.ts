/**
 * Hashed counts -> sublinear TF-IDF vectors over the model's feature rows. Rows are grouped by view
 * (all word-view rows, then all character-view rows; see `Model.viewStarts`), and each view's block
 * is L2-normalised on its own and scaled by BLOCK_SCALE, so a ticket with many character n-grams does
 * not drown its few word features, and the whole vector has unit norm when both views are present.
 */
import { type FeatureCounts, VIEW_COUNT } from './extract-features.js';
import type { SparseVector } from './types.js';

export const BLOCK_SCALE = Math.SQRT1_2;

const lookupCache = new WeakMap<Uint32Array, Int32Array[]>();

/**
 * Per view, bucket -> global row (-1 for buckets unseen in training). One Int32 per bucket (1 MB per
 * view at 2^18) is cheaper at prediction time than a Map or binary search; it is rebuilt from
 * `buckets` rather than serialised, and cached per `buckets` array, which a model never replaces.
 */
export function rowLookup(buckets: Uint32Array, viewStarts: Int32Array, hashBits: number): Int32Array[] {
  let lookups = lookupCache.get(buckets);
  if (lookups === undefined) {
    lookups = [];
    // Only the hashed views need one: rows of an embedding view are addressed by dimension.
    const hashedViews = Math.min(VIEW_COUNT, viewStarts.length - 1);
    for (let view = 0; view < hashedViews; view++) {
      const lookup = new Int32Array(2 ** hashBits).fill(-1);
      for (let row = viewStarts[view]!; row < viewStarts[view + 1]!; row++) lookup[buckets[row]!] = row;
      lookups.push(lookup);
    }
    lookupCache.set(buckets, lookups);
  }
  return lookups;
}

/** Smoothed IDF (as in scikit-learn), so a feature present in every document still counts a little. */
export function inverseDocumentFrequency(documentFrequency: number, documentCount: number): number {
  return Math.log((1 + documentCount) / (1 + documentFrequency)) + 1;
}

/**
 * Sublinear TF: the tenth "refund" says much less than the first. Counts below 1 come from
 * down-weighted segments (quoted text, logs) and stay linear, so they keep counting less than one
 * occurrence in the ticket's own words instead of turning negative under the logarithm.
 */
export function termFrequency(count: number): number {
  return count <= 1 ? count : 1 + Math.log(count);
}

/**
 * Buckets unknown to the model are dropped: they have no IDF and no weights, and leaving them out
 * of the norm keeps a ticket full of unseen words from diluting the words the model does know.
 */
export function vectorise(
  features: FeatureCounts,
  lookups: readonly Int32Array[],
  idf: Float32Array,
): SparseVector {
  let capacity = 0;
  for (const buckets of features.buckets) capacity += buckets.length;
  const rows = new Int32Array(capacity);
  const values = new Float32Array(capacity);
  let size = 0;
  for (let view = 0; view < lookups.length; view++) {
    const lookup = lookups[view]!;
    const buckets = features.buckets[view]!;
    const counts = features.counts[view]!;
    const blockStart = size;
    let squaredNorm = 0;
    for (let i = 0; i < buckets.length; i++) {
      const row = lookup[buckets[i]!] ?? -1;
      if (row < 0) continue;
      const value = termFrequency(counts[i]!) * idf[row]!;
      if (!(value > 0)) continue;
      rows[size] = row;
      values[size] = value;
      squaredNorm += value * value;
      size++;
    }
    const scale = squaredNorm > 0 ? BLOCK_SCALE / Math.sqrt(squaredNorm) : 0;
    for (let i = blockStart; i < size; i++) values[i] = values[i]! * scale;
  }
  return { rows: rows.slice(0, size), values: values.slice(0, size) };
}

/**
 * One view's block of a vector, with rows relative to the view's first row and unit norm: the form
 * each view's model is trained on.
 */
export function viewBlock(vector: SparseVector, viewStart: number, viewEnd: number): SparseVector {
  let from = 0;
  while (from < vector.rows.length && vector.rows[from]! < viewStart) from++;
  let to = from;
  while (to < vector.rows.length && vector.rows[to]! < viewEnd) to++;
  const rows = new Int32Array(to - from);
  const values = new Float32Array(to - from);
  for (let i = from; i < to; i++) {
    rows[i - from] = vector.rows[i]! - viewStart;
    values[i - from] = vector.values[i]! / BLOCK_SCALE;
  }
  return { rows, values };
}
