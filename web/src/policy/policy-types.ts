// The Policy page's shapes, straight from the server's types (type-only: nothing enters the bundle).
import type { Autonomy } from '../../../src/modules/categories/index.js';
import type {
  CategoryReadiness,
  DecisionPolicy,
  ReadinessReport,
  WorkloadForecast,
  WorkspaceBacktestReport,
} from '../../../src/modules/decisions/index.js';

export type { Autonomy, CategoryReadiness, DecisionPolicy, ReadinessReport, WorkloadForecast };
export type BacktestReport = WorkspaceBacktestReport;
export type QueueForecast = WorkloadForecast['queues'][number];

/** The body of POST /api/v1/decision-policy/backtest. */
export interface BacktestRequest {
  targetPrecision?: number;
  autonomy?: Record<string, Autonomy>;
}
