import type { Sql } from '../../platform/db/database.js';
import { enqueueEffect } from '../../platform/outbox/index.js';
import { enabledEndpointIds } from './notification-endpoints.js';
import { type Notification, slackMessageOf } from './slack-message.js';
import { WEBHOOK_NOTIFICATION, type WebhookNotificationPayload } from './webhook-notification-handler.js';

/**
 * Tells people about an exception: one outbox effect per enabled endpoint, written in the
 * caller's transaction, so the notification exists exactly when the escalation or failure
 * it reports does. Only escalations and failures call this, never every ticket: a channel
 * that announces every ticket is a channel nobody reads.
 *
 * Each endpoint has its own ordering and idempotency keys, so one endpoint that is down
 * delays nothing at the others. Returns how many effects it enqueued: 0 when no endpoint is
 * enabled, or when this key was notified before.
 */
export async function notify(tx: Sql, workspaceId: string, notification: Notification): Promise<number> {
  const message = slackMessageOf(notification);
  let enqueued = 0;
  for (const endpointId of await enabledEndpointIds(tx, workspaceId)) {
    const payload: WebhookNotificationPayload = { endpointId, message };
    const effect = await enqueueEffect(tx, {
      workspaceId,
      kind: WEBHOOK_NOTIFICATION,
      orderingKey: `${endpointId}:${notification.orderingKey}`,
      idempotencyKey: `${notification.key}@${endpointId}`,
      payload,
      enqueuedAt: notification.occurredAt,
    });
    if (effect.enqueued) enqueued++;
  }
  return enqueued;
}
