/**
 * Backtest (dry run): replays labelled tickets through training, prediction and the decision
 * policy, writing nothing, and reports what the policy would have done and what it would have cost
 * in human touches. Pure, like the classifier: the CLI feeds it CSV rows, the UI (later) the
 * workspace's own labelled history.
 */
import { type TrainingExample, trainModel } from '../classifier/index.js';
import type { Autonomy } from '../categories/index.js';
import type { DecisionPolicy } from './decide-action.js';
import { replayDecision } from './policy-replay.js';

export interface BacktestRow {
  subject?: string;
  body?: string;
  category: string;
}

export interface BacktestOptions {
  train: readonly BacktestRow[];
  test: readonly BacktestRow[];
  policy: DecisionPolicy;
  /** Autonomy per category; `auto` for every category when absent (the CSV mode). */
  autonomyOf?: (category: string) => Autonomy | undefined;
  /** Minutes a person spends on one ticket's category, for minutesSavedPer100 (default 1.5). */
  minutesPerTicket?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface BacktestReport {
  tickets: number;
  /** Share of tickets applied automatically, and the precision of those. */
  autoShare: number;
  autoPrecision: number;
  /** Share suggested, and the share of those whose right category was among the top 3. */
  suggestShare: number;
  suggestTop3Hit: number;
  /** Share sent to review for any reason (low confidence, out of scope, human-only). */
  reviewShare: number;
  reviewReasons: Record<string, number>;
  /** One touch per suggested or review ticket, plus one per wrongly applied one, per 100 tickets. */
  touchesPer100: number;
  minutesPerTicket: number;
  /** (100 − touchesPer100) × minutesPerTicket. */
  minutesSavedPer100: number;
  targetPrecision: number;
  trainSeconds: number;
}

export const DEFAULT_MINUTES_PER_TICKET = 1.5;

export function backtestDecisions(options: BacktestOptions): BacktestReport {
  const { test, policy } = options;
  const minutesPerTicket = options.minutesPerTicket ?? DEFAULT_MINUTES_PER_TICKET;
  if (!(minutesPerTicket >= 0)) throw new RangeError(`minutesPerTicket must be ≥ 0, got ${minutesPerTicket}`);
  if (test.length === 0) throw new RangeError('The backtest needs at least one test ticket.');
  const started = performance.now();
  const model = trainModel(options.train.map((row): TrainingExample => ({ ...row })));
  const trainSeconds = (performance.now() - started) / 1000;
  const autonomyOf = options.autonomyOf ?? (() => 'auto' as const);

  let applied = 0;
  let appliedRight = 0;
  let suggested = 0;
  let suggestedHit = 0;
  const reviewReasons: Record<string, number> = {};
  test.forEach((row, index) => {
    const decision = replayDecision(model, row, policy, autonomyOf);
    switch (decision.outcome) {
      case 'applied':
        applied++;
        if (decision.categoryId === row.category) appliedRight++;
        break;
      case 'suggested':
        suggested++;
        if (decision.suggestions.some((s) => s.categoryId === row.category)) suggestedHit++;
        break;
      case 'needs_review':
        reviewReasons[decision.reason] = (reviewReasons[decision.reason] ?? 0) + 1;
        break;
    }
    options.onProgress?.(index + 1, test.length);
  });

  const n = test.length;
  const review = n - applied - suggested;
  const touchesPer100 = ((suggested + review + (applied - appliedRight)) / n) * 100;
  return {
    tickets: n,
    autoShare: applied / n,
    autoPrecision: applied > 0 ? appliedRight / applied : 1,
    suggestShare: suggested / n,
    suggestTop3Hit: suggested > 0 ? suggestedHit / suggested : 0,
    reviewShare: review / n,
    reviewReasons,
    touchesPer100,
    minutesPerTicket,
    minutesSavedPer100: (100 - touchesPer100) * minutesPerTicket,
    targetPrecision: policy.targetPrecision,
    trainSeconds,
  };
}
