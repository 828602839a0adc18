import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampledForSecondReview, samplingPoint } from './second-review-sampling.js';

describe('second-review sampling', () => {
  it('gives an id the same point every time, in [0, 1)', () => {
    const id = '0b6f3a52-8a3e-4d0c-9a55-4f1f0f7e2b11';
    expect(samplingPoint(id)).toBe(samplingPoint(id));
    expect(samplingPoint(id)).toBeGreaterThanOrEqual(0);
    expect(samplingPoint(id)).toBeLessThan(1);
  });

  it('samples nothing at share 0 and everything at share 1', () => {
    const ids = Array.from({ length: 200 }, () => randomUUID());
    expect(ids.filter((id) => sampledForSecondReview(id, 0))).toHaveLength(0);
    expect(ids.filter((id) => sampledForSecondReview(id, 1))).toHaveLength(200);
  });

  it('samples close to the share over many ids', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `item-${i}`);
    const share = ids.filter((id) => sampledForSecondReview(id, 0.05)).length / ids.length;
    // Binomial standard deviation at n = 20,000 and p = 0.05 is about 0.0015.
    expect(share).toBeGreaterThan(0.045);
    expect(share).toBeLessThan(0.055);
  });

  it('is monotone in the share: an item sampled at 5% is also sampled at 10%', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `item-${i}`);
    for (const id of ids.filter((x) => sampledForSecondReview(x, 0.05))) {
      expect(sampledForSecondReview(id, 0.1)).toBe(true);
    }
  });
});
