// label-history first: its schemas are used by review and disputes, which this module's routes
// reach through decisions, so it must be evaluated before the rest of the cycle.
export {
  labelLearningSchema,
  ONLINE_LABEL_KINDS,
  type TicketLabelView,
  ticketLabelSchema,
  ticketLabels,
} from './label-history.js';
export { ChallengerCache } from './challenger-cache.js';
export {
  type Label,
  type LabelKind,
  type LabelReasonCode,
  labelReasonCodes,
  latestLabelOf,
  recordImportLabels,
  recordLabel,
} from './labels.js';
export { learningRoutes } from './learning-routes.js';
export {
  checkPromotionGate,
  type GateOutcome,
  promoteModel,
  rollbackChampion,
  workspacesWithChallenger,
} from './model-lifecycle.js';
export {
  type CatchUpBacklog,
  ChampionCache,
  type ChampionModel,
  type LabelLearning,
  learningOfLabel,
  championVersion,
  type LoadedModel,
  listModelVersions,
  type ModelVersion,
  unreadableChampions,
} from './model-registry.js';
export {
  listRegisteredModels,
  type ModelDetail,
  modelDetail,
  type RegisteredModel,
} from './model-registry-read-model.js';
export { modelRegistryRoutes } from './model-registry-routes.js';
export { predictTicket, type TicketPrediction, ticketPredictor } from './predict-ticket.js';
export {
  DEFAULT_PROMOTION_POLICY,
  evaluatePromotionGate,
  type GateResult,
  type PromotionPolicy,
} from './promotion-gate.js';
export { promotionPolicyOf, updatePromotionPolicy } from './promotion-policy-store.js';
export { retrainDueWorkspaces } from './retrain-job.js';
export { recordShadowPrediction } from './shadow-predictions.js';
export {
  type LabelResolution,
  labelledTickets,
  resolveTicketLabel,
  type TicketLabel,
  type TrainingLabels,
  trainingLabels,
} from './training-labels.js';
export { type TrainingResult, type TrainingStep, trainWorkspaceModel } from './train-workspace-model.js';
export { latestTrainingRun, type TrainingRun, trainingSteps } from './training-runs.js';
