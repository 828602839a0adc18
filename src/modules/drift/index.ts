// Drift watch: the model's world changing under it — confidence sliding down, the category mix
// shifting from the training labels, more tickets out of scope, and clusters of similar
// unmatched tickets (candidate new categories) — each an alert with an owner, sent as a webhook.
export {
  type DriftActorContext,
  type DriftDeps,
  acknowledgeDriftAlert,
  resolveDriftAlert,
} from './act-on-drift-alert.js';
export { checkDrift, DRIFT_DEFAULTS, type DriftCheckResult, type DriftSettings } from './check-drift.js';
export { clusterTickets, type TicketCluster, type UnmatchedTicket } from './cluster-tickets.js';
export { driftCheckJob } from './drift-check-job.js';
export { driftOwnerSetting, setDriftOwner } from './drift-owner-setting.js';
export { type DriftAlertView, getDriftAlert, listDriftAlerts } from './drift-read-model.js';
export { driftRoutes } from './drift-routes.js';
