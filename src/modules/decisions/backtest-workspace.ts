import type { Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { type Autonomy, listCategories } from '../categories/index.js';
import { TrainingError } from '../classifier/index.js';
import { labelledTickets } from '../learning/index.js';
import { type BacktestReport, backtestDecisions } from './backtest.js';
import type { DecisionPolicy } from './decide-action.js';
import { decisionPolicyOf } from './decision-policy-store.js';

export interface WorkspaceBacktestOptions {
  /** Try another target precision than the workspace's. */
  targetPrecision?: number;
  /** Try other autonomies, by category id, e.g. before raising one to `auto`. */
  autonomy?: Record<string, Autonomy>;
  /** Share of the newest labelled tickets replayed; the older ones train the model. */
  testShare?: number;
  minutesPerTicket?: number;
}

export interface WorkspaceBacktestReport extends BacktestReport {
  trainTickets: number;
  policy: DecisionPolicy;
  /** Per category, the autonomy the replay used. */
  autonomy: Record<string, Autonomy>;
}

const DEFAULT_TEST_SHARE = 0.2;
const MIN_TEST_TICKETS = 20;

/**
 * The backtest on the workspace's own labelled history with its real policy (or a proposed change
 * to it): trained on the older tickets, replayed on the newest, so it answers "what would have
 * happened last month" before anyone raises a category's autonomy. Writes nothing.
 */
export async function backtestWorkspace(
  sql: Sql,
  workspaceId: string,
  options: WorkspaceBacktestOptions = {},
): Promise<WorkspaceBacktestReport> {
  const [examples, categories, current] = await Promise.all([
    labelledTickets(sql, workspaceId),
    listCategories(sql, workspaceId),
    decisionPolicyOf(sql, workspaceId),
  ]);
  const testShare = options.testShare ?? DEFAULT_TEST_SHARE;
  const testCount = Math.round(examples.length * testShare);
  if (testCount < MIN_TEST_TICKETS) {
    throw new AppError(
      'training_impossible',
      `A backtest needs at least ${MIN_TEST_TICKETS} labelled tickets to replay; this workspace has ${examples.length} labelled tickets in all.`,
    );
  }
  const known = new Set(categories.map((c) => c.id));
  for (const id of Object.keys(options.autonomy ?? {})) {
    if (!known.has(id))
      throw new AppError('unknown_category', `There is no live category "${id}" in this workspace.`);
  }
  const autonomy = Object.fromEntries(categories.map((c) => [c.id, options.autonomy?.[c.id] ?? c.autonomy]));
  const policy = { ...current, targetPrecision: options.targetPrecision ?? current.targetPrecision };
  try {
    const report = backtestDecisions({
      train: examples.slice(0, examples.length - testCount),
      test: examples.slice(examples.length - testCount),
      policy,
      autonomyOf: (id) => autonomy[id],
      minutesPerTicket: options.minutesPerTicket,
    });
    return { ...report, trainTickets: examples.length - testCount, policy, autonomy };
  } catch (error) {
    if (error instanceof TrainingError) {
      throw new AppError('training_impossible', `Cannot backtest yet: ${error.message}`, {
        reason: error.reason,
      });
    }
    throw error;
  }
}
