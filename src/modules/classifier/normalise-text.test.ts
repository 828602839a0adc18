import { describe, expect, it } from 'vitest';
import { capLength, MAX_INPUT_CHARS, normaliseBody, normaliseCharacters } from './normalise-text.js';

describe('normaliseCharacters', () => {
  it('folds case, width and Latin diacritics', () => {
    expect(normaliseCharacters('Ｒéfund FÜR Crème Brûlée')).toBe('refund fur creme brulee');
  });

  it('keeps the combining marks of other scripts', () => {
    expect(normaliseCharacters('हिन्दी')).toBe('हिन्दी');
    expect(normaliseCharacters('ПРИВЕТ')).toBe('привет');
  });
});

describe('capLength', () => {
  it('caps long input without splitting a surrogate pair', () => {
    expect(capLength('a'.repeat(MAX_INPUT_CHARS + 10))).toHaveLength(MAX_INPUT_CHARS);
    const emoji = `${'a'.repeat(MAX_INPUT_CHARS - 1)}😀`;
    expect(capLength(emoji)).toHaveLength(MAX_INPUT_CHARS - 1);
  });
});

describe('normaliseBody', () => {
  it('segments before normalising, so markers are still recognised', () => {
    const segments = normaliseBody('My CARD is blocked.\n> Earlier Mail\n-- \nAnna');
    expect(segments.map((s) => [s.kind, s.text])).toEqual([
      ['text', 'my card is blocked.'],
      ['quoted', '> earlier mail'],
      ['signature', '-- \nanna'],
    ]);
  });

  it('reads only the first MAX_INPUT_CHARS characters of a huge body, quickly', () => {
    const body = 'refund please\n'.repeat(80_000);
    expect(body.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const segments = normaliseBody(body);
    expect(performance.now() - started).toBeLessThan(500);
    expect(segments.reduce((sum, s) => sum + s.text.length, 0)).toBeLessThanOrEqual(MAX_INPUT_CHARS);
  });
});
