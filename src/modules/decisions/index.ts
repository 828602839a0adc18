export * from './decide-action.js';
export {
  type DecidedTicket,
  type DecideTicketDeps,
  type DecisionHook,
  decideTicket,
  previewDecision,
} from './decide-ticket.js';
export { type RedecideTrigger, redecideTicket } from './redecide-ticket.js';
export {
  type EscalatedDecisionInput,
  type EscalationReason,
  recordEscalatedDecision,
} from './record-escalated-decision.js';
export { type RelabelRequestInput, recordRelabelRequest } from './record-relabel-request.js';
export { decisionPolicyRoutes } from './decision-policy-routes.js';
export { decisionPolicyOf, updateDecisionPolicy } from './decision-policy-store.js';
export {
  type BacktestReport,
  type BacktestRow,
  backtestDecisions,
  DEFAULT_MINUTES_PER_TICKET,
} from './backtest.js';
export { backtestWorkspace, type WorkspaceBacktestReport } from './backtest-workspace.js';
export { forecastWorkload, type WorkloadForecast } from './forecast-workload.js';
export {
  type CategoryReadiness,
  categoryReadiness,
  type ReadinessReport,
  type ReadinessStatus,
} from './category-readiness.js';
