/**
 * Text clean-up before tokenisation. Everything here is linear in the (capped) input length so that
 * hostile or accidental megabyte-sized tickets cannot stall training or prediction.
 */
import { type Segment, segmentBody } from './segment-body.js';

/**
 * Only the start of a ticket is read: the category is nearly always clear from it, and the cap bounds
 * the time for a 1 MB paste (about 4,000 words still fit).
 */
export const MAX_INPUT_CHARS = 20_000;

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

/** NFKC (full-width letters, ligatures), lower case, Latin-style diacritics removed. */
export function normaliseCharacters(text: string): string {
  const lowered = text.normalize('NFKC').toLowerCase();
  return lowered.normalize('NFD').replace(LATIN_DIACRITICS, '').normalize('NFC');
}

/**
 * The full pipeline for a ticket body: capped, split into weighted segments (see segment-body), each
 * normalised. Segmenting comes first because its markers ("> ", "-- ") must be seen before NFKC.
 */
export function normaliseBody(body: string): Segment[] {
  return segmentBody(capLength(body)).map((segment) => ({
    ...segment,
    text: normaliseCharacters(segment.text),
  }));
}

/** Subjects are single lines with no quotes or signatures, so only the cheap steps apply. */
export function normaliseSubject(subject: string): string {
  return normaliseCharacters(capLength(subject));
}
