import { describe, expect, it } from 'vitest';
import { trainModel } from '../classifier/index.js';
import { generateDemoHistory } from '../demo/index.js';
import { modelMetrics, trainingDataSummary } from './model-metrics.js';

describe('modelMetrics', () => {
  const examples = generateDemoHistory({ seed: 9, count: 300 });
  const model = trainModel(examples);

  it("reports the model's own held-out accuracy, ECE and coverage at the target precision", () => {
    const metrics = modelMetrics(model, 0.9);
    expect(metrics.heldOutRows).toBe(model.calibration.correct.length);
    const right = model.calibration.correct.reduce((sum, c) => sum + c, 0);
    expect(metrics.accuracy).toBeCloseTo(right / metrics.heldOutRows, 4);
    expect(metrics.ece).toBeGreaterThanOrEqual(0);
    expect(metrics.ece).toBeLessThan(0.2);
    // A stricter target can only cover fewer tickets.
    expect(modelMetrics(model, 0.99).coverageAtTarget!).toBeLessThanOrEqual(metrics.coverageAtTarget!);
  });

  it('summarises the training data per category with its label watermark', () => {
    const summary = trainingDataSummary([{ category: 'a' }, { category: 'b' }, { category: 'a' }], 42);
    expect(summary).toEqual({ labels: 3, categories: 2, perCategory: { a: 2, b: 1 }, labelWatermark: 42 });
  });
});
