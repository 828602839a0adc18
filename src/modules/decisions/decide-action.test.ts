import { describe, expect, it } from 'vitest';
import { decideAction, type RankedCandidate } from './decide-action.js';

const candidate = (id: string, probability: number): RankedCandidate => ({
  categoryId: id,
  categoryName: id,
  probability,
  autoThreshold: 0.9,
  suggestThreshold: 0.4,
});

describe('decideAction', () => {
  it('applies when the top confidence reaches the auto threshold', () => {
    const d = decideAction({
      modelVersion: 3,
      ranked: [candidate('billing', 0.95), candidate('refunds', 0.05)],
    });
    expect(d).toMatchObject({ outcome: 'applied', categoryId: 'billing', modelVersion: 3 });
    expect(d.rule).toContain('auto threshold 0.90');
  });

  it('suggests the top three between the suggest and auto thresholds', () => {
    const ranked = [candidate('a', 0.6), candidate('b', 0.2), candidate('c', 0.1), candidate('d', 0.1)];
    const d = decideAction({ modelVersion: 1, ranked });
    expect(d.outcome).toBe('suggested');
    if (d.outcome !== 'suggested') return;
    expect(d.suggestions.map((s) => s.categoryId)).toEqual(['a', 'b', 'c']);
  });

  it('sends low confidence to review with the reason', () => {
    const d = decideAction({ modelVersion: 1, ranked: [candidate('a', 0.3), candidate('b', 0.29)] });
    expect(d).toMatchObject({ outcome: 'needs_review', reason: 'low_confidence', categoryId: 'a' });
  });

  it('sends an out-of-scope ticket to review however confident the top category is', () => {
    const d = decideAction({
      modelVersion: 2,
      ranked: [candidate('billing', 0.97)],
      outOfScope: { score: 0.9, cutoff: 0.8, flagged: true },
    });
    expect(d).toMatchObject({ outcome: 'needs_review', reason: 'out_of_scope', categoryId: 'billing' });
    expect(d.rule).toContain('fits no category');
    const inScope = decideAction({
      modelVersion: 2,
      ranked: [candidate('billing', 0.97)],
      outOfScope: { score: 0.2, cutoff: 0.8, flagged: false },
    });
    expect(inScope.outcome).toBe('applied');
  });

  it('sends everything to review when there is no model', () => {
    expect(decideAction(null)).toMatchObject({ outcome: 'needs_review', reason: 'model_unavailable' });
  });

  it('uses each category’s own thresholds', () => {
    const strict = { ...candidate('legal', 0.95), autoThreshold: 0.99 };
    expect(decideAction({ modelVersion: 1, ranked: [strict] }).outcome).toBe('suggested');
  });
});
