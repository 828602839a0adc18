import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROMOTION_POLICY,
  evaluatePromotionGate,
  type ShadowOutcome,
  scoreShadow,
} from './promotion-gate.js';

const policy = { ...DEFAULT_PROMOTION_POLICY, minSample: 20, minCategorySample: 10, categoryTolerance: 0.05 };

/** `n` tickets of `gold`, the champion right on `championRight` of them, the challenger on `challengerRight`. */
function rows(gold: string, n: number, championRight: number, challengerRight: number): ShadowOutcome[] {
  return Array.from({ length: n }, (_, i) => ({
    gold,
    champion: i < championRight ? gold : 'other',
    challenger: i < challengerRight ? gold : 'other',
  }));
}

const gate = (outcomes: ShadowOutcome[], p = policy) => {
  const { champion, challenger } = scoreShadow(outcomes);
  return evaluatePromotionGate(champion, challenger, p);
};

describe('scoreShadow', () => {
  it('scores both models on the same tickets, overall and by the label category', () => {
    const { champion, challenger } = scoreShadow([...rows('a', 4, 2, 3), ...rows('b', 2, 2, 0)]);
    expect(champion.overall).toEqual({ sample: 6, correct: 4, accuracy: 4 / 6 });
    expect(challenger.overall).toEqual({ sample: 6, correct: 3, accuracy: 0.5 });
    expect(challenger.perCategory.a).toEqual({ sample: 4, correct: 3, accuracy: 0.75 });
    expect(challenger.perCategory.b!.accuracy).toBe(0);
  });
});

describe('evaluatePromotionGate', () => {
  it('decides nothing below the minimum sample, however good the challenger looks', () => {
    const result = gate(rows('a', 19, 0, 19));
    expect(result).toMatchObject({ verdict: 'insufficient_sample', pass: false, sample: 19 });
    expect(result.checks[0]!.reason).toContain('19 of 20');
  });

  it('passes a challenger at least as good overall and on every category with enough samples', () => {
    const result = gate([...rows('a', 10, 8, 9), ...rows('b', 10, 8, 8)]);
    expect(result.verdict).toBe('pass');
    expect(result.checks.map((c) => [c.metric, c.pass])).toEqual([
      ['overall', true],
      ['a', true],
      ['b', true],
    ]);
  });

  it('fails a challenger worse overall', () => {
    const result = gate([...rows('a', 10, 9, 8), ...rows('b', 10, 9, 9)]);
    expect(result.verdict).toBe('fail');
    expect(result.checks[0]).toMatchObject({ metric: 'overall', pass: false });
  });

  it('fails a challenger better overall but worse beyond the tolerance on one category', () => {
    const result = gate([...rows('a', 20, 10, 20), ...rows('b', 10, 10, 8)]);
    expect(result.checks[0]!.pass).toBe(true);
    expect(result.checks.find((c) => c.metric === 'b')).toMatchObject({ pass: false, sample: 10 });
    expect(result.verdict).toBe('fail');
  });

  it('tolerates a small drop on a category, and ignores a category below its own minimum sample', () => {
    const withinTolerance = gate([...rows('a', 20, 10, 20), ...rows('b', 40, 40, 39)]);
    expect(withinTolerance.verdict).toBe('pass');
    const smallCategory = gate([...rows('a', 30, 20, 30), ...rows('c', 9, 9, 0)]);
    expect(smallCategory.checks.some((c) => c.metric === 'c')).toBe(false);
    expect(smallCategory.verdict).toBe('pass');
  });
});
