import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, parseRetryAfter, retryDelayMs } from './retry-delay.js';

describe('retryDelayMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('honours Retry-After in seconds or as an HTTP date, capped', () => {
    expect(retryDelayMs(0, 500, '2', now)).toBe(2000);
    expect(retryDelayMs(3, 500, 'Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryDelayMs(0, 500, '3600', now)).toBe(MAX_RETRY_DELAY_MS);
    expect(parseRetryAfter('Thu, 01 Jan 2025 00:00:05 GMT', now)).toBe(0);
  });

  it('backs off exponentially with jitter when the server says nothing usable', () => {
    for (const header of [null, '', 'soon']) {
      const delay = retryDelayMs(2, 100, header, now);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(600);
    }
  });
});
