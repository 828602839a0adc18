export { openReviewItem } from './review-items.js';
export { reviewRoutes } from './review-routes.js';
export {
  type ReviewDeps,
  type ReviewQueueItem,
  type ReviewResolution,
  resolveReviewItem,
  reviewQueue,
} from './review-service.js';
