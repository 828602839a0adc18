// The decision policy: from a prediction, the workspace's policy and the rollout stage to exactly
// one outcome. Pure, so every rule can be tested and replayed over history (see backtest).

import type { Autonomy } from '../categories/index.js';
import type { Stage } from '../rollout/index.js';

/**
 * The rollout stage that applies to the ticket (its assignee's cohort × its category; see the
 * rollout module): `off` and `shadow` show nothing, `suggest` caps the AI at suggesting.
 */
export type { Stage };

export interface RankedCandidate {
  categoryId: string;
  categoryName: string;
  probability: number;
  /**
   * Lowest confidence at which this category may be applied at the workspace's target precision,
   * fitted on the model's held-out predictions; null when it cannot be shown to reach the target.
   */
  autoThreshold: number | null;
  autonomy: Autonomy;
}

export interface PredictionForDecision {
  modelVersion: number;
  ranked: RankedCandidate[];
  /** The model's judgement that the text fits no category (absent for models without one). */
  outOfScope?: { score: number; cutoff: number; flagged: boolean };
}

/** Workspace settings of the policy. */
export interface DecisionPolicy {
  /** Precision the auto-applied decisions must reach; category thresholds are fitted to it. */
  targetPrecision: number;
  /** Below this top confidence nothing is suggested: a person decides from scratch. */
  suggestThreshold: number;
  /** Overrides the model's own out-of-scope cut-off when set (scores are in [0, 1]). */
  outOfScopeCutoff: number | null;
}

export const DEFAULT_DECISION_POLICY: DecisionPolicy = {
  targetPrecision: 0.99,
  suggestThreshold: 0.2,
  outOfScopeCutoff: null,
};

export type DecisionReason =
  | 'low_confidence'
  | 'out_of_scope'
  | 'human_only'
  | 'model_unavailable'
  | 'rollout_off'
  | 'rollout_shadow';

/** What the rule saw, stored with the decision so it can be explained and replayed. */
export interface DecisionInputs {
  stage: Stage;
  autonomy: Autonomy | null;
  effectiveMode: Autonomy | null;
  confidence: number | null;
  autoThreshold: number | null;
  suggestThreshold: number;
  targetPrecision: number;
  outOfScopeScore: number | null;
  outOfScopeCutoff: number | null;
  /** In shadow: what the policy would have done at full autonomy (measured, never shown). */
  shadowOutcome?: DecisionOutcome;
  shadowCategoryId?: string | null;
}

interface DecisionBase {
  categoryId: string | null;
  confidence: number | null;
  modelVersion: number | null;
  rule: string;
  inputs: DecisionInputs;
}

export type Decision =
  | (DecisionBase & { outcome: 'applied'; categoryId: string; confidence: number; modelVersion: number })
  | (DecisionBase & {
      outcome: 'suggested';
      categoryId: string;
      confidence: number;
      modelVersion: number;
      suggestions: { categoryId: string; probability: number }[];
    })
  | (DecisionBase & { outcome: 'needs_review'; reason: DecisionReason });

export type DecisionOutcome = Decision['outcome'];

const pct = (p: number) => p.toFixed(2);
const rank: Record<Autonomy, number> = { human_only: 0, suggest: 1, auto: 2 };
// Off and shadow show people nothing: for the decision they are as human-only.
const stageMode: Record<Stage, Autonomy> = {
  off: 'human_only',
  shadow: 'human_only',
  suggest: 'suggest',
  auto: 'auto',
};

/** The lower of the category's autonomy and the stage: a stage can hold the AI back, never push it. */
export function effectiveMode(autonomy: Autonomy, stage: Stage): Autonomy {
  const cap = stageMode[stage];
  return rank[autonomy] <= rank[cap] ? autonomy : cap;
}

export function decideAction(
  prediction: PredictionForDecision | null,
  policy: DecisionPolicy = DEFAULT_DECISION_POLICY,
  stage: Stage = 'auto',
): Decision {
  const top = prediction?.ranked[0];
  const oos = prediction?.outOfScope;
  const cutoff = oos ? (policy.outOfScopeCutoff ?? oos.cutoff) : null;
  const inputs: DecisionInputs = {
    stage,
    autonomy: top?.autonomy ?? null,
    effectiveMode: top ? effectiveMode(top.autonomy, stage) : null,
    confidence: top?.probability ?? null,
    autoThreshold: top?.autoThreshold ?? null,
    suggestThreshold: policy.suggestThreshold,
    targetPrecision: policy.targetPrecision,
    outOfScopeScore: oos?.score ?? null,
    outOfScopeCutoff: cutoff,
  };
  if (!prediction || !top) {
    return {
      outcome: 'needs_review',
      reason: 'model_unavailable',
      categoryId: null,
      confidence: null,
      modelVersion: prediction?.modelVersion ?? null,
      rule: 'no model is trained yet, so a person decides',
      inputs,
    };
  }
  const base = {
    categoryId: top.categoryId,
    confidence: top.probability,
    modelVersion: prediction.modelVersion,
  };
  const mode = effectiveMode(top.autonomy, stage);
  if (stage === 'off') {
    return {
      outcome: 'needs_review',
      reason: 'rollout_off',
      categoryId: null,
      confidence: null,
      modelVersion: null,
      rule: 'the rollout stage is off: the AI takes no part, a person decides',
      inputs,
    };
  }
  if (stage === 'shadow') {
    // Measured as if the AI had full autonomy, so the shadow stage earns (or not) the next step.
    const would = decideAction(prediction, policy, 'auto');
    return {
      outcome: 'needs_review',
      reason: 'rollout_shadow',
      ...base,
      categoryId: null,
      rule: 'the rollout stage is shadow: the prediction is recorded for measurement, nothing is shown, a person decides',
      inputs: { ...inputs, shadowOutcome: would.outcome, shadowCategoryId: would.categoryId },
    };
  }
  if (top.autonomy === 'human_only') {
    return {
      outcome: 'needs_review',
      reason: 'human_only',
      ...base,
      // The AI stays out: no category is proposed to the reviewer (the prediction is still recorded).
      categoryId: null,
      rule: `${top.categoryName} is a human-only category: the AI neither applies nor suggests it`,
      inputs,
    };
  }
  if (oos && cutoff !== null && oos.score > cutoff) {
    return {
      outcome: 'needs_review',
      reason: 'out_of_scope',
      ...base,
      rule: `out-of-scope score ${pct(oos.score)} > cut-off ${pct(cutoff)}: the ticket fits no category well`,
      inputs,
    };
  }
  const threshold = top.autoThreshold;
  if (mode === 'auto' && threshold !== null && top.probability >= threshold) {
    return {
      outcome: 'applied',
      ...base,
      rule: `confidence ${pct(top.probability)} ≥ auto threshold ${pct(threshold)} of ${top.categoryName} (target precision ${policy.targetPrecision})`,
      inputs,
    };
  }
  if (top.probability >= policy.suggestThreshold) {
    return {
      outcome: 'suggested',
      ...base,
      suggestions: prediction.ranked
        .filter((r) => r.autonomy !== 'human_only')
        .slice(0, 3)
        .map((r) => ({ categoryId: r.categoryId, probability: r.probability })),
      rule: `${whyNotApplied(top, mode, stage)}; confidence ${pct(top.probability)} ≥ suggest threshold ${pct(policy.suggestThreshold)}`,
      inputs,
    };
  }
  return {
    outcome: 'needs_review',
    reason: 'low_confidence',
    ...base,
    rule: `confidence ${pct(top.probability)} < suggest threshold ${pct(policy.suggestThreshold)}`,
    inputs,
  };
}

function whyNotApplied(top: RankedCandidate, mode: Autonomy, stage: Stage): string {
  if (mode !== 'auto') {
    return top.autonomy === 'suggest'
      ? `${top.categoryName} is set to suggest only`
      : `the rollout stage is ${stage}, so the AI only suggests`;
  }
  if (top.autoThreshold === null) {
    return `${top.categoryName} cannot be shown to reach the target precision, so it is suggested only`;
  }
  return `confidence ${pct(top.probability)} < auto threshold ${pct(top.autoThreshold)} of ${top.categoryName}`;
}
