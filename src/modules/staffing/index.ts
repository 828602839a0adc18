// Staffing: who owns what (categories, review queues, the last resort for escalations), the
// on-call rota for exceptions with `onCallAt` for the escalation path, and the recommended
// staffing — 0.2 of one person per 50 users, corrected by the measured exception load.
export { type OnCallShift, onCallFrom, type Override, type Rotation, upcomingShifts } from './on-call.js';
export {
  addOverride,
  type OnCallPerson,
  onCallAt,
  removeOverride,
  type RotaDeps,
  setRotation,
} from './on-call-rota.js';
export {
  RULE_OF_THUMB,
  recommendStaffing,
  type StaffingInputs,
  type StaffingRecommendation,
} from './recommend-staffing.js';
export { type StaffingDeps, type StaffingPlan, staffingPlan } from './staffing-plan.js';
export { staffingRoutes } from './staffing-routes.js';
