export { type AnswerPair, cohensKappa, kappaPerCategory, NONE_FITS } from './cohens-kappa.js';
export { dueAt, isOverdue } from './due-at.js';
export { claimItem, releaseItem } from './review-claims.js';
export type { ReviewerContext } from './review-item-lock.js';
export { openReviewItem, supersedeOpenReviewItem } from './review-items.js';
export { type AgreementReport, reviewAgreement } from './review-agreement.js';
export { reviewQueueRoutes } from './review-queue-routes.js';
export {
  adoptDefaultQueue,
  archiveQueue,
  assignCategoryToQueue,
  createQueue,
  ensureDefaultQueue,
  type ReviewQueue,
  setQueueMembers,
  updateQueue,
} from './review-queues.js';
export {
  listQueueSummaries,
  type QueueSummary,
  listReviewItems,
  listSecondReviewsFor,
  type ReviewQueueItem,
} from './review-read-model.js';
export { type ReviewDeps, reviewRoutes } from './review-routes.js';
export { reviewSettings, updateReviewSettings } from './review-settings.js';
export { bulkResolve, type ResolvedItem, type ReviewResolution, resolveItem } from './resolve-items.js';
export { sampledForSecondReview, samplingPoint } from './second-review-sampling.js';
