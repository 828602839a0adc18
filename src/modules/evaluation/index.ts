/**
 * Offline evaluation of the ticket classifier: metric functions, a labelled-CSV reader and a harness
 * that trains, predicts and reports. Pure apart from reading the CSV file; no database, no server.
 */
export {
  type EvaluateClassifierOptions,
  type EvaluationProgress,
  type EvaluationReport,
  evaluateClassifier,
  type OutOfScopeReport,
} from './evaluate-classifier.js';
export {
  type EmbeddedEvaluation,
  type EmbeddingCost,
  type EmbeddingPhase,
  evaluateWithEmbeddings,
  formatEmbeddingCost,
} from './evaluate-with-embeddings.js';
export { EvaluationInputError } from './evaluation-input-error.js';
export {
  type EvaluationSummary,
  formatEvaluationReport,
  summarise,
  worstCategories,
} from './format-report.js';
export {
  accuracy,
  CALIBRATION_BINS,
  type CategoryScore,
  type ConfidenceItem,
  coverageAtPrecision,
  expectedCalibrationError,
  macroF1,
  perCategoryScores,
  percentile,
} from './metrics.js';
export { type LabelledRow, readLabelledCsv } from './read-labelled-csv.js';
