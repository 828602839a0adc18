/**
 * Text clean-up before tokenisation. Everything here is linear in the (capped) input length so that
 * hostile or accidental megabyte-sized tickets cannot stall training or prediction.
 */

/** Only the start of a ticket is read; the category is nearly always clear from it. */
export const MAX_INPUT_CHARS = 20_000;

const LINE_BREAK = /\r\n|\r|\n/;

// Closing phrases that usually start a signature block when they stand alone on a line.
const SIGN_OFF =
  /^(?:best regards|kind regards|warm regards|regards|best wishes|many thanks|thanks|thank you|cheers|sincerely)\W{0,3}$/;

const SENT_FROM = /^sent from my\b/;

// Combining Diacritical Marks block only: stripping it folds "é" to "e" for Latin, Greek and Cyrillic,
// while marks of other scripts (Devanagari vowel signs, Arabic harakat, ...) are part of the spelling
// and must stay.
const LATIN_DIACRITICS = /[\u0300-\u036f]/g;

/** First `MAX_INPUT_CHARS` characters, without cutting a surrogate pair in half. */
export function capLength(text: string): string {
  if (text.length <= MAX_INPUT_CHARS) return text;
  const last = text.charCodeAt(MAX_INPUT_CHARS - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? MAX_INPUT_CHARS - 1 : MAX_INPUT_CHARS;
  return text.slice(0, end);
}

/**
 * Drops quoted reply lines ("> ...") and everything from a signature marker on, because both
 * describe other conversations or people rather than the customer's problem. A marker on the
 * first content line is ignored: "Thanks, but my card never arrived" is the ticket itself.
 */
export function stripQuotesAndSignature(text: string): string {
  const kept: string[] = [];
  for (const line of text.split(LINE_BREAK)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('>')) continue;
    if (kept.length > 0 && isSignatureStart(line, trimmed.toLowerCase())) break;
    if (trimmed.length > 0 || kept.length > 0) kept.push(line);
  }
  return kept.join('\n');
}

function isSignatureStart(line: string, lowerTrimmed: string): boolean {
  return line === '-- ' || line === '--' || SENT_FROM.test(lowerTrimmed) || SIGN_OFF.test(lowerTrimmed);
}

/** NFKC (full-width letters, ligatures), lower case, Latin-style diacritics removed. */
export function normaliseCharacters(text: string): string {
  const lowered = text.normalize('NFKC').toLowerCase();
  return lowered.normalize('NFD').replace(LATIN_DIACRITICS, '').normalize('NFC');
}

/** The full pipeline for a ticket body. */
export function normaliseBody(body: string): string {
  return normaliseCharacters(stripQuotesAndSignature(capLength(body)));
}

/** Subjects are single lines with no quotes or signatures, so only the cheap steps apply. */
export function normaliseSubject(subject: string): string {
  return normaliseCharacters(capLength(subject));
}
