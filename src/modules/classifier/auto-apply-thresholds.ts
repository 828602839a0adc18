/**
 * Auto-apply thresholds of a trained model for a precision target, fitted on the held-out
 * predictions the model carries (see CalibrationRows), so a workspace can change its target without
 * retraining. Cached per model and target: fitting sorts a few thousand rows per category. Unless
 * told otherwise, a category below the minimum support is suggest-only (see smallCategories).
 */
import {
  fitPrecisionThresholds,
  type PrecisionThresholdOptions,
  type PrecisionThresholds,
  shouldAutoApply,
} from './precision-thresholds.js';
import type { Model } from './types.js';

export type AutoApplyOptions = Omit<PrecisionThresholdOptions, 'precisionTarget' | 'categoryCount'>;

const cache = new WeakMap<Model, Map<string, PrecisionThresholds>>();

export function autoApplyThresholds(
  model: Model,
  precisionTarget: number,
  options: AutoApplyOptions = {},
): PrecisionThresholds {
  const key = JSON.stringify([precisionTarget, options]);
  let byKey = cache.get(model);
  if (!byKey) {
    byKey = new Map();
    cache.set(model, byKey);
  }
  const cached = byKey.get(key);
  if (cached) return cached;
  const { predicted, confidence, correct } = model.calibration;
  const fitted = fitPrecisionThresholds(
    { predicted, confidence, correct: Array.from(correct, (c) => c === 1) },
    // A category with too few held-out predictions of its own is suggested, never applied: the
    // global threshold says nothing about its precision (a few-shot workspace would otherwise
    // auto-apply every category on a handful of examples).
    { smallCategories: 'suggest-only', ...options, precisionTarget, categoryCount: model.categories.length },
  );
  byKey.set(key, fitted);
  return fitted;
}

/** Whether the model's top pick may be applied without review at this precision target. */
export function mayAutoApply(
  model: Model,
  category: string,
  confidence: number,
  precisionTarget: number,
  options: AutoApplyOptions = {},
): boolean {
  const index = model.categories.indexOf(category);
  return (
    index >= 0 && shouldAutoApply(autoApplyThresholds(model, precisionTarget, options), index, confidence)
  );
}
