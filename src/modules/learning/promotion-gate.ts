/**
 * The promotion gate: whether a challenger that shadowed the champion on live tickets may replace
 * it. Pure: the scores come from `scoreShadow` over (label, champion's top category, challenger's
 * top category) rows, the policy from the workspace's settings.
 */

export interface PromotionPolicy {
  /** 'auto': a challenger that passes is promoted at once; 'approval': it waits for an owner. */
  mode: 'auto' | 'approval';
  /** Labelled shadow tickets needed before the gate decides anything. */
  minSample: number;
  /** Labelled shadow tickets a category needs before it is compared on its own. */
  minCategorySample: number;
  /** How much worse than the champion the challenger may be on one category (accuracy, 0–1). */
  categoryTolerance: number;
}

export const DEFAULT_PROMOTION_POLICY: PromotionPolicy = {
  mode: 'approval',
  minSample: 30,
  minCategorySample: 10,
  categoryTolerance: 0.02,
};

/** One labelled shadow ticket: its latest human label and each model's top category. */
export interface ShadowOutcome {
  gold: string;
  champion: string | null;
  challenger: string | null;
}

export interface Accuracy {
  sample: number;
  correct: number;
  /** Null over no tickets. */
  accuracy: number | null;
}

export interface ModelScores {
  overall: Accuracy;
  /** By the label's category: the share of that category's tickets the model got right. */
  perCategory: Record<string, Accuracy>;
}

export interface GateCheck {
  /** 'overall' or the category id. */
  metric: string;
  sample: number;
  champion: number | null;
  challenger: number | null;
  pass: boolean;
  reason: string;
}

export type GateVerdict = 'pass' | 'fail' | 'insufficient_sample';

export interface GateResult {
  verdict: GateVerdict;
  pass: boolean;
  sample: number;
  checks: GateCheck[];
}

const accuracyOf = (correct: number, sample: number): Accuracy => ({
  sample,
  correct,
  accuracy: sample === 0 ? null : correct / sample,
});

function scoresOf(outcomes: readonly ShadowOutcome[], pick: (o: ShadowOutcome) => string | null) {
  const byCategory = new Map<string, { sample: number; correct: number }>();
  let correct = 0;
  for (const outcome of outcomes) {
    const right = pick(outcome) === outcome.gold;
    if (right) correct++;
    const entry = byCategory.get(outcome.gold) ?? { sample: 0, correct: 0 };
    entry.sample++;
    if (right) entry.correct++;
    byCategory.set(outcome.gold, entry);
  }
  const perCategory: Record<string, Accuracy> = {};
  for (const [category, e] of [...byCategory].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    perCategory[category] = accuracyOf(e.correct, e.sample);
  return { overall: accuracyOf(correct, outcomes.length), perCategory };
}

/** Both models' accuracy on the same labelled shadow tickets. */
export function scoreShadow(outcomes: readonly ShadowOutcome[]): {
  champion: ModelScores;
  challenger: ModelScores;
} {
  return {
    champion: scoresOf(outcomes, (o) => o.champion),
    challenger: scoresOf(outcomes, (o) => o.challenger),
  };
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

/**
 * Passes only when the challenger is at least as accurate overall and no category with at least
 * `minCategorySample` labelled tickets is worse by more than `categoryTolerance`. Below
 * `minSample` it decides nothing: the challenger keeps shadowing.
 */
export function evaluatePromotionGate(
  champion: ModelScores,
  challenger: ModelScores,
  policy: PromotionPolicy,
): GateResult {
  const sample = challenger.overall.sample;
  if (sample < policy.minSample) {
    return {
      verdict: 'insufficient_sample',
      pass: false,
      sample,
      checks: [
        {
          metric: 'overall',
          sample,
          champion: champion.overall.accuracy,
          challenger: challenger.overall.accuracy,
          pass: false,
          reason: `${sample} of ${policy.minSample} labelled shadow tickets so far; the challenger keeps shadowing`,
        },
      ],
    };
  }
  const overallPass = (challenger.overall.accuracy ?? 0) >= (champion.overall.accuracy ?? 0);
  const checks: GateCheck[] = [
    {
      metric: 'overall',
      sample,
      champion: champion.overall.accuracy,
      challenger: challenger.overall.accuracy,
      pass: overallPass,
      reason: overallPass
        ? `overall ${pct(challenger.overall.accuracy)} is at least the champion's ${pct(champion.overall.accuracy)}`
        : `overall ${pct(challenger.overall.accuracy)} is below the champion's ${pct(champion.overall.accuracy)}`,
    },
  ];
  for (const [category, theirs] of Object.entries(challenger.perCategory)) {
    if (theirs.sample < policy.minCategorySample) continue;
    const ours = champion.perCategory[category]!;
    const drop = (ours.accuracy ?? 0) - (theirs.accuracy ?? 0);
    const pass = drop <= policy.categoryTolerance + 1e-12;
    checks.push({
      metric: category,
      sample: theirs.sample,
      champion: ours.accuracy,
      challenger: theirs.accuracy,
      pass,
      reason: pass
        ? `${pct(theirs.accuracy)} against the champion's ${pct(ours.accuracy)} on ${theirs.sample} tickets`
        : `${pct(theirs.accuracy)} is more than ${pct(policy.categoryTolerance)} below the champion's ${pct(ours.accuracy)} on ${theirs.sample} tickets`,
    });
  }
  const pass = checks.every((c) => c.pass);
  return { verdict: pass ? 'pass' : 'fail', pass, sample, checks };
}
