import { describe, expect, it } from 'vitest';
import {
  fitPrecisionThresholds,
  type HeldOutPredictions,
  type PrecisionThresholdOptions,
  SUGGEST_ONLY_THRESHOLD,
  shouldAutoApply,
  betaLowerBound,
  wilsonLowerBound,
} from './precision-thresholds.js';

/** Rows as [predicted category, confidence, correct]. */
function heldOut(rows: [number, number, boolean][]): HeldOutPredictions {
  return {
    predicted: Int32Array.from(rows, (r) => r[0]),
    confidence: Float32Array.from(rows, (r) => r[1]),
    correct: rows.map((r) => r[2]),
  };
}

// Raw precision, every category on its own, no minimum: the plain definition, easy to check by hand.
const plain: Omit<PrecisionThresholdOptions, 'precisionTarget'> = {
  categoryCount: 2,
  margin: 'raw',
  minCategorySupport: 1,
  minAccepted: 1,
  priorStrength: 0,
};

// Category 0, most confident first: 0.9 right | 0.8 right, 0.8 wrong (tied) | 0.7 right.
// Accepted at >= 0.9: 1/1; at >= 0.8: 2/3 (both tied rows or neither); at >= 0.7: 3/4.
const tied = heldOut([
  [0, 0.8, false],
  [0, 0.9, true],
  [0, 0.7, true],
  [0, 0.8, true],
]);

const f32 = (x: number) => Math.fround(x);

describe('fitPrecisionThresholds', () => {
  it('picks the lowest confidence whose accepted predictions meet the target, ties together', () => {
    const at = (target: number) =>
      fitPrecisionThresholds(tied, { ...plain, precisionTarget: target }).perCategory[0]!;
    expect(at(0.6)).toEqual({ threshold: f32(0.7), suggestOnly: false, support: 4, source: 'category' });
    // 0.8 fails (2/3 < 0.7) but 0.7 passes (3/4): the lowest passing threshold wins.
    expect(at(0.7).threshold).toBe(f32(0.7));
    // Neither 2/3 nor 3/4 reaches 0.8; the tie at 0.8 cannot be split to accept only the right one.
    expect(at(0.8).threshold).toBe(f32(0.9));
    expect(at(1).threshold).toBe(f32(0.9));
  });

  it('marks a category that never reaches the target suggest-only', () => {
    const data = heldOut([
      [1, 0.95, false],
      [1, 0.9, true],
      [1, 0.6, true],
      [0, 0.5, true],
    ]);
    // Category 1: 0/1, 1/2, 2/3 — never 0.9.
    const result = fitPrecisionThresholds(data, { ...plain, precisionTarget: 0.9 });
    expect(result.perCategory[1]).toEqual({
      threshold: SUGGEST_ONLY_THRESHOLD,
      suggestOnly: true,
      support: 3,
      source: 'category',
    });
    expect(result.perCategory[0]).toMatchObject({ threshold: f32(0.5), suggestOnly: false });
    expect(shouldAutoApply(result, 1, 1)).toBe(false);
    expect(shouldAutoApply(result, 0, 0.5)).toBe(true);
    expect(shouldAutoApply(result, 0, 0.49)).toBe(false);
  });

  it('gives categories with too few held-out predictions the global threshold', () => {
    // Category 0 has 4 predictions (enough at minCategorySupport 4), category 1 has 2.
    // All six, most confident first: 0.9 r, 0.85 r (cat 1), 0.8 r, 0.8 w, 0.75 w (cat 1), 0.7 r.
    // Global precision: 1/1, 2/2, 3/4 (tie), 3/5, 4/6 -> with target 0.75 the lowest is 0.8.
    const data = heldOut([...rowsOf(tied), [1, 0.85, true], [1, 0.75, false]]);
    const result = fitPrecisionThresholds(data, { ...plain, minCategorySupport: 4, precisionTarget: 0.75 });
    expect(result.global).toBe(f32(0.8));
    expect(result.globalSuggestOnly).toBe(false);
    expect(result.perCategory[0]).toEqual({
      threshold: f32(0.7),
      suggestOnly: false,
      support: 4,
      source: 'category',
    });
    expect(result.perCategory[1]).toEqual({
      threshold: f32(0.8),
      suggestOnly: false,
      support: 2,
      source: 'global',
    });
  });

  it('makes categories with too few held-out predictions suggest-only on request', () => {
    const data = heldOut([...rowsOf(tied), [1, 0.85, true], [1, 0.75, false]]);
    const result = fitPrecisionThresholds(data, {
      ...plain,
      minCategorySupport: 4,
      precisionTarget: 0.75,
      smallCategories: 'suggest-only',
    });
    // The global threshold is still fitted (0.8 would accept category 1's 0.85), but not lent out.
    expect(result.global).toBe(f32(0.8));
    expect(result.perCategory[0]).toMatchObject({ threshold: f32(0.7), source: 'category' });
    expect(result.perCategory[1]).toEqual({
      threshold: SUGGEST_ONLY_THRESHOLD,
      suggestOnly: true,
      support: 2,
      source: 'global',
    });
    expect(shouldAutoApply(result, 1, 0.85)).toBe(false);
  });

  it('requires a minimum number of accepted predictions', () => {
    // Only the top prediction is right: 1/1 meets 0.9, but one prediction is an anecdote.
    const data = heldOut([
      [0, 0.9, true],
      [0, 0.8, false],
      [0, 0.7, true],
    ]);
    const one = fitPrecisionThresholds(data, { ...plain, precisionTarget: 0.9 });
    expect(one.perCategory[0]!.threshold).toBe(f32(0.9));
    const two = fitPrecisionThresholds(data, { ...plain, precisionTarget: 0.9, minAccepted: 2 });
    expect(two.perCategory[0]!.suggestOnly).toBe(true);
  });

  it('applies the Wilson margin on request and the raw rate on request', () => {
    // Ten right predictions at 0.95, 0.90, ..., 0.50, then a wrong one at 0.45. Raw: 10/11 = 0.909
    // passes 0.9 at 0.45. Wilson (z = 1): 10 of 11 gives 0.785, but n right of n gives n / (n + 1),
    // 0.909 at n = 10, so the threshold stops at 0.5.
    const rows = Array.from({ length: 10 }, (_, i): [number, number, boolean] => [0, 0.95 - i * 0.05, true]);
    const data = heldOut([...rows, [0, 0.45, false]]);
    const options = {
      categoryCount: 1,
      precisionTarget: 0.9,
      minCategorySupport: 1,
      priorStrength: 0,
      wilsonZ: 1,
    };
    expect(fitPrecisionThresholds(data, { ...options, margin: 'raw' }).perCategory[0]!.threshold).toBe(
      f32(0.45),
    );
    expect(fitPrecisionThresholds(data, options).perCategory[0]!.threshold).toBe(f32(0.5));
    expect(wilsonLowerBound(10, 11, 1)).toBeLessThan(0.9);
    // z = 2: n / (n + 4) >= 0.9 needs n = 36 > 10, so the category cannot be shown to reach 0.9.
    expect(fitPrecisionThresholds(data, { ...options, wilsonZ: 2 }).perCategory[0]!.suggestOnly).toBe(true);
  });

  it('accepts gold labels instead of correctness flags, and ignores NaN confidences', () => {
    const predicted = Int32Array.from([0, 0, 0, 0]);
    const withGold = fitPrecisionThresholds(
      { predicted, confidence: tied.confidence, gold: Int32Array.from([1, 0, 0, 0]) },
      { ...plain, precisionTarget: 0.7 },
    );
    expect(withGold).toEqual(fitPrecisionThresholds(tied, { ...plain, precisionTarget: 0.7 }));
    const withNaN = heldOut([...rowsOf(tied), [0, Number.NaN, false]]);
    const result = fitPrecisionThresholds(withNaN, { ...plain, precisionTarget: 0.7 });
    expect(result.perCategory[0]).toMatchObject({ threshold: f32(0.7), support: 5 });
  });

  it('makes everything suggest-only when there is no held-out data', () => {
    const result = fitPrecisionThresholds(heldOut([]), { categoryCount: 3, precisionTarget: 0.99 });
    expect(result.global).toBe(SUGGEST_ONLY_THRESHOLD);
    expect(result.globalSuggestOnly).toBe(true);
    expect(result.perCategory.map((c) => [c.suggestOnly, c.source, c.support])).toEqual([
      [true, 'global', 0],
      [true, 'global', 0],
      [true, 'global', 0],
    ]);
  });

  it('rejects invalid input', () => {
    expect(() => fitPrecisionThresholds(tied, { ...plain, precisionTarget: 0 })).toThrow(RangeError);
    expect(() => fitPrecisionThresholds(tied, { ...plain, precisionTarget: 1.2 })).toThrow(RangeError);
    const { correct: _, ...noOutcome } = tied;
    expect(() => fitPrecisionThresholds(noOutcome, { ...plain, precisionTarget: 0.9 })).toThrow(RangeError);
    expect(() =>
      fitPrecisionThresholds({ ...tied, correct: [true] }, { ...plain, precisionTarget: 0.9 }),
    ).toThrow(RangeError);
  });
});

describe('pooled prior (default)', () => {
  // Category 0: 40 predictions, all right from 0.99 down to 0.60, then 10 wrong ones at 0.55..0.50.
  // Category 1: 40 predictions, right except every fourth one, at the same confidences.
  const rows: [number, number, boolean][] = [];
  for (let i = 0; i < 40; i++) rows.push([0, 0.99 - i * 0.01, true], [1, 0.99 - i * 0.01, i % 4 !== 3]);
  for (let i = 0; i < 10; i++) rows.push([0, 0.55 - i * 0.005, false]);
  const options = { categoryCount: 2, precisionTarget: 0.9 };

  it('lets a category with a clean record go lower than one with errors at the same confidence', () => {
    const result = fitPrecisionThresholds(heldOut(rows), options);
    const [clean, noisy] = result.perCategory;
    expect(clean!.source).toBe('category');
    expect(noisy!.source).toBe('category');
    expect(clean!.threshold).toBeLessThan(0.75);
    expect(clean!.threshold).toBeGreaterThan(0.55); // never into its run of errors
    expect(noisy!.suggestOnly || noisy!.threshold > clean!.threshold).toBe(true);
  });

  it('is stricter than the raw rate and looser than the Wilson bound on a category alone', () => {
    const pooled = fitPrecisionThresholds(heldOut(rows), options).perCategory[0]!.threshold;
    const raw = fitPrecisionThresholds(heldOut(rows), { ...options, margin: 'raw', priorStrength: 0 })
      .perCategory[0]!.threshold;
    expect(raw).toBeLessThanOrEqual(pooled);
  });

  it('betaLowerBound shrinks a small sample towards the prior', () => {
    // 5 of 5 right with a prior of 0.8 worth 30: mean (5 + 24) / 35.
    expect(betaLowerBound(5, 5, 0.8, 30, 0)).toBeCloseTo(29 / 35, 12);
    // Many observations outweigh the prior.
    expect(betaLowerBound(990, 1000, 0.5, 30, 0)).toBeGreaterThan(0.95);
    expect(betaLowerBound(5, 5, 0.8, 30, 1)).toBeLessThan(29 / 35);
    expect(betaLowerBound(0, 0, 0.8, 0, 1)).toBe(0);
  });
});

describe('wilsonLowerBound', () => {
  it('matches hand-computed values', () => {
    expect(wilsonLowerBound(1, 1, 1)).toBeCloseTo(0.5, 12);
    // p = 0.9, n = 10, z = 1: (0.95 - sqrt(0.0115)) / 1.1
    expect(wilsonLowerBound(9, 10, 1)).toBeCloseTo((0.95 - Math.sqrt(0.0115)) / 1.1, 12);
    expect(wilsonLowerBound(7, 10, 0)).toBeCloseTo(0.7, 12);
    expect(wilsonLowerBound(0, 0, 1)).toBe(0);
  });
});

function rowsOf(data: HeldOutPredictions): [number, number, boolean][] {
  return Array.from(data.predicted, (k, i) => [k, data.confidence[i]!, data.correct![i]!]);
}
