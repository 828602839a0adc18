/**
 * Quick online correction: a few SGD steps on one example, e.g. when an agent re-categorises a
 * ticket. It only adjusts weights of features the model already knows (IDF and the feature set
 * stay as trained) and does not add the example to the similar-examples store; a periodic full
 * retrain remains the real fix.
 */
import { appendInputEmbedding } from './embedding-view.js';
import { extractFeatures } from './extract-features.js';
import { computeLogits, softmaxInPlace, sparseUpdate } from './softmax-regression.js';
import type { Model, TrainingExample } from './types.js';
import { rowLookup, vectorise } from './vectorise.js';

const MAX_STEPS = 8;
const LEARNING_RATE = 2;
// Stop once the corrected category is clearly preferred, rather than driving it to certainty and
// overwriting what the model knows about similar tickets of other categories. Chosen on Banking77's
// training rows only (a model trained on 500 rows, then 7,500 more learned one by one, scored on
// 2,003 other training rows): 0.6 gave 85.6 % accuracy, 0.8 86.4 %, 0.9 87.2 %, 0.95 87.5 % and 0.99
// 87.8 %; 0.95 takes nearly all of the gain while still stopping short of certainty.
const TARGET_PROBABILITY = 0.95;

export function learnOne(model: Model, example: TrainingExample): void {
  if (typeof example.category !== 'string')
    throw new TypeError('learnOne needs an example with a string category.');
  let target = model.categories.indexOf(example.category);
  if (target < 0) target = addCategory(model, example.category);
  const classCount = model.categories.length;
  const features = extractFeatures(example, model.hashBits, false);
  const hashed = vectorise(features, rowLookup(model.buckets, model.viewStarts, model.hashBits), model.idf);
  const vector = appendInputEmbedding(model, example, hashed);
  model.exampleCount++;
  if (vector.rows.length === 0) return;
  const scores = new Float64Array(classCount);
  for (let step = 0; step < MAX_STEPS; step++) {
    computeLogits(model.weights, classCount, vector, scores);
    softmaxInPlace(scores, model.temperature);
    if (scores[target]! >= TARGET_PROBABILITY) return;
    scores[target]! -= 1;
    sparseUpdate(model.weights, classCount, vector, scores, LEARNING_RATE);
  }
}

/** Appends a category with zero weights; only tickets resembling the learned one will move to it. */
function addCategory(model: Model, category: string): number {
  const oldCount = model.categories.length;
  const newCount = oldCount + 1;
  const rowCount = model.buckets.length;
  const weights = new Float32Array(rowCount * newCount);
  for (let row = 0; row < rowCount; row++) {
    weights.set(model.weights.subarray(row * oldCount, (row + 1) * oldCount), row * newCount);
  }
  model.weights = weights;
  model.categories = [...model.categories, category];
  return oldCount;
}
