import { describe, expect, it } from 'vitest';
import { assignFolds } from './held-out.js';
import { describeModel, predict } from './index.js';
import { syntheticTickets } from './test-support/synthetic-tickets.js';
import { trainWithHeldOut } from './train-model.js';

const training = syntheticTickets(80, 11);

describe('trainWithHeldOut (cross-fitting)', () => {
  const run = trainWithHeldOut(training);
  const { heldOut } = run;

  it('gives every training row an out-of-fold calibrated prediction', () => {
    const n = heldOut.indexes.length;
    expect(n).toBe(training.length);
    expect(heldOut.labels).toHaveLength(n);
    expect(heldOut.probabilities).toHaveLength(n);
    expect(heldOut.vectors).toHaveLength(n);
    const categories = describeModel(run.model).categories;
    let correct = 0;
    heldOut.indexes.forEach((index, i) => {
      expect(categories[heldOut.labels[i]!]).toBe(training[index]!.category);
      const p = heldOut.probabilities[i]!;
      expect(p).toHaveLength(categories.length);
      expect(p.reduce((sum, x) => sum + x, 0)).toBeCloseTo(1, 5);
      if (p.indexOf(Math.max(...p)) === heldOut.labels[i]) correct++;
    });
    // Out of fold, so less than perfect, but the synthetic set is easy.
    expect(correct / n).toBeGreaterThan(0.8);
    for (let i = 1; i < n; i++) expect(heldOut.indexes[i]!).toBeGreaterThan(heldOut.indexes[i - 1]!);
  });

  it('gives vectors in the model row space and all training rows with their labels', () => {
    expect(run.vectors).toHaveLength(training.length);
    expect(run.labels).toHaveLength(training.length);
    const rowCount = describeModel(run.model).featureCount;
    for (const vector of run.vectors) for (const row of vector.rows) expect(row).toBeLessThan(rowCount);
    expect(heldOut.vectors[0]).toBe(run.vectors[heldOut.indexes[0]!]);
    expect(predict(run.model, { body: 'the courier lost my parcel' }).ranked[0]!.category).toBe('shipping');
  });

  it('keeps the held-out predictions the out-of-scope detector lets through as calibration rows', () => {
    const { calibration } = run.model;
    expect(calibration.predicted.length).toBeGreaterThan(0.9 * training.length);
    expect(calibration.predicted.length).toBeLessThanOrEqual(training.length);
    expect(calibration.confidence).toHaveLength(calibration.predicted.length);
    const right = calibration.correct.reduce((sum, c) => sum + c, 0);
    expect(right / calibration.correct.length).toBeGreaterThan(0.8);
  });

  it('holds nothing out of data sets too small to calibrate on', () => {
    const tiny = trainWithHeldOut(syntheticTickets(3, 1));
    expect(tiny.heldOut.indexes).toHaveLength(0);
    expect(tiny.model.calibration.predicted).toHaveLength(0);
  });

  it('uses a validation set instead of cross-fitting when given one, out-of-scope rows included', () => {
    const validation = [
      ...syntheticTickets(10, 5),
      ...Array.from({ length: 12 }, (_, i) => ({
        body: `weather forecast for tuesday number ${i}`,
        category: null,
      })),
    ];
    const withVal = trainWithHeldOut(training, { validation });
    expect(withVal.heldOut.indexes.every((index) => index === -1)).toBe(true);
    expect(withVal.heldOut.labels.filter((label) => label < 0)).toHaveLength(12);
    expect(withVal.heldOut.probabilities).toHaveLength(validation.length);
  });
});

describe('assignFolds', () => {
  it('deals every category with enough examples over the folds and keeps small ones whole', () => {
    const labels = Int32Array.from([...Array(50).fill(0), ...Array(4).fill(1), ...Array(7).fill(2)]);
    const folds = assignFolds(labels, 3, 3, 42);
    const count = (fold: number, label: number) =>
      [...folds.keys()].filter((i) => folds[i] === fold && labels[i] === label).length;
    for (let fold = 0; fold < 3; fold++) {
      expect(count(fold, 0)).toBeGreaterThanOrEqual(16);
      expect(count(fold, 0)).toBeLessThanOrEqual(17);
      expect(count(fold, 1)).toBe(0);
      expect(count(fold, 2)).toBeGreaterThanOrEqual(2);
    }
    for (const [i, label] of labels.entries()) if (label === 1) expect(folds[i]).toBe(-1);
  });

  it('refuses fewer than two folds', () => {
    expect(() => assignFolds(Int32Array.from([0, 1]), 2, 1, 1)).toThrow(RangeError);
  });
});
