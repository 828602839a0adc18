/**
 * One softmax regression per feature view, trained independently on that view's unit-norm block,
 * then folded into a single weight matrix whose logits are the weighted sum of the views' logits.
 *
 * Why independent views: in 5-fold CV on Banking77's training split (character 3-5-grams at the
 * time), a word model and a character model trained apart and summed ranked their confidences better than one model over all features
 * (coverage at 99% precision 0.676 vs 0.652, accuracy 0.905 vs 0.901), while training a single model
 * on the same block-normalised vector gave no gain (0.649): the gain is the ensemble, each view's
 * mistakes being partly independent of the other's. A third view (character n-grams across word
 * boundaries, or 1-3-grams) added time and nothing else.
 */
import { EMBEDDING_VIEW_WEIGHT } from './embedding-view.js';
import type { LabelledVectors, SgdSettings } from './softmax-regression.js';
import { trainSoftmax } from './train-softmax.js';
import { BLOCK_SCALE, viewBlock } from './vectorise.js';

/**
 * Word view, character view, and the embedding view when the model has one. A lighter word view measured best in the same CV (word weight 0.7:
 * coverage 0.681; 1.0: 0.676; 1.5: 0.660); character n-grams also carry most of the word information.
 */
export const VIEW_WEIGHTS: readonly number[] = [0.7, 1, EMBEDDING_VIEW_WEIGHT];

/** Trains every view and returns row-major weights over all rows (see Model.weights). */
export function trainViews(
  data: LabelledVectors,
  viewStarts: Int32Array,
  classCount: number,
  settings: SgdSettings,
): Float32Array {
  const rowCount = viewStarts[viewStarts.length - 1]!;
  const weights = new Float32Array(rowCount * classCount);
  for (let view = 0; view + 1 < viewStarts.length; view++) {
    const start = viewStarts[view]!;
    const end = viewStarts[view + 1]!;
    const blocks: LabelledVectors = {
      vectors: data.vectors.map((vector) => viewBlock(vector, start, end)),
      labels: data.labels,
      exampleWeights: data.exampleWeights,
    };
    // A different shuffle per view adds to the diversity the ensemble lives on.
    const viewWeights = trainSoftmax(blocks, classCount, end - start, {
      ...settings,
      seed: settings.seed + view,
    });
    // Stored vectors carry BLOCK_SCALE per block, the view models were trained on unit blocks.
    const factor = (VIEW_WEIGHTS[view] ?? 1) / BLOCK_SCALE;
    const offset = start * classCount;
    for (let i = 0; i < viewWeights.length; i++) weights[offset + i] = viewWeights[i]! * factor;
  }
  return weights;
}
