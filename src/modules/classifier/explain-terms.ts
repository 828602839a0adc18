/**
 * The "words that drove it" half of an explanation: each feature's contribution to the top category's
 * logit, credited back to the words and word pairs of the input that produced it.
 */
import { type FeatureCounts, termKey, WORD_VIEW, wordBucket } from './extract-features.js';
import { STOP_WORDS } from './stop-words.js';
import { isPlaceholder } from './tokenise.js';
import type { ExplanationTerm, Model, SparseVector } from './types.js';
import { rowLookup } from './vectorise.js';

const EXPLANATION_TERM_COUNT = 10;
const MAX_TERM_LENGTH = 40;
const MIN_RELATIVE_WEIGHT = 0.01;
// A word in more than this share of the training tickets ("account", "help" in a bank's queue) says
// little about any one category, however much weight the model gives it. Only applied when the
// training set is big enough for shares to mean something.
const MAX_DOCUMENT_SHARE = 0.2;
const MIN_DOCUMENTS_FOR_SHARE = 100;

/**
 * Contribution of a feature = value x weight / temperature (the logit it adds to the top category).
 * Weight rows sum to (nearly) zero over classes (see softmax-regression), so this is already relative to
 * the other classes. Character n-grams are credited to their word; when several terms share a hash
 * bucket, the bucket's contribution is split by their counts. Stop words, placeholders (<num>) and
 * very common words are left out of the list, but not out of the prediction.
 */
export function explainTerms(
  model: Model,
  features: FeatureCounts,
  vector: SparseVector,
  top: number,
): ExplanationTerm[] {
  const classCount = model.categories.length;
  const byTerm = new Map<string, number>();
  for (let n = 0; n < vector.rows.length; n++) {
    const row = vector.rows[n]!;
    const view = viewOf(model.viewStarts, row);
    const terms = features.terms?.get(termKey(view, model.buckets[row]!, model.hashBits));
    const contribution = (vector.values[n]! * model.weights[row * classCount + top]!) / model.temperature;
    if (terms === undefined || contribution === 0) continue;
    let total = 0;
    for (const count of terms.values()) total += count;
    for (const [term, count] of terms)
      byTerm.set(term, (byTerm.get(term) ?? 0) + (contribution * count) / total);
  }
  const uninformative = new Map<string, boolean>();
  const isUninformative = (word: string): boolean => {
    let known = uninformative.get(word);
    if (known === undefined) {
      known = STOP_WORDS.has(word) || isPlaceholder(word) || isVeryCommon(model, word);
      uninformative.set(word, known);
    }
    return known;
  };
  const ranked = [...byTerm]
    .filter(([term]) => !term.split(' ').every(isUninformative))
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1));
  // Terms with a sliver of the strongest term's weight only add noise to the list.
  const floor = MIN_RELATIVE_WEIGHT * Math.abs(ranked[0]?.[1] ?? 0);
  return ranked
    .filter(([, weight]) => Math.abs(weight) >= floor)
    .slice(0, EXPLANATION_TERM_COUNT)
    .sort((a, b) => b[1] - a[1])
    .map(([term, weight]) => ({ term: shorten(term), weight }));
}

function viewOf(viewStarts: Int32Array, row: number): number {
  let view = 0;
  while (view + 2 < viewStarts.length && row >= viewStarts[view + 1]!) view++;
  return view;
}

/** Reads the word's document share back from its IDF (see inverseDocumentFrequency). */
function isVeryCommon(model: Model, word: string): boolean {
  const documents = model.exampleCount;
  if (documents < MIN_DOCUMENTS_FOR_SHARE) return false;
  const lookup = rowLookup(model.buckets, model.viewStarts, model.hashBits)[WORD_VIEW]!;
  const row = lookup[wordBucket(word, model.hashBits)] ?? -1;
  if (row < 0) return false;
  const frequency = (1 + documents) / Math.exp(model.idf[row]! - 1) - 1;
  return frequency > MAX_DOCUMENT_SHARE * documents;
}

function shorten(term: string): string {
  return term.length <= MAX_TERM_LENGTH ? term : `${term.slice(0, MAX_TERM_LENGTH - 1)}…`;
}
