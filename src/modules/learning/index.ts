export { type Label, type LabelKind, latestLabelOf, recordImportLabels, recordLabel } from './labels.js';
export { learningRoutes } from './learning-routes.js';
export {
  ChampionCache,
  championVersion,
  type LoadedModel,
  listModelVersions,
  type ModelVersion,
  unreadableChampions,
} from './model-registry.js';
export { predictTicket, type TicketPrediction } from './predict-ticket.js';
export { type TrainingResult, type TrainingStep, trainWorkspaceModel } from './train-workspace-model.js';
