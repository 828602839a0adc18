import { extractFeatures, type FeatureCounts } from './extract-features.js';
import { findSimilar, SIMILAR_RESULT_COUNT } from './similar-examples.js';
import { computeLogits, softmaxInPlace } from './softmax-regression.js';
import type {
  ClassifierInput,
  ExplanationTerm,
  Model,
  Prediction,
  PredictOptions,
  RankedCategory,
  SparseVector,
} from './types.js';
import { rowLookup, vectorise } from './vectorise.js';

const EXPLANATION_TERM_COUNT = 10;
const MAX_TERM_LENGTH = 40;

export function predict(model: Model, input: ClassifierInput, options: PredictOptions = {}): Prediction {
  const explain = options.explain ?? true;
  const features = extractFeatures(input, model.hashBits, explain);
  const vector = vectorise(features.counts, rowLookup(model.buckets, model.hashBits), model.idf);
  const classCount = model.categories.length;
  const probabilities = new Float64Array(classCount);
  computeLogits(model.weights, classCount, vector, probabilities);
  softmaxInPlace(probabilities, model.temperature);

  const order = Array.from(probabilities.keys()).sort(
    (a, b) => probabilities[b]! - probabilities[a]! || a - b,
  );
  const ranked: RankedCategory[] = order.map((k) => ({
    category: model.categories[k]!,
    probability: probabilities[k]!,
  }));
  const topK = options.topK;
  const limited =
    topK === undefined || !Number.isFinite(topK) ? ranked : ranked.slice(0, Math.max(0, Math.floor(topK)));
  if (!explain) return { ranked: limited, explanation: { terms: [], similar: [] } };
  return {
    ranked: limited,
    explanation: {
      terms: explainTerms(model, features, vector, order[0]!),
      similar: findSimilar(model, vector, SIMILAR_RESULT_COUNT),
    },
  };
}

/**
 * Contribution of a feature to the top class = value x weight / temperature (the logit it adds).
 * Weight rows sum to (nearly) zero over classes (see softmax-regression), so this is already
 * relative to the other classes. Features are credited back to the words that produced them; when several
 * terms share a hash bucket, the bucket's contribution is split by their counts.
 */
function explainTerms(
  model: Model,
  features: FeatureCounts,
  vector: SparseVector,
  top: number,
): ExplanationTerm[] {
  const classCount = model.categories.length;
  const byTerm = new Map<string, number>();
  for (let n = 0; n < vector.rows.length; n++) {
    const row = vector.rows[n]!;
    const bucket = model.buckets[row]!;
    const contribution = (vector.values[n]! * model.weights[row * classCount + top]!) / model.temperature;
    const terms = features.terms?.get(bucket);
    if (terms === undefined || contribution === 0) continue;
    const total = features.counts.get(bucket) ?? 1;
    for (const [term, count] of terms)
      byTerm.set(term, (byTerm.get(term) ?? 0) + (contribution * count) / total);
  }
  return [...byTerm]
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, EXPLANATION_TERM_COUNT)
    .sort((a, b) => b[1] - a[1])
    .map(([term, weight]) => ({ term: shorten(term), weight }));
}

function shorten(term: string): string {
  return term.length <= MAX_TERM_LENGTH ? term : `${term.slice(0, MAX_TERM_LENGTH - 1)}…`;
}
