// Escalation: an overdue review item or a dead letter handed to a named owner with a
// deadline — the queue's owner first (level 1), then its fallback owner (level 2).
export { type SweepResult, escalateOverdue } from './escalate-overdue.js';
export { escalationSweepJob } from './escalation-sweep-job.js';
export {
  type EscalationLevel,
  levelOneOwner,
  levelTwoOwner,
  mayResolve,
  type Ownership,
  type Person,
  type QueueOwners,
} from './escalation-owner.js';
export {
  type EscalationCounts,
  type EscalationView,
  getEscalation,
  listEscalations,
} from './escalations-read-model.js';
export { escalationsRoutes } from './escalations-routes.js';
export { openDeadLetterEscalation } from './open-dead-letter-escalation.js';
export { type EscalationDeps, resolveEscalation } from './resolve-escalation.js';
