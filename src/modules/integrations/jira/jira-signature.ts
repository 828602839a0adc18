import { createHmac, timingSafeEqual } from 'node:crypto';

// Jira Cloud signs an admin webhook registered with a secret: X-Hub-Signature is
// `sha256=<hex HMAC-SHA256(secret, raw body)>`, the WebSub signature format
// (https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks).

export function jiraSignature(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function jiraSignatureMatches(secret: string, rawBody: Buffer, given: string): boolean {
  const expected = Buffer.from(jiraSignature(secret, rawBody));
  const actual = Buffer.from(given.trim().toLowerCase());
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
