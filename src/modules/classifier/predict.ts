import { appendInputEmbedding } from './embedding-view.js';
import { explainTerms } from './explain-terms.js';
import { extractFeatures } from './extract-features.js';
import { isOutOfScope, outOfScopeScore } from './out-of-scope.js';
import { findSimilar, SIMILAR_RESULT_COUNT } from './similar-examples.js';
import { computeLogits, softmaxInPlace } from './softmax-regression.js';
import type {
  ClassifierInput,
  Model,
  Prediction,
  PredictOptions,
  RankedCategory,
  SparseVector,
} from './types.js';
import { rowLookup, vectorise } from './vectorise.js';

export function predict(model: Model, input: ClassifierInput, options: PredictOptions = {}): Prediction {
  const explain = options.explain ?? true;
  const features = extractFeatures(input, model.hashBits, explain);
  const hashed = vectorise(features, rowLookup(model.buckets, model.viewStarts, model.hashBits), model.idf);
  const vector = appendInputEmbedding(model, input, hashed);
  const probabilities = probabilitiesOf(model, vector);
  // Over the text views only, as the detector was fitted (see textViewsOnly).
  const score = outOfScopeScore(model.outOfScope, hashed, probabilities);
  const outOfScope = {
    score,
    cutoff: model.outOfScope.cutoff,
    flagged: isOutOfScope(model.outOfScope, score),
  };

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
  if (!explain) return { ranked: limited, outOfScope, explanation: { terms: [], similar: [] } };
  return {
    ranked: limited,
    outOfScope,
    explanation: {
      terms: explainTerms(model, features, vector, order[0]!),
      similar: findSimilar(model, vector, SIMILAR_RESULT_COUNT),
    },
  };
}

/** Calibrated probabilities over `model.categories` for an already vectorised input. */
export function probabilitiesOf(model: Model, vector: SparseVector): Float64Array {
  const probabilities = new Float64Array(model.categories.length);
  computeLogits(model.weights, model.categories.length, vector, probabilities);
  softmaxInPlace(probabilities, model.temperature);
  return probabilities;
}
