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
export {
  type CategoryThreshold,
  DEFAULT_MIN_CATEGORY_SUPPORT,
  type PrecisionThresholds,
} from './precision-thresholds.js';
export { predict } from './predict.js';
export { deserializeModel, serializeModel } from './serialize-model.js';
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
