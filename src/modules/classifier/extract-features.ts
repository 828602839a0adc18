/**
 * Turns a ticket into hashed feature counts: word unigrams, word bigrams and character 3-5-grams
 * inside words (these make "recieved" look like "received"). Subject tokens count double and also
 * get their own namespace, because a subject is a dense summary of the whole ticket.
 */
import { finalise, hashStep, hashString, namespaceSeed } from './hash.js';
import { normaliseBody, normaliseSubject } from './normalise-text.js';
import { isPlaceholder, tokenise } from './tokenise.js';
import type { ClassifierInput } from './types.js';

export const DEFAULT_HASH_BITS = 18;

const SUBJECT_WEIGHT = 2;
const MIN_CHAR_GRAM = 3;
const MAX_CHAR_GRAM = 5;
// Character n-grams of very long tokens (hashes, base64, garbage) only add noise and time.
const MAX_CHAR_GRAM_TOKEN = 64;

const WORD_SEED = namespaceSeed('w');
const BIGRAM_SEED = namespaceSeed('b');
const CHAR_SEED = namespaceSeed('c');
const SUBJECT_SEED = namespaceSeed('s');

export interface FeatureCounts {
  /** Hash bucket -> (weighted) occurrence count. */
  readonly counts: Map<number, number>;
  /**
   * Only when requested: bucket -> readable term -> count. Character n-grams are credited to the
   * word they came from, so explanations show words rather than fragments.
   */
  readonly terms: Map<number, Map<string, number>> | null;
}

class FeatureCollector implements FeatureCounts {
  readonly counts = new Map<number, number>();
  readonly terms: Map<number, Map<string, number>> | null;
  private readonly mask: number;

  constructor(hashBits: number, withTerms: boolean) {
    this.mask = hashBits >= 32 ? 0xffffffff : (1 << hashBits) - 1;
    this.terms = withTerms ? new Map() : null;
  }

  add(state: number, weight: number, term: string): void {
    const bucket = (finalise(state) & this.mask) >>> 0;
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + weight);
    if (this.terms === null) return;
    let byTerm = this.terms.get(bucket);
    if (byTerm === undefined) {
      byTerm = new Map();
      this.terms.set(bucket, byTerm);
    }
    byTerm.set(term, (byTerm.get(term) ?? 0) + weight);
  }
}

export function extractFeatures(input: ClassifierInput, hashBits: number, withTerms: boolean): FeatureCounts {
  const collector = new FeatureCollector(hashBits, withTerms);
  if (input.subject) {
    const tokens = tokenise(normaliseSubject(input.subject));
    addTokens(collector, tokens, SUBJECT_WEIGHT);
    for (const token of tokens) collector.add(hashString(SUBJECT_SEED, token), 1, token);
  }
  if (input.body) addTokens(collector, tokenise(normaliseBody(input.body)), 1);
  return collector;
}

function addTokens(collector: FeatureCollector, tokens: readonly string[], weight: number): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    collector.add(hashString(WORD_SEED, token), weight, token);
    if (i > 0) {
      const previous = tokens[i - 1]!;
      const state = hashString(hashStep(hashString(BIGRAM_SEED, previous), 0x20), token);
      collector.add(state, weight, `${previous} ${token}`);
    }
    if (!isPlaceholder(token)) addCharGrams(collector, token, weight);
  }
}

function addCharGrams(collector: FeatureCollector, token: string, weight: number): void {
  // Spaces mark word boundaries so prefixes and suffixes ("un", "ing") get their own n-grams.
  const points = [0x20];
  for (const char of token) {
    if (points.length > MAX_CHAR_GRAM_TOKEN) break;
    points.push(char.codePointAt(0)!);
  }
  points.push(0x20);
  for (let start = 0; start + MIN_CHAR_GRAM <= points.length; start++) {
    let state = CHAR_SEED;
    const end = Math.min(points.length, start + MAX_CHAR_GRAM);
    for (let i = start; i < end; i++) {
      state = hashStep(state, points[i]!);
      if (i - start + 1 >= MIN_CHAR_GRAM) collector.add(state, weight, token);
    }
  }
}
