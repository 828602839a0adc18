export { type DisputeViewer, getDispute, listDisputes } from './dispute-read-model.js';
export {
  type DisputeList,
  type DisputeListView,
  type DisputeOutcome,
  type DisputeStatus,
  type DisputeView,
  disputeOutcomes,
  disputeStatuses,
  disputeViews,
} from './dispute-schemas.js';
export {
  type DisputeCaller,
  type DisputeDeps,
  raiseDispute,
  ruleDispute,
  withdrawDispute,
} from './dispute-service.js';
export { disputesRoutes } from './disputes-routes.js';
export { type RulingRight, rulingRight } from './ruling-right.js';
