import { describe, expect, it } from 'vitest';
import {
  detectCategoryMixShift,
  detectConfidenceDrop,
  detectOutOfScopeRise,
  populationStabilityIndex,
  type WindowStats,
} from './drift-detectors.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

/** Windows of a day each, oldest first: [decisions, mean confidence, out-of-scope share]. */
function windows(...specs: [number, number, number][]): WindowStats[] {
  return specs.map(([decisions, confidence, oos], i) => ({
    start: new Date(T0 + i * DAY),
    end: new Date(T0 + (i + 1) * DAY),
    decisions,
    confidenceSum: decisions * confidence,
    outOfScope: Math.round(decisions * oos),
  }));
}

describe('detectConfidenceDrop', () => {
  it('fires when the mean confidence falls by more than the threshold, critical at twice it', () => {
    const v = detectConfidenceDrop(windows([100, 0.82, 0], [100, 0.8, 0], [100, 0.66, 0]));
    expect(v.status).toBe('drifting');
    if (v.status !== 'drifting') return;
    expect(v.severity).toBe('warning');
    expect(v.figures).toMatchObject({
      current: 0.66,
      baseline: 0.81,
      threshold: 0.1,
      sample: 100,
      baselineSample: 200,
    });
    expect(v.figures.series.map((p) => p.value)).toEqual([0.82, 0.8, 0.66]);
    const worse = detectConfidenceDrop(windows([100, 0.82, 0], [100, 0.8, 0], [100, 0.55, 0]));
    expect(worse.status === 'drifting' && worse.severity).toBe('critical');
  });

  it('stays quiet for a small dip, and says too few when the sample is small', () => {
    expect(detectConfidenceDrop(windows([100, 0.82, 0], [100, 0.8, 0], [100, 0.75, 0])).status).toBe(
      'steady',
    );
    // A confidence that rises is no drift either.
    expect(detectConfidenceDrop(windows([100, 0.6, 0], [100, 0.95, 0])).status).toBe('steady');
    expect(detectConfidenceDrop(windows([100, 0.82, 0], [10, 0.3, 0]))).toEqual({
      status: 'too_few',
      sample: 10,
      needed: 30,
    });
    // No baseline yet: nothing to compare with.
    expect(detectConfidenceDrop(windows([0, 0, 0], [100, 0.3, 0])).status).toBe('too_few');
  });
});

describe('detectOutOfScopeRise', () => {
  it('fires when the out-of-scope share rises by the threshold', () => {
    const v = detectOutOfScopeRise(windows([200, 0.8, 0.02], [200, 0.8, 0.03], [100, 0.8, 0.12]));
    expect(v.status).toBe('drifting');
    if (v.status === 'drifting') expect(v.figures).toMatchObject({ current: 0.12, baseline: 0.025 });
  });

  it('stays quiet when the share holds or falls', () => {
    expect(detectOutOfScopeRise(windows([200, 0.8, 0.05], [100, 0.8, 0.07])).status).toBe('steady');
    expect(detectOutOfScopeRise(windows([200, 0.8, 0.2], [100, 0.8, 0.02])).status).toBe('steady');
  });
});

describe('populationStabilityIndex', () => {
  it('is zero for the same mix and matches a hand computation', () => {
    const mix = new Map([
      ['a', 50],
      ['b', 50],
    ]);
    expect(
      populationStabilityIndex(
        mix,
        new Map([
          ['a', 5],
          ['b', 5],
        ]),
      ).psi,
    ).toBeCloseTo(0, 10);
    // (0.7−0.5)·ln(0.7/0.5) + (0.3−0.5)·ln(0.3/0.5) = 0.0673 + 0.1022
    const { psi } = populationStabilityIndex(
      mix,
      new Map([
        ['a', 70],
        ['b', 30],
      ]),
    );
    expect(psi).toBeCloseTo(0.2 * Math.log(1.4) + 0.2 * Math.log(5 / 3), 10);
  });
});

describe('detectCategoryMixShift', () => {
  const training = new Map([
    ['billing', 400],
    ['login', 300],
    ['bugs', 300],
  ]);
  const window = (counts: [string, number][]) => [
    { start: new Date(T0), end: new Date(T0 + DAY), counts: new Map(counts) },
  ];

  it('fires past PSI 0.25 as critical and names the category that moved most', () => {
    // Ten even categories; one of them surges from 10 % to 40 % of the window.
    const ten = new Map(Array.from({ length: 10 }, (_, i) => [`c${i}`, 100] as [string, number]));
    const surge: [string, number][] = Array.from({ length: 10 }, (_, i) => [`c${i}`, i === 3 ? 120 : 20]);
    const v = detectCategoryMixShift(ten, window(surge));
    expect(v.status).toBe('drifting');
    if (v.status !== 'drifting') return;
    expect(v.severity).toBe('critical');
    expect(v.figures.current).toBeGreaterThan(0.25);
    expect(v.figures.movers?.[0]).toMatchObject({ categoryId: 'c3', expectedShare: 0.1, actualShare: 0.4 });
    expect(v.categoryId).toBe('c3');
  });

  it('is a warning between 0.1 and 0.25 and about no single category when the whole mix moved', () => {
    const four = new Map([
      ['a', 25],
      ['b', 25],
      ['c', 25],
      ['d', 25],
    ]);
    const v = detectCategoryMixShift(
      four,
      window([
        ['a', 35],
        ['b', 35],
        ['c', 15],
        ['d', 15],
      ]),
    );
    expect(v.status === 'drifting' && [v.severity, v.categoryId]).toEqual(['warning', null]);
  });

  it('is steady for a mix like the training one, and too few below the minimum sample', () => {
    const v = detectCategoryMixShift(
      training,
      window([
        ['billing', 42],
        ['login', 29],
        ['bugs', 29],
      ]),
    );
    expect(v.status).toBe('steady');
    expect(detectCategoryMixShift(training, window([['bugs', 20]])).status).toBe('too_few');
    // Fourteen categories need 260 tickets: 80 drawn from the training mix itself would
    // already show a PSI near 0.16 by chance.
    const fourteen = new Map(Array.from({ length: 14 }, (_, i) => [`c${i}`, 100] as [string, number]));
    const eighty: [string, number][] = Array.from({ length: 14 }, (_, i) => [`c${i}`, i < 10 ? 6 : 5]);
    expect(detectCategoryMixShift(fourteen, window(eighty))).toMatchObject({
      status: 'too_few',
      needed: 260,
    });
  });
});
