/**
 * The model's feature rows: every (view, hash bucket) seen in training, with its IDF. Buckets are
 * sorted within each view, so the row numbering does not depend on the order of the examples.
 */
import type { FeatureCounts } from './extract-features.js';
import { inverseDocumentFrequency } from './vectorise.js';

export interface Vocabulary {
  readonly viewStarts: Int32Array;
  readonly buckets: Uint32Array;
  readonly idf: Float32Array;
}

export function buildVocabulary(
  documents: readonly FeatureCounts[],
  hashBits: number,
  viewCount: number,
): Vocabulary {
  // A dense counter per view (1 MB at 2^18) is much faster than a Map over ~10^6 increments.
  const frequencies = Array.from({ length: viewCount }, () => new Int32Array(2 ** hashBits));
  for (const document of documents) {
    for (let view = 0; view < viewCount; view++) {
      const counter = frequencies[view]!;
      for (const bucket of document.buckets[view]!) counter[bucket]!++;
    }
  }
  const viewStarts = new Int32Array(viewCount + 1);
  const buckets: number[] = [];
  const idf: number[] = [];
  for (let view = 0; view < viewCount; view++) {
    const counter = frequencies[view]!;
    for (let bucket = 0; bucket < counter.length; bucket++) {
      if (counter[bucket]! === 0) continue;
      buckets.push(bucket);
      idf.push(inverseDocumentFrequency(counter[bucket]!, documents.length));
    }
    viewStarts[view + 1] = buckets.length;
  }
  return { viewStarts, buckets: Uint32Array.from(buckets), idf: Float32Array.from(idf) };
}
