// The decision-level figures on Banking77, beside the classifier's: what the policy does at a 0.99
// target precision (the `triage backtest` contract) and how the out-of-scope detector fares when
// some intents are unknown to the model. Pure computation; the runner prints and writes them.
import {
  backtestDecisions,
  type BacktestReport,
  DEFAULT_DECISION_POLICY,
} from '../../src/modules/decisions/index.js';
import {
  evaluateClassifier,
  type EvaluationReport,
  type LabelledRow,
} from '../../src/modules/evaluation/index.js';

export const OUT_OF_SCOPE_LABEL = 'oos';
/** Every eighth intent in sorted order (10 of 77) is held out: unknown to the model, expected flagged. */
const HOLD_OUT_EVERY = 8;

export interface PolicyBenchResult {
  backtest: BacktestReport;
  outOfScope: { heldOutIntents: string[]; report: EvaluationReport };
}

export function heldOutIntents(rows: readonly LabelledRow[]): string[] {
  const intents = [...new Set(rows.map((row) => row.category))].sort();
  return intents.filter((_, index) => index % HOLD_OUT_EVERY === 0);
}

export function runPolicyBench(
  train: readonly LabelledRow[],
  test: readonly LabelledRow[],
): PolicyBenchResult {
  const backtest = backtestDecisions({
    train,
    test,
    policy: { ...DEFAULT_DECISION_POLICY, targetPrecision: 0.99 },
  });
  const held = new Set(heldOutIntents(train));
  const relabel = (row: LabelledRow) =>
    held.has(row.category) ? { ...row, category: OUT_OF_SCOPE_LABEL } : row;
  const report = evaluateClassifier({
    train: train.filter((row) => !held.has(row.category)),
    test: test.map(relabel),
    outOfScopeLabel: OUT_OF_SCOPE_LABEL,
  });
  return { backtest, outOfScope: { heldOutIntents: [...held], report } };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

export function policyBenchMarkdown(result: PolicyBenchResult): string {
  const b = result.backtest;
  const o = result.outOfScope.report;
  return [
    '## Decision policy on Banking77 (`triage backtest`)',
    '',
    'Full training set, all 3,080 test rows replayed through training, prediction and the decision policy, ' +
      'every intent `auto`, thresholds fitted to target precision 0.99 on the model’s cross-fitted held-out ' +
      'predictions. The command is `npx triage backtest --train train.csv --test test.csv --target-precision 0.99`.',
    '',
    '| figure | value | issue target |',
    '| --- | ---: | --- |',
    `| autoShare (applied alone) | ${pct(b.autoShare)} | ≥ 60 % |`,
    `| autoPrecision | ${pct(b.autoPrecision)} | ≥ 98.5 % |`,
    `| suggestShare | ${pct(b.suggestShare)} | |`,
    `| suggestTop3Hit | ${pct(b.suggestTop3Hit)} | |`,
    `| reviewShare | ${pct(b.reviewShare)} | |`,
    `| touchesPer100 | ${b.touchesPer100.toFixed(1)} | ≤ 45 |`,
    `| minutesSavedPer100 (1.5 min per ticket) | ${b.minutesSavedPer100.toFixed(1)} | |`,
    '',
    '## Out of scope: Banking77 with 10 intents unknown to the model',
    '',
    `Intents held out of training (every eighth in sorted order): ${result.outOfScope.heldOutIntents.join(', ')}. ` +
      'Their test rows are labelled out of scope; the detector is fitted on in-scope training data only ' +
      '(no out-of-scope examples), with its default settings.',
    '',
    '| figure | value |',
    '| --- | ---: |',
    `| out-of-scope recall (held-out intents flagged) | ${pct(o.outOfScope?.recall ?? 0)} |`,
    `| in-scope accuracy (right and not flagged) | ${pct(o.outOfScope?.inScopeAccuracy ?? 0)} |`,
    `| in-scope rows flagged | ${pct(o.inScopeFlagRate)} |`,
    `| accuracy on in-scope rows (no abstention) | ${pct(o.accuracy)} |`,
    `| coverage at precision 0.99 (all rows; flagged never applied) | ${pct(o.coverageAtPrecision['0.99'])} |`,
    '',
    'These held-out intents are banking questions like the trained ones ("near" out of scope), the hardest ' +
      'kind; texts from another domain are flagged far more often (see src/modules/classifier/out-of-scope.ts).',
  ].join('\n');
}

export function policyBenchConsole(result: PolicyBenchResult): string {
  const b = result.backtest;
  const o = result.outOfScope.report;
  return [
    'Backtest at target precision 0.99',
    `  autoShare ${pct(b.autoShare)}  autoPrecision ${pct(b.autoPrecision)}  suggestShare ${pct(b.suggestShare)}`,
    `  reviewShare ${pct(b.reviewShare)}  touchesPer100 ${b.touchesPer100.toFixed(1)}  minutesSavedPer100 ${b.minutesSavedPer100.toFixed(1)}`,
    'Out of scope (10 intents held out)',
    `  recall ${pct(o.outOfScope?.recall ?? 0)}  in-scope accuracy ${pct(o.outOfScope?.inScopeAccuracy ?? 0)}  in-scope flagged ${pct(o.inScopeFlagRate)}`,
  ].join('\n');
}
