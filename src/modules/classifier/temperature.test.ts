import { describe, expect, it } from 'vitest';
import { createRandom } from './prng.js';
import { fitTemperature } from './temperature.js';

describe('fitTemperature', () => {
  it('recovers the factor by which calibrated logits were sharpened', () => {
    const random = createRandom(3);
    const logits: Float64Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const calibrated = Float64Array.from({ length: 5 }, () => random() * 4);
      // Draw the label from the calibrated distribution, then hand over logits three times sharper.
      const weights = Array.from(calibrated, Math.exp);
      let pick = random() * weights.reduce((a, b) => a + b, 0);
      let label = 0;
      while (pick > weights[label]!) pick -= weights[label++]!;
      labels.push(Math.min(label, 4));
      logits.push(calibrated.map((value) => value * 3));
    }
    expect(fitTemperature(logits, labels)).toBeCloseTo(3, 0);
  });

  it('is 1 without data', () => {
    expect(fitTemperature([], [])).toBe(1);
  });
});
