import { createHmac, timingSafeEqual } from 'node:crypto';

// The generic webhook's signature, the same scheme as Triage's own outgoing notifications:
// HMAC-SHA256 with the connection's inbound secret over `<timestamp>.<raw body>`, hex, sent
// as `X-Triage-Signature: sha256=<hex>` beside `X-Triage-Timestamp` (Unix seconds). Signing
// the timestamp lets us refuse a captured delivery replayed later.

/** Deliveries older (or further in the future) than this are refused as possible replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function genericSignature(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
