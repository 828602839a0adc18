// The decision policy: from a prediction and the per-category thresholds to exactly one
// outcome. Pure, so every rule can be tested and replayed over history.

export interface RankedCandidate {
  categoryId: string;
  categoryName: string;
  probability: number;
  autoThreshold: number;
  suggestThreshold: number;
}

export interface PredictionForDecision {
  modelVersion: number;
  ranked: RankedCandidate[];
  /** The model's judgement that the text fits no category (absent for models without one). */
  outOfScope?: { score: number; cutoff: number; flagged: boolean };
}

export type DecisionReason = 'low_confidence' | 'out_of_scope' | 'model_unavailable';

export type Decision =
  | { outcome: 'applied'; categoryId: string; confidence: number; modelVersion: number; rule: string }
  | {
      outcome: 'suggested';
      categoryId: string;
      confidence: number;
      modelVersion: number;
      suggestions: { categoryId: string; probability: number }[];
      rule: string;
    }
  | {
      outcome: 'needs_review';
      reason: DecisionReason;
      categoryId: string | null;
      confidence: number | null;
      modelVersion: number | null;
      rule: string;
    };

const pct = (p: number) => p.toFixed(2);

export function decideAction(prediction: PredictionForDecision | null): Decision {
  const top = prediction?.ranked[0];
  if (!prediction || !top) {
    return {
      outcome: 'needs_review',
      reason: 'model_unavailable',
      categoryId: null,
      confidence: null,
      modelVersion: prediction?.modelVersion ?? null,
      rule: 'no model is trained yet, so a person decides',
    };
  }
  const base = {
    categoryId: top.categoryId,
    confidence: top.probability,
    modelVersion: prediction.modelVersion,
  };
  const oos = prediction.outOfScope;
  if (oos?.flagged) {
    return {
      outcome: 'needs_review',
      reason: 'out_of_scope',
      ...base,
      rule: `out-of-scope score ${pct(oos.score)} > cut-off ${pct(oos.cutoff)}: the ticket fits no category well`,
    };
  }
  if (top.probability >= top.autoThreshold) {
    return {
      outcome: 'applied',
      ...base,
      rule: `confidence ${pct(top.probability)} ≥ auto threshold ${pct(top.autoThreshold)} of ${top.categoryName}`,
    };
  }
  if (top.probability >= top.suggestThreshold) {
    return {
      outcome: 'suggested',
      ...base,
      suggestions: prediction.ranked
        .slice(0, 3)
        .map((r) => ({ categoryId: r.categoryId, probability: r.probability })),
      rule: `confidence ${pct(top.probability)} ≥ suggest threshold ${pct(top.suggestThreshold)} and < auto threshold ${pct(top.autoThreshold)} of ${top.categoryName}`,
    };
  }
  return {
    outcome: 'needs_review',
    reason: 'low_confidence',
    ...base,
    rule: `confidence ${pct(top.probability)} < suggest threshold ${pct(top.suggestThreshold)} of ${top.categoryName}`,
  };
}
