/**
 * Support-ticket text classifier: pure functions, no I/O. Models are plain data; persist them with
 * serializeModel / deserializeModel.
 */
export {
  type AutoApplyOptions,
  autoApplyThresholds,
  mayAutoApply,
  PRODUCTION_THRESHOLDS,
} from './auto-apply-thresholds.js';
export { describeModel } from './describe-model.js';
export { estimateLabelNeeds, type LabelNeed, type LabelNeedStatus, labelNeeds } from './label-needs.js';
export { learnOne } from './learn-one.js';
// The text pipeline, for callers that compare tickets by their words (drift clusters).
export { normaliseBody, normaliseSubject } from './normalise-text.js';
export {
  type CategoryThreshold,
  DEFAULT_MIN_CATEGORY_SUPPORT,
  type PrecisionThresholds,
} from './precision-thresholds.js';
export { predict } from './predict.js';
export { deserializeModel, serializeModel } from './serialize-model.js';
export { STOP_WORDS } from './stop-words.js';
export { isPlaceholder, tokenise } from './tokenise.js';
export { trainModel } from './train-model.js';
export { TrainingError, type TrainingErrorReason } from './training-error.js';
export type {
  ClassifierInput,
  Explanation,
  ExplanationTerm,
  Model,
  ModelSummary,
  OutOfScopeVerdict,
  Prediction,
  PredictOptions,
  RankedCategory,
  SimilarExample,
  TrainingExample,
  TrainingStage,
  TrainOptions,
  ValidationExample,
} from './types.js';
