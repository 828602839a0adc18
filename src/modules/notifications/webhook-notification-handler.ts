import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import {
  type ClaimedEffect,
  type DeliveryResult,
  deliveryResultOfError,
  deliveryResultOfResponse,
  type EffectHandler,
} from '../../platform/outbox/index.js';
import { endpointForDelivery } from './notification-endpoints.js';

/** The outbox kind of a notification sent to one webhook endpoint. */
export const WEBHOOK_NOTIFICATION = 'webhook.notification';

export const webhookNotificationPayload = z.object({
  endpointId: z.uuid(),
  /** The Slack-compatible body, rendered when the notification was decided. */
  message: z.object({ text: z.string(), blocks: z.array(z.record(z.string(), z.unknown())) }),
});
export type WebhookNotificationPayload = z.infer<typeof webhookNotificationPayload>;

/**
 * The signature a receiver checks: HMAC-SHA256 with the endpoint's secret over
 * `<timestamp>.<body>`, hex, sent as `X-Triage-Signature: sha256=<hex>` beside
 * `X-Triage-Timestamp` (seconds). Signing the timestamp lets a receiver refuse old replays.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function headersOf(effect: ClaimedEffect, secret: string | null, body: string, now: Date) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'Triage-Outbox/1',
    // The same on every attempt: a receiver that saw it already must not apply it again.
    'idempotency-key': effect.idempotencyKey,
    'x-triage-delivery': effect.id,
    'x-triage-attempt': String(effect.attempt),
    'x-triage-timestamp': String(timestamp),
    ...(secret ? { 'x-triage-signature': webhookSignature(secret, timestamp, body) } : {}),
  };
}

const failed = (error: string): DeliveryResult => ({ outcome: 'failed', error });

/**
 * POSTs a notification to its endpoint. 2xx is delivered; a network error, timeout, 408,
 * 429 or 5xx is retried (honouring Retry-After); any other answer is permanent.
 */
export function webhookNotificationHandler(deps: {
  db: Database;
  clock: Clock;
  timeoutMs: number;
}): EffectHandler {
  return async (effect, { signal }) => {
    const payload = webhookNotificationPayload.safeParse(effect.payload);
    if (!payload.success) return failed('The payload is not a webhook notification.');
    const endpoint = await endpointForDelivery(deps.db, effect.workspaceId, payload.data.endpointId);
    if (!endpoint) return failed('The notification endpoint no longer exists.');
    if (!endpoint.enabled) return failed('The notification endpoint is disabled.');
    const body = JSON.stringify(payload.data.message);
    const now = deps.clock.now();
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: headersOf(effect, endpoint.secret, body, now),
        body,
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(deps.timeoutMs)]),
      });
      return await deliveryResultOfResponse(response, now);
    } catch (error) {
      return deliveryResultOfError(error);
    }
  };
}
