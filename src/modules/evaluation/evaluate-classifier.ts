import { performance } from 'node:perf_hooks';
import { deserializeModel, predict, serializeModel, trainModel } from '../classifier/index.js';
import { EvaluationInputError } from './evaluation-input-error.js';
import {
  accuracy,
  type CategoryScore,
  type ConfidenceItem,
  coverageAtPrecision,
  expectedCalibrationError,
  macroF1,
  perCategoryScores,
  percentile,
} from './metrics.js';
import type { LabelledRow } from './read-labelled-csv.js';

export interface EvaluationProgress {
  phase: 'training' | 'predicting';
  /** Test rows predicted so far (always 0 while training). */
  done: number;
  total: number;
}

export interface EvaluateClassifierOptions {
  train: readonly LabelledRow[];
  test: readonly LabelledRow[];
  /**
   * Held-out rows for calibration, thresholds and the out-of-scope cut-off, instead of the
   * classifier's internal cross-fitting on `train`; out-of-scope rows here may tune the cut-off.
   */
  validation?: readonly LabelledRow[];
  /** Rows with this category stand for tickets the classifier should refuse; they are never trained. */
  outOfScopeLabel?: string;
  /** Set when the rows carry embeddings (see evaluate-with-embeddings): recorded in the model. */
  embeddingProvider?: string;
  /** Called when training starts and after every prediction, e.g. to drive a progress bar. */
  onProgress?: (progress: EvaluationProgress) => void;
}

export interface OutOfScopeReport {
  /** Share of out-of-scope test rows that were flagged as such. */
  recall: number;
  /** Share of in-scope test rows predicted correctly AND not flagged as out of scope. */
  inScopeAccuracy: number;
}

export interface EvaluationReport {
  /** Over in-scope test rows. */
  accuracy: number;
  /** Over in-scope test rows and the classes present in their gold or predicted labels. */
  macroF1: number;
  /** Expected calibration error of the top-class confidence, 15 bins, over in-scope test rows. */
  ece: number;
  /**
   * Largest share of ALL test rows auto-appliable, in order of confidence, at precision >= 0.95 /
   * 0.99. A row flagged out of scope is never auto-applied; an unflagged out-of-scope row is an error.
   */
  coverageAtPrecision: { '0.95': number; '0.99': number };
  /** Wall time of trainModel (calibration, thresholds and out-of-scope fitting included), in seconds. */
  trainSeconds: number;
  /** Median and 99th percentile of one predict call (explain: false), in milliseconds. */
  predictP50Ms: number;
  predictP99Ms: number;
  /** Size of the serialised model. */
  modelBytes: number;
  /** Wall time of deserialising the saved model, in milliseconds: what a process pays to load it. */
  modelLoadMs: number;
  /** Rows the model was trained on (out-of-scope rows excluded). */
  trainRows: number;
  /** Validation rows given (0 when the classifier cross-fitted on the training rows). */
  validationRows: number;
  /** Share of in-scope test rows flagged out of scope (they go to review). */
  inScopeFlagRate: number;
  /** All test rows, out-of-scope ones included. */
  testRows: number;
  /** In-scope test rows, by category. */
  perCategory: CategoryScore[];
  /** Present only when the test set has out-of-scope rows. */
  outOfScope?: OutOfScopeReport;
}

/**
 * Trains the classifier on `train`, predicts every `test` row one at a time and measures quality,
 * calibration, auto-apply coverage, speed and model size. Throws the classifier's TrainingError when
 * `train` cannot produce a model, and an EvaluationInputError when `test` has no in-scope rows.
 */
export function evaluateClassifier(options: EvaluateClassifierOptions): EvaluationReport {
  const { test, outOfScopeLabel, onProgress } = options;
  const isOutOfScope = (row: LabelledRow) =>
    outOfScopeLabel !== undefined && row.category === outOfScopeLabel;
  const train = options.train.filter((row) => !isOutOfScope(row));
  if (test.length === 0) throw new EvaluationInputError('The test set has no rows.');
  const inScopeTestRows = test.filter((row) => !isOutOfScope(row)).length;
  if (inScopeTestRows === 0) {
    throw new EvaluationInputError(
      `The test set has no rows outside the out-of-scope label "${outOfScopeLabel}".`,
    );
  }

  onProgress?.({ phase: 'training', done: 0, total: test.length });
  const trainStart = performance.now();
  const validation = options.validation?.map((row) => ({
    subject: row.subject,
    body: row.body,
    category: isOutOfScope(row) ? null : row.category,
    embedding: row.embedding,
  }));
  const model = trainModel(train, {
    ...(validation === undefined ? {} : { validation }),
    embeddingProvider: options.embeddingProvider,
  });
  const trainSeconds = (performance.now() - trainStart) / 1000;

  const gold: string[] = [];
  const predicted: string[] = [];
  const inScopeConfidence: ConfidenceItem[] = [];
  const appliable: ConfidenceItem[] = [];
  const predictMs: number[] = [];
  let outOfScopeFlagged = 0;
  let inScopeFlagged = 0;
  let inScopeCorrectUnflagged = 0;
  test.forEach((row, index) => {
    const input = { subject: row.subject, body: row.body, embedding: row.embedding };
    // Only the predict call is timed, so the figure is what a caller of the classifier would see.
    const start = performance.now();
    const prediction = predict(model, input, { explain: false });
    predictMs.push(performance.now() - start);

    const top = prediction.ranked[0]!;
    const flagged = prediction.outOfScope.flagged;
    // A flagged row goes to review, never auto-applied: it is in the denominator of coverage only.
    if (isOutOfScope(row)) {
      if (flagged) outOfScopeFlagged++;
      else appliable.push({ confidence: top.probability, correct: false });
    } else {
      const correct = top.category === row.category;
      gold.push(row.category);
      predicted.push(top.category);
      inScopeConfidence.push({ confidence: top.probability, correct });
      if (!flagged) appliable.push({ confidence: top.probability, correct });
      if (flagged) inScopeFlagged++;
      if (correct && !flagged) inScopeCorrectUnflagged++;
    }
    onProgress?.({ phase: 'predicting', done: index + 1, total: test.length });
  });

  const artifact = serializeModel(model);
  const loadStart = performance.now();
  deserializeModel(artifact);
  const modelLoadMs = performance.now() - loadStart;
  const report: EvaluationReport = {
    accuracy: accuracy(gold, predicted),
    macroF1: macroF1(gold, predicted),
    ece: expectedCalibrationError(inScopeConfidence),
    coverageAtPrecision: {
      '0.95': coverageAtPrecision(appliable, 0.95, test.length),
      '0.99': coverageAtPrecision(appliable, 0.99, test.length),
    },
    trainSeconds,
    predictP50Ms: percentile(predictMs, 50),
    predictP99Ms: percentile(predictMs, 99),
    modelBytes: artifact.byteLength,
    modelLoadMs,
    trainRows: train.length,
    validationRows: validation?.length ?? 0,
    inScopeFlagRate: inScopeFlagged / inScopeTestRows,
    testRows: test.length,
    perCategory: perCategoryScores(gold, predicted),
  };
  if (inScopeTestRows < test.length) {
    report.outOfScope = {
      recall: outOfScopeFlagged / (test.length - inScopeTestRows),
      inScopeAccuracy: inScopeCorrectUnflagged / inScopeTestRows,
    };
  }
  return report;
}
