import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, parseRetryAfter, RETRY_AFTER_LIMIT_MS, retryDelayMs } from './backoff.js';

const policy = { baseMs: 1_000, capMs: 60_000 };
const always = (value: number) => () => value;

describe('back-off', () => {
  it('doubles the ceiling per failed attempt, starting at the base', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffCeilingMs(a, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000,
    ]);
  });

  it('never lets the ceiling pass the cap, even for absurd attempt numbers', () => {
    expect(backoffCeilingMs(7, policy)).toBe(60_000);
    expect(backoffCeilingMs(5_000, policy)).toBe(60_000);
  });

  it('draws the delay uniformly between zero and the ceiling (full jitter)', () => {
    expect(retryDelayMs(3, policy, always(0))).toBe(0);
    expect(retryDelayMs(3, policy, always(0.5))).toBe(2_000);
    expect(retryDelayMs(3, policy, always(0.999_999))).toBe(3_999);
  });

  it('spreads the retries of effects that failed together', () => {
    let state = 42;
    // A small LCG: deterministic, but varied like Math.random.
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const delays = Array.from({ length: 200 }, () => retryDelayMs(4, policy, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(8_000);
    expect(new Set(delays).size).toBeGreaterThan(150);
  });

  it('waits at least as long as a Retry-After asks, up to a day', () => {
    expect(retryDelayMs(1, policy, always(0.5), 30_000)).toBe(30_000);
    expect(retryDelayMs(6, policy, always(0.9), 1_000)).toBe(28_800);
    expect(retryDelayMs(1, policy, always(0), 10 * RETRY_AFTER_LIMIT_MS)).toBe(RETRY_AFTER_LIMIT_MS);
  });
});

describe('Retry-After', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date, and a date in the past as no wait', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
