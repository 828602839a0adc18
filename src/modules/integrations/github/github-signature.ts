import { createHmac, timingSafeEqual } from 'node:crypto';

// GitHub signs each webhook delivery with the webhook's secret: `X-Hub-Signature-256` is
// `sha256=` and the hex HMAC-SHA256 of the raw body
// (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries). GitHub
// signs no timestamp, so a replay is caught by the delivery id (X-GitHub-Delivery), which the
// platform stores once per connection.

export function githubSignature(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function githubSignatureMatches(secret: string, rawBody: Buffer, given: string | undefined): boolean {
  if (given === undefined) return false;
  const expected = Buffer.from(githubSignature(secret, rawBody));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
