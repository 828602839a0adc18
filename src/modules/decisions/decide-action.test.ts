import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DECISION_POLICY,
  type DecisionPolicy,
  decideAction,
  effectiveMode,
  type RankedCandidate,
} from './decide-action.js';

const candidate = (
  id: string,
  probability: number,
  extra: Partial<RankedCandidate> = {},
): RankedCandidate => ({
  categoryId: id,
  categoryName: id,
  probability,
  autoThreshold: 0.9,
  autonomy: 'auto',
  ...extra,
});
const policy: DecisionPolicy = { targetPrecision: 0.99, suggestThreshold: 0.4, outOfScopeCutoff: null };

describe('decideAction', () => {
  it('applies when the top confidence reaches the category’s auto threshold', () => {
    const d = decideAction(
      { modelVersion: 3, ranked: [candidate('billing', 0.95), candidate('refunds', 0.05)] },
      policy,
    );
    expect(d).toMatchObject({ outcome: 'applied', categoryId: 'billing', modelVersion: 3 });
    expect(d.rule).toContain('auto threshold 0.90');
    expect(d.inputs).toMatchObject({
      stage: 'auto',
      autonomy: 'auto',
      effectiveMode: 'auto',
      autoThreshold: 0.9,
    });
  });

  it('suggests the top three between the suggest and auto thresholds', () => {
    const ranked = [candidate('a', 0.6), candidate('b', 0.2), candidate('c', 0.1), candidate('d', 0.1)];
    const d = decideAction({ modelVersion: 1, ranked }, policy);
    expect(d.outcome).toBe('suggested');
    if (d.outcome !== 'suggested') return;
    expect(d.suggestions.map((s) => s.categoryId)).toEqual(['a', 'b', 'c']);
    expect(d.rule).toContain('< auto threshold 0.90');
  });

  it('sends low confidence to review with the reason', () => {
    const d = decideAction({ modelVersion: 1, ranked: [candidate('a', 0.3), candidate('b', 0.29)] }, policy);
    expect(d).toMatchObject({ outcome: 'needs_review', reason: 'low_confidence', categoryId: 'a' });
  });

  it('sends an out-of-scope ticket to review however confident the top category is', () => {
    const flagged = { score: 0.9, cutoff: 0.8, flagged: true };
    const d = decideAction(
      { modelVersion: 2, ranked: [candidate('billing', 0.97)], outOfScope: flagged },
      policy,
    );
    expect(d).toMatchObject({ outcome: 'needs_review', reason: 'out_of_scope', categoryId: 'billing' });
    expect(d.rule).toContain('fits no category');
    const inScope = { score: 0.2, cutoff: 0.8, flagged: false };
    expect(
      decideAction({ modelVersion: 2, ranked: [candidate('billing', 0.97)], outOfScope: inScope }, policy)
        .outcome,
    ).toBe('applied');
  });

  it('lets the workspace override the model’s out-of-scope cut-off', () => {
    const prediction = {
      modelVersion: 2,
      ranked: [candidate('billing', 0.97)],
      outOfScope: { score: 0.5, cutoff: 0.8, flagged: false },
    };
    const strict = decideAction(prediction, { ...policy, outOfScopeCutoff: 0.4 });
    expect(strict).toMatchObject({ outcome: 'needs_review', reason: 'out_of_scope' });
    expect(strict.inputs.outOfScopeCutoff).toBe(0.4);
  });

  it('sends everything to review when there is no model', () => {
    expect(decideAction(null, policy)).toMatchObject({
      outcome: 'needs_review',
      reason: 'model_unavailable',
    });
  });

  it('keeps the AI out of a human-only category entirely', () => {
    const d = decideAction(
      { modelVersion: 1, ranked: [candidate('legal', 0.99, { autonomy: 'human_only' })] },
      policy,
    );
    expect(d).toMatchObject({
      outcome: 'needs_review',
      reason: 'human_only',
      categoryId: null,
      confidence: 0.99,
    });
    expect(d.rule).toContain('human-only');
  });

  it('never suggests a human-only category among the top three', () => {
    const ranked = [
      candidate('a', 0.5),
      candidate('legal', 0.3, { autonomy: 'human_only' }),
      candidate('b', 0.2),
    ];
    const d = decideAction({ modelVersion: 1, ranked }, policy);
    expect(d.outcome === 'suggested' && d.suggestions.map((s) => s.categoryId)).toEqual(['a', 'b']);
  });

  it('only suggests for a suggest-only category or at the suggest stage, however confident', () => {
    const sure = candidate('a', 0.99);
    const suggestOnly = decideAction({ modelVersion: 1, ranked: [{ ...sure, autonomy: 'suggest' }] }, policy);
    expect(suggestOnly.outcome).toBe('suggested');
    expect(suggestOnly.rule).toContain('set to suggest only');
    const staged = decideAction({ modelVersion: 1, ranked: [sure] }, policy, 'suggest');
    expect(staged.outcome).toBe('suggested');
    expect(staged.rule).toContain('rollout stage is suggest');
    expect(staged.inputs.effectiveMode).toBe('suggest');
  });

  it('at the off stage shows nothing and keeps no prediction in the decision', () => {
    const d = decideAction({ modelVersion: 1, ranked: [candidate('a', 0.99)] }, policy, 'off');
    expect(d).toMatchObject({
      outcome: 'needs_review',
      reason: 'rollout_off',
      categoryId: null,
      confidence: null,
    });
    expect(d.inputs.effectiveMode).toBe('human_only');
  });

  it('at the shadow stage shows nothing but records what full autonomy would have done', () => {
    const d = decideAction({ modelVersion: 1, ranked: [candidate('a', 0.99)] }, policy, 'shadow');
    expect(d).toMatchObject({
      outcome: 'needs_review',
      reason: 'rollout_shadow',
      categoryId: null,
      confidence: 0.99,
    });
    expect(d.inputs).toMatchObject({ shadowOutcome: 'applied', shadowCategoryId: 'a' });
    const unsure = decideAction({ modelVersion: 1, ranked: [candidate('a', 0.5)] }, policy, 'shadow');
    expect(unsure.inputs).toMatchObject({ shadowOutcome: 'suggested', shadowCategoryId: 'a' });
  });

  it('suggests a category that cannot reach the target precision (no threshold)', () => {
    const d = decideAction(
      { modelVersion: 1, ranked: [candidate('a', 0.999, { autoThreshold: null })] },
      policy,
    );
    expect(d.outcome).toBe('suggested');
    expect(d.rule).toContain('cannot be shown to reach the target precision');
  });

  it('defaults to the workspace default policy and the auto stage', () => {
    expect(DEFAULT_DECISION_POLICY.targetPrecision).toBe(0.99);
    expect(decideAction({ modelVersion: 1, ranked: [candidate('a', 0.95)] }).outcome).toBe('applied');
  });
});

describe('effectiveMode', () => {
  it('is the lower of autonomy and stage', () => {
    expect(effectiveMode('auto', 'auto')).toBe('auto');
    expect(effectiveMode('auto', 'suggest')).toBe('suggest');
    expect(effectiveMode('suggest', 'auto')).toBe('suggest');
    expect(effectiveMode('human_only', 'auto')).toBe('human_only');
    expect(effectiveMode('auto', 'shadow')).toBe('human_only');
    expect(effectiveMode('suggest', 'off')).toBe('human_only');
  });
});
