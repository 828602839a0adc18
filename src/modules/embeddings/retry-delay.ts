/** How long to wait before retry number `attempt + 1`. */

// A Retry-After longer than this is not waited out: the request fails and the caller decides.
export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * The server's Retry-After when it gave one (seconds or an HTTP date), else exponential back-off from
 * `baseMs` with up to 50% random jitter, so that several processes retrying at once spread out.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  retryAfter: string | null,
  now: number = Date.now(),
): number {
  const told = parseRetryAfter(retryAfter, now);
  if (told !== undefined) return Math.min(told, MAX_RETRY_DELAY_MS);
  const backOff = baseMs * 2 ** attempt;
  return Math.min(MAX_RETRY_DELAY_MS, backOff * (1 + Math.random() * 0.5));
}

/** Milliseconds from a Retry-After header, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
