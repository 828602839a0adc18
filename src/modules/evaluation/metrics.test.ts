import { describe, expect, it } from 'vitest';
import {
  accuracy,
  type ConfidenceItem,
  coverageAtPrecision,
  expectedCalibrationError,
  macroF1,
  perCategoryScores,
  percentile,
} from './metrics.js';

const item = (confidence: number, correct: boolean): ConfidenceItem => ({ confidence, correct });

describe('accuracy', () => {
  it('is the share of exact matches', () => {
    expect(accuracy(['a', 'a', 'b', 'b', 'c'], ['a', 'b', 'b', 'b', 'a'])).toBeCloseTo(0.6, 12);
  });

  it('is NaN for no rows and rejects lists of different length', () => {
    expect(accuracy([], [])).toBeNaN();
    expect(() => accuracy(['a'], [])).toThrow(RangeError);
  });
});

describe('perCategoryScores and macroF1', () => {
  // gold a a b b c / predicted a b b b a:
  //   a: tp 1, fp 1, fn 1 -> P 1/2, R 1/2, F1 1/2
  //   b: tp 2, fp 1, fn 0 -> P 2/3, R 1, F1 4/5
  //   c: tp 0, fp 0, fn 1 -> P 0, R 0, F1 0
  const gold = ['a', 'a', 'b', 'b', 'c'];
  const predicted = ['a', 'b', 'b', 'b', 'a'];

  it('computes precision, recall, F1 and support per category', () => {
    const scores = perCategoryScores(gold, predicted);
    expect(scores.map((score) => score.category)).toEqual(['a', 'b', 'c']);
    expect(scores[0]).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(scores[1]!.precision).toBeCloseTo(2 / 3, 12);
    expect(scores[1]).toMatchObject({ recall: 1, support: 2 });
    expect(scores[1]!.f1).toBeCloseTo(0.8, 12);
    expect(scores[2]).toEqual({ category: 'c', precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('averages F1 without weighting by support', () => {
    expect(macroF1(gold, predicted)).toBeCloseTo((0.5 + 0.8 + 0) / 3, 12);
  });

  it('counts a class that occurs only among the predictions', () => {
    // a: F1 1; b (never predicted): 0; d (never in gold): 0.
    expect(macroF1(['a', 'b'], ['a', 'd'])).toBeCloseTo(1 / 3, 12);
    expect(perCategoryScores(['a', 'b'], ['a', 'd'])[2]).toEqual({
      category: 'd',
      precision: 0,
      recall: 0,
      f1: 0,
      support: 0,
    });
  });

  it('is 1 for a perfect prediction and NaN for no rows', () => {
    expect(macroF1(['x', 'y', 'x'], ['x', 'y', 'x'])).toBe(1);
    expect(macroF1([], [])).toBeNaN();
  });
});

describe('expectedCalibrationError', () => {
  it('weights |accuracy - confidence| per bin by the bin size', () => {
    // Bin (13/15, 14/15]: 0.9 right, 0.9 wrong -> |0.5 - 0.9| * 2/4 = 0.2
    // Bin (8/15, 9/15]:   0.6 right            -> |1 - 0.6| * 1/4 = 0.1
    // Bin (2/15, 3/15]:   0.2 wrong            -> |0 - 0.2| * 1/4 = 0.05
    const items = [item(0.9, true), item(0.9, false), item(0.6, true), item(0.2, false)];
    expect(expectedCalibrationError(items)).toBeCloseTo(0.35, 12);
  });

  it('averages within a bin before taking the absolute difference', () => {
    // 0.95 and 0.97 share the last bin: |0.5 - 0.96| = 0.46 (per-row differences would give 0.51).
    expect(expectedCalibrationError([item(0.95, true), item(0.97, false)])).toBeCloseTo(0.46, 12);
  });

  it('puts confidence 0 and 1 in the outer bins and is 0 when perfectly calibrated', () => {
    expect(expectedCalibrationError([item(1, true), item(0, false)])).toBe(0);
  });

  it('is NaN for no rows and rejects confidences outside [0, 1]', () => {
    expect(expectedCalibrationError([])).toBeNaN();
    expect(() => expectedCalibrationError([item(1.5, true)])).toThrow(RangeError);
  });
});

describe('coverageAtPrecision', () => {
  // Descending: .99 T, .98 T, .97 T, .9 F, (.8 T, .8 T), .7 T, .6 F, .5 F, .4 T
  // Prefix precision: 1, 1, 1, 3/4, [5/6 after the tie], 6/7, 6/8, 6/9, 7/10
  const items = [
    item(0.5, false),
    item(0.99, true),
    item(0.8, true),
    item(0.9, false),
    item(0.98, true),
    item(0.4, true),
    item(0.97, true),
    item(0.7, true),
    item(0.8, true),
    item(0.6, false),
  ];

  it('returns the largest applied share of all rows at the given precision', () => {
    expect(coverageAtPrecision(items, 0.95)).toBeCloseTo(0.3, 12);
    expect(coverageAtPrecision(items, 0.85)).toBeCloseTo(0.7, 12);
    expect(coverageAtPrecision(items, 0.75)).toBeCloseTo(0.8, 12);
    expect(coverageAtPrecision(items, 0.7)).toBe(1);
  });

  it('applies rows of equal confidence together or not at all', () => {
    // Taking only the right 0.9 row would give 1/3 at precision 1, but no threshold can split the tie.
    const tied = [item(0.9, true), item(0.9, false), item(0.5, true)];
    expect(coverageAtPrecision(tied, 1)).toBe(0);
    // The tie group alone is at 1/2; adding the 0.5 row lifts the prefix to 2/3.
    expect(coverageAtPrecision(tied, 0.6)).toBe(1);
    expect(coverageAtPrecision([item(0.7, true), item(0.7, true), item(0.2, false)], 0.99)).toBeCloseTo(
      2 / 3,
      12,
    );
  });

  it('keeps looking past an early dip in precision', () => {
    const rows = [item(0.99, false), ...Array.from({ length: 19 }, () => item(0.9, true)), item(0.1, false)];
    // 19 of the top 20 are right: 0.95 precision at 20/21 coverage.
    expect(coverageAtPrecision(rows, 0.95)).toBeCloseTo(20 / 21, 12);
  });

  it('is 0 when nothing qualifies or there are no rows', () => {
    expect(coverageAtPrecision([item(0.9, false), item(0.8, false)], 0.5)).toBe(0);
    expect(coverageAtPrecision([], 0.95)).toBe(0);
    expect(() => coverageAtPrecision(items, 1.2)).toThrow(RangeError);
  });
});

describe('percentile', () => {
  it('interpolates linearly between closest ranks', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 12);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([10], 99)).toBe(10);
  });

  it('matches the rank on 0..100', () => {
    const values = Array.from({ length: 101 }, (_, index) => 100 - index);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
  });

  it('is NaN for no values and rejects q outside [0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
  });
});
