import { createHmac, timingSafeEqual } from 'node:crypto';

// Zendesk signs each webhook request: X-Zendesk-Webhook-Signature is
// base64(HMAC-SHA256(signing secret, timestamp + raw body)) with the timestamp sent as
// X-Zendesk-Webhook-Signature-Timestamp (https://developer.zendesk.com/documentation/webhooks/verifying/).
// Signing the timestamp lets us refuse a captured request replayed later.

/** Requests whose timestamp is further than this from our clock are refused as possible replays. */
export const ZENDESK_SIGNATURE_TOLERANCE_SECONDS = 300;

export function zendeskSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(timestamp).update(rawBody).digest('base64');
}

export function zendeskSignatureMatches(
  secret: string,
  timestamp: string,
  rawBody: Buffer,
  given: string,
): boolean {
  const expected = Buffer.from(zendeskSignature(secret, timestamp, rawBody));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
