import { parseRetryAfter } from './backoff.js';
import type { DeliveryResult } from './effect.js';

// How an HTTP answer maps onto the outbox's outcomes, shared by every handler that calls
// another system over HTTP (webhook notifications, helpdesk write-backs).

/** Enough of an error body to tell what the receiver disliked (Slack answers e.g. "no_service"). */
const ERROR_BODY_CHARS = 300;

export async function deliveryResultOfResponse(response: Response, now: Date): Promise<DeliveryResult> {
  const httpStatus = response.status;
  if (httpStatus >= 200 && httpStatus < 300) {
    await response.body?.cancel();
    return { outcome: 'delivered', httpStatus };
  }
  const error = `HTTP ${httpStatus}${await errorBodyOf(response)}`;
  if (httpStatus === 408 || httpStatus === 429 || httpStatus >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    return { outcome: 'retry', error, httpStatus, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (httpStatus >= 300 && httpStatus < 400) {
    return { outcome: 'failed', error: `${error} (redirects are not followed)`, httpStatus };
  }
  // Any other 4xx: the receiver refuses this request as it is; sending it again cannot help.
  return { outcome: 'failed', error, httpStatus };
}

/** A request that got no answer (refused, reset, DNS, timeout) may well succeed later. */
export function deliveryResultOfError(error: unknown): DeliveryResult {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return { outcome: 'retry', error: 'No answer in time (the request was aborted).' };
  }
  // fetch reports "fetch failed" and hides the reason in `cause`; the URL is left out on
  // purpose (a webhook URL is a credential).
  const reason = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
  return { outcome: 'retry', error: `Network error: ${reason}` };
}

async function errorBodyOf(response: Response): Promise<string> {
  try {
    const reader = response.body?.getReader();
    if (!reader) return '';
    const decoder = new TextDecoder();
    let text = '';
    while (text.length < ERROR_BODY_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    const trimmed = text.replace(/\s+/g, ' ').trim().slice(0, ERROR_BODY_CHARS);
    return trimmed ? `: ${trimmed}` : '';
  } catch {
    return '';
  }
}
