/**
 * "Tickets like this one": a bounded, category-balanced sample of training examples is stored in
 * the model with its vectors, and searched by cosine similarity (a dot product, as all vectors are
 * L2-normalised) through an inverted index built lazily on first use.
 */
import type { Model, SimilarExample, SparseVector, StoredExamples, TrainingExample } from './types.js';

export const DEFAULT_MAX_SIMILAR_EXAMPLES = 2000;
export const SIMILAR_RESULT_COUNT = 3;
const MAX_TEXT_CODE_POINTS = 200;

/**
 * Round-robin over categories (in category order, each in training order) so that small
 * categories are represented even when the cap is far below the training set size.
 */
export function selectStoredExamples(
  examples: readonly TrainingExample[],
  labels: Int32Array,
  vectors: readonly SparseVector[],
  categoryCount: number,
  maxExamples: number,
): StoredExamples {
  const byCategory: number[][] = Array.from({ length: categoryCount }, () => []);
  for (let i = 0; i < labels.length; i++) byCategory[labels[i]!]!.push(i);
  const chosen: number[] = [];
  const limit = Math.min(Math.max(0, Math.floor(maxExamples)), examples.length);
  for (let round = 0; chosen.length < limit; round++) {
    for (const members of byCategory) {
      if (round < members.length && chosen.length < limit) chosen.push(members[round]!);
    }
  }
  const offsets = new Int32Array(chosen.length + 1);
  for (let i = 0; i < chosen.length; i++) offsets[i + 1] = offsets[i]! + vectors[chosen[i]!]!.rows.length;
  const rows = new Int32Array(offsets[chosen.length]!);
  const values = new Float32Array(rows.length);
  chosen.forEach((index, i) => {
    rows.set(vectors[index]!.rows, offsets[i]!);
    values.set(vectors[index]!.values, offsets[i]!);
  });
  return {
    ids: chosen.map((index) => examples[index]!.id ?? `#${index}`),
    categoryIndex: Int32Array.from(chosen, (index) => labels[index]!),
    texts: chosen.map((index) => displayText(examples[index]!)),
    offsets,
    rows,
    values,
  };
}

export function displayText(example: { subject?: string; body?: string }): string {
  const joined = [example.subject, example.body]
    .filter((part): part is string => typeof part === 'string' && part.trim().length > 0)
    .join('\n')
    .trim();
  // Slice code units first so a 1 MB body is never split into an array of code points.
  const points = Array.from(joined.slice(0, MAX_TEXT_CODE_POINTS * 2 + 2));
  if (points.length <= MAX_TEXT_CODE_POINTS) return joined;
  return `${points.slice(0, MAX_TEXT_CODE_POINTS).join('').trimEnd()}…`;
}

interface InvertedIndex {
  /** Postings of row r are entries start[r] .. start[r + 1] - 1. */
  start: Int32Array;
  example: Int32Array;
  value: Float32Array;
}

const indexCache = new WeakMap<StoredExamples, InvertedIndex>();

function invertedIndex(stored: StoredExamples, rowCount: number): InvertedIndex {
  const cached = indexCache.get(stored);
  if (cached !== undefined) return cached;
  const start = new Int32Array(rowCount + 1);
  for (const row of stored.rows) start[row + 1]!++;
  for (let r = 0; r < rowCount; r++) start[r + 1]! += start[r]!;
  const fill = start.slice(0, rowCount);
  const example = new Int32Array(stored.rows.length);
  const value = new Float32Array(stored.rows.length);
  for (let i = 0; i + 1 < stored.offsets.length; i++) {
    for (let n = stored.offsets[i]!; n < stored.offsets[i + 1]!; n++) {
      const at = fill[stored.rows[n]!]!++;
      example[at] = i;
      value[at] = stored.values[n]!;
    }
  }
  const index = { start, example, value };
  indexCache.set(stored, index);
  return index;
}

export function findSimilar(model: Model, vector: SparseVector, limit: number): SimilarExample[] {
  const stored = model.examples;
  const count = stored.ids.length;
  if (count === 0 || vector.rows.length === 0 || limit <= 0) return [];
  const index = invertedIndex(stored, model.buckets.length);
  const scores = new Float64Array(count);
  for (let n = 0; n < vector.rows.length; n++) {
    const row = vector.rows[n]!;
    const x = vector.values[n]!;
    for (let p = index.start[row]!; p < index.start[row + 1]!; p++)
      scores[index.example[p]!]! += x * index.value[p]!;
  }
  // Limit is tiny (a handful), so insertion into a short sorted list beats sorting all scores.
  const best: number[] = [];
  for (let i = 0; i < count; i++) {
    if (scores[i]! <= 0) continue;
    if (best.length === limit && scores[i]! <= scores[best[limit - 1]!]!) continue;
    let at = best.length;
    while (at > 0 && scores[best[at - 1]!]! < scores[i]!) at--;
    best.splice(at, 0, i);
    if (best.length > limit) best.pop();
  }
  return best.map((i) => ({
    id: stored.ids[i]!,
    category: model.categories[stored.categoryIndex[i]!]!,
    text: stored.texts[i]!,
    // Float32 storage can push a self-match a hair above 1.
    similarity: Math.min(1, scores[i]!),
  }));
}
