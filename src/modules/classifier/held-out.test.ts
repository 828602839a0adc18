import { describe, expect, it } from 'vitest';
import { holdOutSplit } from './held-out.js';
import { syntheticTickets } from './test-support/synthetic-tickets.js';
import { heldOutPredictions, trainWithHeldOut } from './train-model.js';
import { describeModel, predict } from './index.js';

const training = syntheticTickets(80, 11);

describe('trainWithHeldOut', () => {
  const run = trainWithHeldOut(training);
  const { heldOut } = run;

  it('returns calibrated predictions for a stratified share of the training rows', () => {
    const n = heldOut.indexes.length;
    expect(n).toBeGreaterThanOrEqual(0.1 * training.length);
    expect(n).toBeLessThanOrEqual(0.14 * training.length);
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
    expect(correct / n).toBeGreaterThan(0.8);
    for (let i = 1; i < n; i++) expect(heldOut.indexes[i]!).toBeGreaterThan(heldOut.indexes[i - 1]!);
  });

  it('gives vectors in the model row space and all training rows with their labels', () => {
    expect(run.vectors).toHaveLength(training.length);
    expect(run.labels).toHaveLength(training.length);
    const rowCount = describeModel(run.model).featureCount;
    for (const vector of run.vectors) for (const row of vector.rows) expect(row).toBeLessThan(rowCount);
    const first = heldOut.indexes[0]!;
    expect(heldOut.vectors[0]).toBe(run.vectors[first]);
  });

  it('matches trainModel and the heldOutPredictions shortcut', () => {
    const again = heldOutPredictions(training);
    expect(again.indexes).toEqual(heldOut.indexes);
    expect(again.probabilities).toEqual(heldOut.probabilities);
    const input = { body: 'the courier lost my parcel' };
    expect(predict(run.model, input).ranked[0]!.category).toBe('shipping');
  });

  it('holds nothing out of data sets too small to calibrate on', () => {
    const tiny = trainWithHeldOut(syntheticTickets(3, 1));
    expect(tiny.heldOut.indexes).toHaveLength(0);
    expect(tiny.heldOut.probabilities).toEqual([]);
  });
});

describe('holdOutSplit', () => {
  it('splits every category with enough examples and keeps small ones whole', () => {
    const labels = Int32Array.from([...Array(50).fill(0), ...Array(4).fill(1)]);
    const { kept, heldOut } = holdOutSplit(labels, 2, 42);
    expect(heldOut).toHaveLength(6);
    expect(kept).toHaveLength(48);
    for (const index of heldOut) expect(labels[index]).toBe(0);
    expect(new Set([...kept, ...heldOut]).size).toBe(54);
  });
});
