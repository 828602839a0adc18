/**
 * Splits normalised text into word tokens. URLs, e-mail addresses, numbers and identifiers become
 * placeholder tokens: their exact values never generalise across tickets, but their presence often
 * does ("I sent 50 to ..." vs "what is the fee", "order INV-20931 is missing").
 *
 * Scripts written without spaces (Chinese, Japanese, Thai, ...) would otherwise give one "word" per
 * sentence, matching nothing; runs of them become overlapping character bigrams, the usual unit for
 * such text when no dictionary segmenter is available.
 */

export const URL_TOKEN = '<url>';
export const EMAIL_TOKEN = '<email>';
export const NUMBER_TOKEN = '<num>';
export const ID_TOKEN = '<id>';

// \p{M} is included so that scripts which spell with combining marks (Devanagari, Thai, ...) keep
// their words whole.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const ALL_DIGITS = /^\p{N}+$/u;
const URL_START = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;
// Whole-chunk identifiers, tested before the chunk is split at hyphens: UUIDs, 0x-prefixed and long
// hex ids, and prefixed codes such as "INV-12345" or "case#004211" (the prefix is kept as a word:
// "inv" says invoice).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX_ID = /^(?:0x[0-9a-f]{4,}|(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,})$/;
const PREFIXED_ID = /^(\p{L}{1,8})[-_#:/]?(\d{3,})$/u;
// "#4211": an issue, ticket or order reference.
const HASH_ID = /^#\d{3,}[^\p{L}\p{N}]*$/u;
// Digit runs this long are order, account or phone numbers rather than amounts.
const MIN_ID_DIGITS = 7;
// Letter-digit mixes such as "a93kf02x" are ids; short ones ("3ds", "mp3", "2fa") are real words.
const MIN_MIXED_ID_LENGTH = 6;
const MIN_MIXED_ID_DIGITS = 3;
const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const NO_SPACE_RUN =
  /(?:[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]\p{M}*|ー)+/gu;
const UNIT = /\P{M}\p{M}*/gu;

const PLAIN_WORD = /^[a-z]{1,40}$/;

// URL/e-mail detection runs per whitespace-separated chunk; capping the chunk length keeps the e-mail
// regex (which can backtrack) away from pathological megabyte-long chunks.
const MAX_SPECIAL_CHUNK = 320;

export function isPlaceholder(token: string): boolean {
  return token === URL_TOKEN || token === EMAIL_TOKEN || token === NUMBER_TOKEN || token === ID_TOKEN;
}

export function tokenise(text: string): string[] {
  const tokens: string[] = [];
  for (const chunk of text.split(/\s+/)) {
    if (chunk.length === 0) continue;
    // Most chunks are plain lower-case words: skip the regular expressions for them.
    if (PLAIN_WORD.test(chunk)) {
      tokens.push(chunk);
      continue;
    }
    if (chunk.length <= MAX_SPECIAL_CHUNK && specialChunk(chunk, tokens)) continue;
    pushWords(chunk, tokens);
  }
  return tokens;
}

/** Handles URLs, e-mails and ids; false when the chunk is ordinary text. */
function specialChunk(chunk: string, out: string[]): boolean {
  const start = chunk.replace(/^[^\p{L}\p{N}]+/u, '');
  if (URL_START.test(start)) {
    out.push(URL_TOKEN);
    return true;
  }
  if (chunk.includes('@')) {
    const email = EMAIL.exec(chunk);
    if (email !== null) {
      pushWords(chunk.slice(0, email.index), out);
      out.push(EMAIL_TOKEN);
      pushWords(chunk.slice(email.index + email[0].length), out);
      return true;
    }
  }
  const core = start.replace(/[^\p{L}\p{N}]+$/u, '');
  if (UUID.test(core) || HEX_ID.test(core) || HASH_ID.test(chunk)) {
    out.push(ID_TOKEN);
    return true;
  }
  const prefixed = PREFIXED_ID.exec(core);
  if (prefixed !== null && !ALL_DIGITS.test(prefixed[1]!)) {
    out.push(prefixed[1]!, ID_TOKEN);
    return true;
  }
  return false;
}

function pushWords(text: string, out: string[]): void {
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (ALL_DIGITS.test(word)) out.push(word.length >= MIN_ID_DIGITS ? ID_TOKEN : NUMBER_TOKEN);
    else if (isMixedId(word)) out.push(ID_TOKEN);
    else if (NO_SPACE_SCRIPT.test(word)) pushBigrams(word, out);
    else out.push(word);
  }
}

function isMixedId(word: string): boolean {
  if (word.length < MIN_MIXED_ID_LENGTH) return false;
  let digits = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits >= MIN_MIXED_ID_DIGITS && digits < word.length;
}

/**
 * "我的卡" -> "我的", "的卡". Other-script parts of the same word ("ログインpassword") stay words. A
 * single character is its own token. Units are a character plus its combining marks, so Thai vowel
 * signs stay with their consonant.
 */
function pushBigrams(word: string, out: string[]): void {
  let last = 0;
  for (const run of word.matchAll(NO_SPACE_RUN)) {
    if (run.index > last) out.push(word.slice(last, run.index));
    const units = run[0].match(UNIT) ?? [];
    if (units.length === 1) out.push(units[0]!);
    for (let i = 0; i + 1 < units.length; i++) out.push(units[i]! + units[i + 1]!);
    last = run.index + run[0].length;
  }
  if (last < word.length) out.push(word.slice(last));
}
