import { describe, expect, it } from 'vitest';
import {
  DEFAULT_IN_SCOPE_FLAG_RATE,
  fitOutOfScopeDetector,
  isOutOfScope,
  nearestCentroidSimilarity,
  type OutOfScopeDetector,
  type OutOfScopeFitInput,
  outOfScopeScore,
  packOutOfScopeDetector,
  predictionConfidence,
  unpackOutOfScopeDetector,
} from './out-of-scope.js';
import { createRandom } from './prng.js';
import type { SparseVector } from './types.js';

// Synthetic feature space: category k owns rows [k * 40, k * 40 + 40); rows 160..179 are filler
// words every text may use; rows 180..299 belong to no category (the out-of-scope vocabulary).
const CATEGORIES = 4;
const DIMENSION = 300;
const FILLER = 160;
const FOREIGN = 180;

function sparse(entries: Map<number, number>): SparseVector {
  const rows = [...entries.keys()].sort((a, b) => a - b);
  const norm = Math.sqrt(rows.reduce((sum, row) => sum + entries.get(row)! ** 2, 0));
  return {
    rows: Int32Array.from(rows),
    values: Float32Array.from(rows, (row) => entries.get(row)! / norm),
  };
}

/** `own` words from `base .. base + span`, plus two filler words. */
function text(random: () => number, base: number, span: number, own: number): SparseVector {
  const entries = new Map<number, number>();
  for (let i = 0; i < own; i++) entries.set(base + Math.floor(random() * span), 0.5 + random());
  for (let i = 0; i < 2; i++) entries.set(FILLER + Math.floor(random() * 20), 0.3 + random() * 0.3);
  return sparse(entries);
}

/** A stand-in linear model: softmax over how much of the vector lies in each category's rows. */
function probabilities(vector: SparseVector, sharpness = 12): Float64Array {
  const logits = new Float64Array(CATEGORIES);
  vector.rows.forEach((row, n) => {
    if (row < FILLER) logits[Math.floor(row / 40)]! += sharpness * vector.values[n]!;
  });
  const max = Math.max(...logits);
  const exp = logits.map((x) => Math.exp(x - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((x) => x / sum);
}

function inScope(random: () => number, count: number) {
  const labels = Int32Array.from({ length: count }, (_, i) => i % CATEGORIES);
  return { vectors: Array.from(labels, (k) => text(random, k * 40, 40, 6)), labels };
}

const outOfScope = (random: () => number, count: number) =>
  Array.from({ length: count }, () => text(random, FOREIGN, 120, 6));

function fixture(seed = 1, extra: Partial<OutOfScopeFitInput> = {}) {
  const random = createRandom(seed);
  const train = inScope(random, 400);
  const held = inScope(random, 200);
  const input: OutOfScopeFitInput = {
    vectors: train.vectors,
    labels: train.labels,
    categoryCount: CATEGORIES,
    dimension: DIMENSION,
    heldOut: { vectors: held.vectors, probabilities: held.vectors.map((v) => probabilities(v)) },
    ...extra,
  };
  return { random, input, held, detector: fitOutOfScopeDetector(input) };
}

const flagged = (d: OutOfScopeDetector, vectors: readonly SparseVector[]) =>
  vectors.filter((v) => isOutOfScope(d, outOfScopeScore(d, v, probabilities(v)))).length / vectors.length;

describe('fitOutOfScopeDetector', () => {
  it('flags most out-of-scope texts while keeping in-scope ones near the target flag rate', () => {
    const { random, detector } = fixture();
    const fresh = inScope(random, 400).vectors;
    expect(flagged(detector, outOfScope(random, 200))).toBeGreaterThanOrEqual(0.95);
    expect(flagged(detector, fresh)).toBeLessThanOrEqual(0.1);
  });

  it('flags the requested share of held-out in-scope rows', () => {
    for (const target of [0.01, 0.05, 0.1, 0.25]) {
      const { detector, held } = fixture(2, { targetInScopeFlagRate: target });
      const rate = flagged(detector, held.vectors);
      expect(rate).toBeLessThanOrEqual(target + 1e-9);
      expect(rate).toBeGreaterThanOrEqual(target - 0.011);
    }
    expect(fixture(2).detector.cutoff).toBe(
      fixture(2, { targetInScopeFlagRate: DEFAULT_IN_SCOPE_FLAG_RATE }).detector.cutoff,
    );
  });

  it('flags a confidently classified text that resembles no category (not just low top probability)', () => {
    const { random, detector } = fixture();
    // One category word among foreign words: the stand-in model is sure, the centroid is not.
    const odd = text(random, FOREIGN, 120, 12);
    const entries = new Map<number, number>([...odd.rows].map((row, n) => [row, odd.values[n]!]));
    entries.set(5, 0.6);
    const vector = sparse(entries);
    const confident = probabilities(vector, 200);
    expect(Math.max(...confident)).toBeGreaterThan(0.99);
    expect(isOutOfScope(detector, outOfScopeScore(detector, vector, confident))).toBe(true);
  });

  it('is deterministic, and a packed detector scores exactly like the original', () => {
    const a = fixture(3).detector;
    const b = fixture(3).detector;
    expect(packOutOfScopeDetector(a)).toEqual(packOutOfScopeDetector(b));
    const restored = unpackOutOfScopeDetector(packOutOfScopeDetector(a));
    for (const v of outOfScope(createRandom(9), 20).concat(inScope(createRandom(9), 20).vectors))
      expect(outOfScopeScore(restored, v, probabilities(v))).toBe(outOfScopeScore(a, v, probabilities(v)));
    expect(restored.cutoff).toBe(a.cutoff);
  });

  it('fits a balanced cut-off when held-out out-of-scope rows are supplied', () => {
    const random = createRandom(4);
    const base = fixture(4).input;
    const held = inScope(random, 200).vectors;
    const foreign = outOfScope(random, 50);
    const vectors = [...held, ...foreign];
    const heldOut = {
      vectors,
      probabilities: vectors.map((v) => probabilities(v)),
      outOfScope: vectors.map((_, i) => i >= held.length),
    };
    const balanced = fitOutOfScopeDetector({ ...base, heldOut });
    expect(flagged(balanced, foreign)).toBe(1);
    expect(flagged(balanced, held)).toBeLessThan(0.05);
    const rate = fitOutOfScopeDetector({ ...base, heldOut, cutoffObjective: 'flag-rate' });
    expect(flagged(rate, held)).toBeCloseTo(0.05, 5);
  });

  it('falls back to leave-one-out training similarity when there is no held-out data', () => {
    const { random, input } = fixture(5);
    const detector = fitOutOfScopeDetector({ ...input, heldOut: { vectors: [], probabilities: [] } });
    expect(detector.confidenceWeight).toBe(0);
    expect(detector.cutoff).toBeGreaterThan(0);
    expect(detector.cutoff).toBeLessThan(1);
    expect(flagged(detector, inScope(random, 400).vectors)).toBeLessThanOrEqual(0.1);
    expect(flagged(detector, outOfScope(random, 100))).toBeGreaterThanOrEqual(0.95);
  });
});

describe('edge cases', () => {
  it('gives an empty vector the maximal score, and never NaN', () => {
    const { detector } = fixture();
    const empty: SparseVector = { rows: new Int32Array(0), values: new Float32Array(0) };
    expect(outOfScopeScore(detector, empty, [0.25, 0.25, 0.25, 0.25])).toBe(1);
    expect(isOutOfScope(detector, 1)).toBe(true);
    const v = inScope(createRandom(6), 1).vectors[0]!;
    for (const p of [[], [Number.NaN, 1, 0, 0], [0, 0, 0, 0], [2, -1, 0, 0]]) {
      const score = outOfScopeScore(detector, v, p);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    expect(isOutOfScope(detector, Number.NaN)).toBe(true);
  });

  it('handles a category with one example and one with none', () => {
    const random = createRandom(7);
    const train = inScope(random, 90);
    // Category 3 keeps a single example; category 4 (of 5) has none.
    const keep = Array.from(train.labels.keys()).filter((i) => train.labels[i] !== 3 || i === 3);
    const input: OutOfScopeFitInput = {
      vectors: keep.map((i) => train.vectors[i]!),
      labels: Int32Array.from(keep, (i) => train.labels[i]!),
      categoryCount: 5,
      dimension: DIMENSION,
      heldOut: { vectors: [], probabilities: [] },
    };
    for (const heldOut of [input.heldOut, fixture(7).input.heldOut]) {
      const detector = fitOutOfScopeDetector({ ...input, heldOut });
      expect(Number.isFinite(detector.cutoff)).toBe(true);
      const single = train.vectors[3]!;
      expect(nearestCentroidSimilarity(detector, single)).toBeCloseTo(1, 5);
      expect(Number.isNaN(outOfScopeScore(detector, single, probabilities(single)))).toBe(false);
    }
  });

  it('measures confidence as minus the entropy', () => {
    expect(predictionConfidence([1, 0, 0])).toBe(0);
    expect(predictionConfidence([0.5, 0.5])).toBeCloseTo(-Math.log(2), 12);
  });

  it('rejects bad input and corrupt packed detectors', () => {
    const { input, detector } = fixture();
    expect(() => fitOutOfScopeDetector({ ...input, targetInScopeFlagRate: 1.5 })).toThrow(RangeError);
    expect(() => fitOutOfScopeDetector({ ...input, labels: new Int32Array(3) })).toThrow(RangeError);
    const packed = packOutOfScopeDetector(detector);
    expect(() => unpackOutOfScopeDetector({ ...packed, header: { ...packed.header, version: 99 } })).toThrow(
      RangeError,
    );
    expect(() => unpackOutOfScopeDetector({ ...packed, float32: [new Float32Array(1)] })).toThrow(RangeError);
    const { cutoff: _, ...withoutCutoff } = packed.header;
    expect(() => unpackOutOfScopeDetector({ ...packed, header: withoutCutoff })).toThrow(RangeError);
  });
});
