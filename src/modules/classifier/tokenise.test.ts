import { describe, expect, it } from 'vitest';
import { normaliseCharacters } from './normalise-text.js';
import { EMAIL_TOKEN, ID_TOKEN, NUMBER_TOKEN, tokenise, URL_TOKEN } from './tokenise.js';

const tokens = (text: string): string[] => tokenise(normaliseCharacters(text));

describe('tokenise', () => {
  it('replaces URLs, e-mails and numbers with placeholders', () => {
    expect(tokens('See https://x.com/a?b=1 or mail <Help@Example.org>, I paid 1,250.50 EUR on 3ds')).toEqual([
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

  it('replaces identifiers, keeping a word prefix', () => {
    expect(tokens('Invoice INV-12345 for case #004211, order 123456789')).toEqual([
      'invoice',
      'inv',
      ID_TOKEN,
      'for',
      'case',
      ID_TOKEN,
      'order',
      ID_TOKEN,
    ]);
    expect(tokens('request 3f2b8c1e-9a4d-4e5f-8b6a-1c2d3e4f5a6b failed')).toEqual([
      'request',
      ID_TOKEN,
      'failed',
    ]);
    expect(tokens('commit 9fceb02d0ae598e95dc970b74767f19372d61af8 and 0xDEADBEEF')).toEqual([
      'commit',
      ID_TOKEN,
      'and',
      ID_TOKEN,
    ]);
    expect(tokens('token a93kf02x7')).toEqual(['token', ID_TOKEN]);
  });

  it('keeps short letter-digit words and ordinary hex-looking words', () => {
    expect(tokens('2fa mp3 4g covid19 accede cafe')).toEqual([
      '2fa',
      'mp3',
      '4g',
      'covid19',
      'accede',
      'cafe',
    ]);
  });

  it('splits space-free scripts into character bigrams and keeps other scripts whole', () => {
    expect(tokens('моя карта 我的卡 बैंक')).toEqual(['моя', 'карта', '我的', '的卡', 'बैंक']);
    expect(tokens('パスワードを忘れました')).toEqual([
      'パス',
      'スワ',
      'ワー',
      'ード',
      'ドを',
      'を忘',
      '忘れ',
      'れま',
      'まし',
      'した',
    ]);
    expect(tokens('卡')).toEqual(['卡']);
    expect(tokens('ログインpassword')).toEqual(['ログ', 'グイ', 'イン', 'password']);
  });

  it('keeps Thai vowel signs with their consonant', () => {
    for (const token of tokens('บัตรหาย')) expect(token).not.toMatch(/^\p{M}/u);
  });

  it('copes with binary garbage and very long chunks', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65_000));
    expect(() => tokenise(normaliseCharacters(garbage))).not.toThrow();
    const long = `${'x'.repeat(5000)}@${'y'.repeat(5000)}.com`;
    expect(tokens(long)).toHaveLength(3);
  });
});
