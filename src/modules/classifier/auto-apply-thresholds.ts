/**
 * Auto-apply thresholds of a trained model for a precision target, fitted on the held-out
 * predictions the model carries (see CalibrationRows), so a workspace can change its target without
 * retraining. Cached per model and target: fitting sorts a few thousand rows per category.
 *
 * A category below the minimum support takes the global threshold fitted on all categories'
 * held-out predictions, unless `smallCategories: 'suggest-only'`. Production decisions ask for
 * 'suggest-only' (`PRODUCTION_THRESHOLDS`): on ten demo tickets per category at a 0.99 target, the
 * global threshold applied 38–40 of 60 new tickets at only 95–97 % precision, because it says
 * nothing about one small category's precision.
 */
import {
  fitPrecisionThresholds,
  type PrecisionThresholdOptions,
  type PrecisionThresholds,
  shouldAutoApply,
} from './precision-thresholds.js';
import type { Model } from './types.js';

export type AutoApplyOptions = Omit<PrecisionThresholdOptions, 'precisionTarget' | 'categoryCount'>;

/** How Triage's own decisions fit thresholds: a category never auto-applies on the pooled threshold. */
export const PRODUCTION_THRESHOLDS: AutoApplyOptions = { smallCategories: 'suggest-only' };

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
    { ...options, precisionTarget, categoryCount: model.categories.length },
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
