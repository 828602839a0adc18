/**
 * Splits normalised text into word tokens. URLs, e-mail addresses and numbers become placeholder
 * tokens: their exact values never generalise across tickets, but their presence often does
 * ("I sent 50 to ..." vs "what is the fee").
 */

export const URL_TOKEN = '<url>';
export const EMAIL_TOKEN = '<email>';
export const NUMBER_TOKEN = '<num>';

// \p{M} is included so that scripts which spell with combining marks (Devanagari, Thai, ...) keep
// their words whole.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const ALL_DIGITS = /^\p{N}+$/u;
const URL_START = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;

// URL/e-mail detection runs per whitespace-separated chunk; capping the chunk length keeps the e-mail
// regex (which can backtrack) away from pathological megabyte-long chunks.
const MAX_SPECIAL_CHUNK = 320;

export function isPlaceholder(token: string): boolean {
  return token === URL_TOKEN || token === EMAIL_TOKEN || token === NUMBER_TOKEN;
}

export function tokenise(text: string): string[] {
  const tokens: string[] = [];
  for (const chunk of text.split(/\s+/)) {
    if (chunk.length === 0) continue;
    if (chunk.length <= MAX_SPECIAL_CHUNK) {
      const start = chunk.replace(/^[^\p{L}\p{N}]+/u, '');
      if (URL_START.test(start)) {
        tokens.push(URL_TOKEN);
        continue;
      }
      if (chunk.includes('@')) {
        const email = EMAIL.exec(chunk);
        if (email !== null) {
          pushWords(chunk.slice(0, email.index), tokens);
          tokens.push(EMAIL_TOKEN);
          pushWords(chunk.slice(email.index + email[0].length), tokens);
          continue;
        }
      }
    }
    pushWords(chunk, tokens);
  }
  return tokens;
}

function pushWords(text: string, out: string[]): void {
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    out.push(ALL_DIGITS.test(word) ? NUMBER_TOKEN : word);
  }
}
