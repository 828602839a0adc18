import { describe, expect, it } from 'vitest';
import { estimateLabelNeeds } from './label-needs.js';
import { wilsonLowerBound } from './precision-thresholds.js';

type Row = [category: number, confidence: number, correct: boolean];

const heldOut = (rows: Row[]) => ({
  predicted: Int32Array.from(rows.map((r) => r[0])),
  confidence: Float32Array.from(rows.map((r) => r[1])),
  correct: rows.map((r) => r[2]),
});

/** `n` predictions of `category`, most confident first, wrong where `wrong(i)` says so. */
const predictions = (category: number, n: number, wrong: (i: number) => boolean): Row[] =>
  Array.from({ length: n }, (_, i) => [category, 0.99 - i * 0.005, !wrong(i)]);

// Plain Wilson margin (no pooled prior), so the expected figures can be worked out by hand.
const options = { categoryCount: 4, precisionTarget: 0.95, priorStrength: 0, wilsonZ: 1 };

describe('estimateLabelNeeds', () => {
  const rows = [
    // 0: 40 right predictions: ready.
    ...predictions(0, 40, () => false),
    // 1: only 10 predictions from 12 labels: too few to judge.
    ...predictions(1, 10, () => false),
    // 2: the single most confident prediction is wrong, the next 39 right: 39/40 = 0.975 meets 0.95
    // raw, but the Wilson bound (0.937) does not.
    ...predictions(2, 40, (i) => i === 0),
    // 3: every other prediction wrong: 0.5 at best, far below the target.
    ...predictions(3, 40, (i) => i % 2 === 0),
  ];
  const needs = estimateLabelNeeds(heldOut(rows), [45, 12, 44, 50], options);

  it('calls a category with its own passing threshold ready', () => {
    expect(needs[0]).toMatchObject({ status: 'ready', labelsNeeded: 45, support: 40, bestPrecision: 1 });
  });

  it('asks a small category for the minimum sample, scaled by the predictions each label yields', () => {
    // 10 predictions from 12 labels: 30 predictions need 30 / (10/12) = 36 labels.
    expect(needs[1]).toMatchObject({
      status: 'too_few_samples',
      labelsNeeded: 36,
      support: 10,
      minSupport: 30,
    });
    expect(needs[1]!.reason).toContain('10 held-out predictions of 30');
  });

  it('estimates from the precision curve how many labels prove the target', () => {
    // At 39/40, the Wilson bound passes 0.95 once n predictions at that rate reach nStar.
    let nStar = 40;
    while (wilsonLowerBound(0.975 * nStar, nStar, 1) < 0.95) nStar++;
    const need = needs[2]!;
    expect(need.status).toBe('below_target');
    expect(need.bestPrecision).toBeCloseTo(0.975, 6);
    expect(need.labelsNeeded).toBeGreaterThan(44);
    // The highest-precision threshold gives this figure; none can need more.
    expect(need.labelsNeeded).toBeLessThanOrEqual(Math.ceil((44 * nStar) / 40));
    expect(need.labelsNeeded).toBeGreaterThan(Math.ceil((44 * nStar) / 40) * 0.8);
  });

  it('gives no number when the precision is below the target at every threshold', () => {
    expect(needs[3]).toMatchObject({ status: 'not_estimable', labelsNeeded: null, bestPrecision: 0.5 });
    expect(needs[3]!.reason).toContain('cannot be estimated');
  });

  it('needs the minimum sample for a category the model never predicted', () => {
    const [none] = estimateLabelNeeds(heldOut(predictions(1, 40, () => false)), [0, 40], {
      ...options,
      categoryCount: 2,
    });
    expect(none).toMatchObject({
      status: 'too_few_samples',
      support: 0,
      labelsNeeded: 30,
      bestPrecision: null,
    });
  });
});
