import { describe, expect, it } from 'vitest';
import {
  capLength,
  MAX_INPUT_CHARS,
  normaliseBody,
  normaliseCharacters,
  stripQuotesAndSignature,
} from './normalise-text.js';
import { EMAIL_TOKEN, NUMBER_TOKEN, tokenise, URL_TOKEN } from './tokenise.js';

describe('normaliseCharacters', () => {
  it('folds case, width and Latin diacritics', () => {
    expect(normaliseCharacters('Ｒéfund FÜR Crème Brûlée')).toBe('refund fur creme brulee');
  });

  it('keeps the combining marks of other scripts', () => {
    expect(normaliseCharacters('हिन्दी')).toBe('हिन्दी');
    expect(normaliseCharacters('ПРИВЕТ')).toBe('привет');
  });
});

describe('stripQuotesAndSignature', () => {
  it('drops quoted lines and everything after a signature marker', () => {
    const text = 'My card is blocked.\n> previous mail\nPlease help.\nBest regards,\nAnna\nBank Ltd';
    expect(stripQuotesAndSignature(text)).toBe('My card is blocked.\nPlease help.');
    expect(stripQuotesAndSignature('Refund?\n-- \nJohn')).toBe('Refund?');
    expect(stripQuotesAndSignature('Card lost\n\nSent from my iPhone')).toBe('Card lost\n');
  });

  it('keeps a sign-off phrase that opens the ticket', () => {
    expect(stripQuotesAndSignature('Thanks, but my card still has not arrived')).toBe(
      'Thanks, but my card still has not arrived',
    );
    expect(stripQuotesAndSignature('Thanks\nmy card is lost')).toBe('Thanks\nmy card is lost');
  });
});

describe('capLength', () => {
  it('caps long input without splitting a surrogate pair', () => {
    expect(capLength('a'.repeat(MAX_INPUT_CHARS + 10))).toHaveLength(MAX_INPUT_CHARS);
    const emoji = `${'a'.repeat(MAX_INPUT_CHARS - 1)}😀`;
    expect(capLength(emoji)).toHaveLength(MAX_INPUT_CHARS - 1);
  });
});

describe('tokenise', () => {
  it('replaces URLs, e-mails and numbers with placeholders', () => {
    const text = normaliseBody(
      'See https://x.com/a?b=1 or mail <Help@Example.org>, I paid 1,250.50 EUR on 3ds',
    );
    expect(tokenise(text)).toEqual([
      'see',
      URL_TOKEN,
      'or',
      'mail',
      EMAIL_TOKEN,
      'i',
      'paid',
      NUMBER_TOKEN,
      NUMBER_TOKEN,
      NUMBER_TOKEN,
      'eur',
      'on',
      '3ds',
    ]);
  });

  it('splits non-Latin scripts into words', () => {
    expect(tokenise('моя карта 我的卡 बैंक')).toEqual(['моя', 'карта', '我的卡', 'बैंक']);
  });
});
