// Rollout: the AI reaches people in steps — cohorts (waves of people, one optional control),
// a stage per cohort × category (off → shadow → suggest → auto), gates as data that a step up
// must pass before people other than the requester approve it, and automatic rollback of a
// live stage whose gates are breached.
export { checkRollout, type RolloutCheckResult, rolloutActor } from './check-rollout.js';
export { rollBackStage } from './roll-back-stage.js';
export { OWNER_NOTICE_EMAIL } from './rollback-notice.js';
export { rolloutCheckJob } from './rollout-check-job.js';
export {
  addCohortMembers,
  createCohort,
  removeCohortMember,
  setDefaultStage,
  setGates,
} from './rollout-cohorts.js';
export {
  breachedGates,
  DEFAULT_GATES,
  evaluateGates,
  type Gate,
  type GateMetric,
  type GateResult,
  type Stage,
  stages,
} from './rollout-gates.js';
export { type Ladder, rolloutHistory, rolloutLadder } from './rollout-read-model.js';
export { rolloutRoutes } from './rollout-routes.js';
export { approveStepUp, requestStepUp, type StepUpView } from './rollout-step-ups.js';
export type { RolloutDeps } from './rollout-store.js';
export { type TicketStage, ticketStage } from './ticket-stage.js';
