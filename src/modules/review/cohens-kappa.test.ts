import { describe, expect, it } from 'vitest';
import { type AnswerPair, cohensKappa, kappaPerCategory, NONE_FITS } from './cohens-kappa.js';

/** A 2×2 table as pairs: both yes, first yes only, second yes only, both no. */
function table(yesYes: number, yesNo: number, noYes: number, noNo: number): AnswerPair[] {
  const rows = (n: number, first: string, second: string) =>
    Array.from({ length: n }, () => ({ first, second }));
  return [
    ...rows(yesYes, 'yes', 'yes'),
    ...rows(yesNo, 'yes', 'no'),
    ...rows(noYes, 'no', 'yes'),
    ...rows(noNo, 'no', 'no'),
  ];
}

describe('cohensKappa', () => {
  it('gives the textbook 0.4 for 20/5/10/15 (p_o = 0.7, p_e = 0.5)', () => {
    const result = cohensKappa(table(20, 5, 10, 15));
    expect(result.pairs).toBe(50);
    expect(result.observed).toBeCloseTo(0.7, 10);
    expect(result.kappa).toBeCloseTo(0.4, 10);
  });

  it('tells apart two tables with the same observed agreement (0.1304 and 0.2593)', () => {
    // The classic illustration that p_o alone misleads: both tables agree on 60 of 100.
    const skewed = cohensKappa(table(45, 15, 25, 15));
    const balanced = cohensKappa(table(25, 35, 5, 35));
    expect(skewed.observed).toBeCloseTo(0.6, 10);
    expect(balanced.observed).toBeCloseTo(0.6, 10);
    expect(skewed.kappa).toBeCloseTo(0.1304, 4);
    expect(balanced.kappa).toBeCloseTo(0.2593, 4);
  });

  it('is 1 for perfect agreement and −1 for systematic disagreement', () => {
    expect(cohensKappa(table(10, 0, 0, 10)).kappa).toBeCloseTo(1, 10);
    expect(cohensKappa(table(0, 5, 5, 0)).kappa).toBeCloseTo(-1, 10);
  });

  it('handles more than two answers', () => {
    // 3 categories; p_o = 7/10; marginals first (4,3,3), second (3,4,3): p_e = 0.33.
    const pairs: AnswerPair[] = [
      { first: 'a', second: 'a' },
      { first: 'a', second: 'a' },
      { first: 'a', second: 'a' },
      { first: 'a', second: 'b' },
      { first: 'b', second: 'b' },
      { first: 'b', second: 'b' },
      { first: 'b', second: 'c' },
      { first: 'c', second: 'c' },
      { first: 'c', second: 'c' },
      { first: 'c', second: 'b' },
    ];
    expect(cohensKappa(pairs).kappa).toBeCloseTo((0.7 - 0.33) / (1 - 0.33), 10);
  });

  it('is undefined with no pairs, and when both always gave the same single answer', () => {
    expect(cohensKappa([])).toEqual({ pairs: 0, observed: null, kappa: null });
    const same = cohensKappa(table(6, 0, 0, 0));
    expect(same.observed).toBe(1);
    expect(same.kappa).toBeNull();
  });
});

describe('kappaPerCategory', () => {
  it('asks per category "is it this one?" and counts agreements and involvements', () => {
    const pairs: AnswerPair[] = [
      ...table(20, 5, 10, 15).map((p) => ({
        first: p.first === 'yes' ? 'billing' : 'login',
        second: p.second === 'yes' ? 'billing' : 'login',
      })),
      { first: NONE_FITS, second: 'login' },
    ];
    const byAnswer = new Map(kappaPerCategory(pairs).map((a) => [a.answer, a]));
    expect([...byAnswer.keys()]).toEqual(['billing', 'login', NONE_FITS]);
    const billing = byAnswer.get('billing')!;
    expect(billing).toMatchObject({ pairs: 51, agreed: 20, involved: 35 });
    // With one extra "no/no" for billing the 2×2 table is 20/5/10/16.
    expect(billing.kappa).toBeCloseTo(cohensKappa(table(20, 5, 10, 16)).kappa!, 10);
    expect(byAnswer.get(NONE_FITS)).toMatchObject({ agreed: 0, involved: 1 });
  });
});
