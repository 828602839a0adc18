// When to try a failed effect again: exponential back-off with "full jitter" (a uniformly
// random delay between zero and the exponential ceiling). The randomness spreads the
// retries of many effects that failed together (an endpoint outage) so they do not all
// hit the receiver again at the same moment.

export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay is longer than this. */
  capMs: number;
}

/** A receiver may ask for a pause (Retry-After); we honour it up to a day. */
export const RETRY_AFTER_LIMIT_MS = 24 * 3_600_000;

/** The ceiling for the retry after `attempt` (1-based) failed attempts: min(cap, base · 2^(attempt-1)). */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, attempt - 1);
  // 2^exponent overflows to Infinity long after it passed any cap; min() handles that.
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/**
 * The delay before the next attempt after `attempt` failed attempts. `random` returns a
 * number in [0, 1) (Math.random in production, a fixed sequence in tests). A Retry-After
 * from the receiver is a floor: we never come back sooner than it asked.
 */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const jittered = Math.floor(random() * backoffCeilingMs(attempt, policy));
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, RETRY_AFTER_LIMIT_MS));
}

/**
 * Reads an HTTP Retry-After header: delay-seconds ("120") or an HTTP date. Returns
 * milliseconds from `now`, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10) * 1000;
  // An HTTP date names its weekday and month; Date.parse alone would take "-5" for a year.
  const at = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
