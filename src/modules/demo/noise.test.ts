import { describe, expect, it } from 'vitest';
import { addTypos } from './noise.js';
import { createRng, hashSeed, mulberry32 } from './prng.js';
import { truncateToSubject } from './subject.js';

describe('prng', () => {
  it('is deterministic and roughly uniform', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const seqA = Array.from({ length: 5 }, () => a());
    expect(seqA).toEqual(Array.from({ length: 5 }, () => b()));
    const rng = createRng(5);
    const values = Array.from({ length: 10_000 }, () => rng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
  });

  it('weighted() respects weights and shuffle() keeps elements', () => {
    const rng = createRng(9);
    const picks = Array.from({ length: 4000 }, () => rng.weighted(['a', 'b'], [3, 1]));
    const shareA = picks.filter((p) => p === 'a').length / picks.length;
    expect(shareA).toBeGreaterThan(0.7);
    expect(shareA).toBeLessThan(0.8);
    expect(rng.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(() => rng.pick([])).toThrow();
  });
});

describe('addTypos', () => {
  const text = 'Our invoices are missing the VAT number, so finance cannot reconcile them this month.';

  it('changes a few words deterministically and keeps the rest', () => {
    const once = addTypos(createRng(3), text, 2);
    expect(once).toBe(addTypos(createRng(3), text, 2));
    expect(once).not.toBe(text);
    const changed = once.split(' ').filter((w, i) => w !== text.split(' ')[i]).length;
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBeLessThanOrEqual(2);
    expect(Math.abs(once.length - text.length)).toBeLessThanOrEqual(2);
  });

  it('leaves text without long words alone', () => {
    expect(addTypos(createRng(1), 'ok, go on', 3)).toBe('ok, go on');
  });
});

describe('truncateToSubject', () => {
  it('cuts at a clause or a word boundary', () => {
    expect(
      truncateToSubject(
        'Can we pay by bank transfer or ACH instead of credit card? Our policy forbids cards.',
        72,
      ),
    ).toBe('Can we pay by bank transfer or ACH instead of credit card?');
    const cut = truncateToSubject(
      'Typing in a very long task description lags noticeably and characters appear late on screen',
      40,
    );
    expect(cut.endsWith('...')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(43);
  });
});
