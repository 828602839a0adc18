/**
 * Hashed counts -> L2-normalised sublinear TF-IDF vectors over the model's feature rows.
 */
import type { SparseVector } from './types.js';

const lookupCache = new WeakMap<Uint32Array, Int32Array>();

/**
 * Bucket -> row table (-1 for buckets unseen in training). One Int32 per bucket (1 MB at 2^18) is
 * cheaper at prediction time than a Map or binary search, and it is rebuilt from `buckets` rather
 * than serialised. Cached per `buckets` array, which a model never replaces.
 */
export function rowLookup(buckets: Uint32Array, hashBits: number): Int32Array {
  let lookup = lookupCache.get(buckets);
  if (lookup === undefined) {
    lookup = new Int32Array(2 ** hashBits).fill(-1);
    for (let row = 0; row < buckets.length; row++) lookup[buckets[row]!] = row;
    lookupCache.set(buckets, lookup);
  }
  return lookup;
}

/** Smoothed IDF (as in scikit-learn), so a feature present in every document still counts a little. */
export function inverseDocumentFrequency(documentFrequency: number, documentCount: number): number {
  return Math.log((1 + documentCount) / (1 + documentFrequency)) + 1;
}

/**
 * Buckets unknown to the model are dropped: they have no IDF and no weights, and leaving them out
 * of the norm keeps a ticket full of unseen words from diluting the words the model does know.
 */
export function vectorise(
  counts: ReadonlyMap<number, number>,
  lookup: Int32Array,
  idf: Float32Array,
): SparseVector {
  const rows: number[] = [];
  const values: number[] = [];
  let squaredNorm = 0;
  for (const [bucket, count] of counts) {
    const row = lookup[bucket] ?? -1;
    if (row < 0) continue;
    // Sublinear TF: the tenth "refund" says much less than the first.
    const value = (1 + Math.log(count)) * idf[row]!;
    rows.push(row);
    values.push(value);
    squaredNorm += value * value;
  }
  const scale = squaredNorm > 0 ? 1 / Math.sqrt(squaredNorm) : 0;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * scale;
  return { rows: Int32Array.from(rows), values: out };
}
