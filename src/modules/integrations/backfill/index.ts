// Backfill: a connection's past tickets with the categories they ended with, imported page by page
// as history to train the first model (see docs/integrations/*.md, "Backfill").
export {
  BACKFILL_MAX_ATTEMPTS,
  type BackfillJobOptions,
  type BackfillTick,
  runDueBackfills,
} from './backfill-job.js';
export { backfillRoutes } from './backfill-routes.js';
export { type BackfillRunView, backfillRunView, backfillRunViewSchema } from './backfill-schemas.js';
export { changeBackfill, MAX_BACKFILL_MONTHS, monthsBefore, startBackfill } from './backfill-service.js';
export {
  type BackfillCounts,
  type BackfillRun,
  type BackfillStatus,
  getBackfillRun,
} from './backfill-store.js';
