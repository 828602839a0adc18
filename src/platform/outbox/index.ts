// The outbox: side effects on other systems, written in the transaction of the decision
// that causes them and delivered by the worker with retries, back-off and dead letters.
//
// "A retry never repeats an effect" rests on two things: this side never delivers a row
// marked delivered again (results are recorded only under a live lease), and every
// delivery carries the effect's idempotency key (webhooks: the Idempotency-Key header),
// which the receiver honours. A worker that dies after the receiver applied an effect but
// before the result was recorded causes a second delivery with the same key; a receiver
// that ignores the key (Slack's incoming webhooks do) can then show it twice.

export {
  type BackoffPolicy,
  backoffCeilingMs,
  parseRetryAfter,
  RETRY_AFTER_LIMIT_MS,
  retryDelayMs,
} from './backoff.js';
export { outboxActor } from './dead-letter.js';
export {
  type DeliveryOptions,
  type DeliveryRun,
  deliverDueEffects,
  type OutboxPolicy,
} from './deliver-due-effects.js';
export {
  type AttemptOutcome,
  attemptOutcomes,
  type ClaimedEffect,
  type DeadLetter,
  type DeadLetterHook,
  type DeliveryResult,
  type EffectHandler,
  type EffectHandlers,
  type EffectStatus,
  effectStatuses,
  type HandlerContext,
} from './effect.js';
export { enqueueEffect, type NewEffect } from './enqueue-effect.js';
export { deliveryResultOfError, deliveryResultOfResponse } from './http-delivery-result.js';
export { outboxRoutes } from './outbox-routes.js';
export {
  type EffectAttempt,
  type EffectDetail,
  type EffectListQuery,
  type EffectSummary,
  getEffect,
  listEffects,
} from './outbox-read-model.js';
export { type OutboxDeps, replayDeadLetter } from './replay-dead-letter.js';
