import type { Model } from '../classifier/index.js';
import { coverageAtPrecision, expectedCalibrationError } from '../evaluation/index.js';

/** A model's own figures, from its held-out (cross-fitted) predictions; null where undefined. */
export interface ModelMetrics {
  /** Held-out rows behind the figures (those the out-of-scope detector let through). */
  heldOutRows: number;
  accuracy: number | null;
  ece: number | null;
  targetPrecision: number;
  /** Share of held-out rows that could be applied automatically at the target precision. */
  coverageAtTarget: number | null;
}

export interface TrainingDataSummary {
  labels: number;
  categories: number;
  /** Labelled tickets per category id. */
  perCategory: Record<string, number>;
  labelWatermark: number;
}

const finite = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(4)) : null);

/**
 * Accuracy, expected calibration error and coverage at `targetPrecision` over the calibration rows
 * the model carries (out-of-fold predictions made while training), so they cost no extra run.
 */
export function modelMetrics(model: Model, targetPrecision: number): ModelMetrics {
  const { confidence, correct } = model.calibration;
  const items = Array.from(confidence, (c, i) => ({ confidence: c, correct: correct[i] === 1 }));
  const right = items.filter((item) => item.correct).length;
  return {
    heldOutRows: items.length,
    accuracy: items.length === 0 ? null : finite(right / items.length),
    ece: items.length === 0 ? null : finite(expectedCalibrationError(items)),
    targetPrecision,
    coverageAtTarget: items.length === 0 ? null : finite(coverageAtPrecision(items, targetPrecision)),
  };
}

export function trainingDataSummary(
  examples: readonly { category: string }[],
  labelWatermark: number,
): TrainingDataSummary {
  const perCategory: Record<string, number> = {};
  for (const { category } of examples) perCategory[category] = (perCategory[category] ?? 0) + 1;
  return {
    labels: examples.length,
    categories: Object.keys(perCategory).length,
    perCategory,
    labelWatermark,
  };
}
