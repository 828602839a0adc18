/**
 * Splits a ticket body into runs of lines that count for more or less: the customer's own words count
 * fully; quoted replies, signatures, legal boilerplate and stack traces / log output are kept but
 * down-weighted. Those parts often dominate long tickets by volume (a 200-line log under a one-line
 * question) while saying little about the category, yet they are not worthless: an exception name or a
 * quoted earlier question can be the only clue, so they are not dropped.
 *
 * No labelled data with such parts was at hand (Banking77 has none), so the weights are a judgement:
 * small enough that a whole quoted thread or log weighs less than a few words of the ticket itself
 * (features from a 0.1-weight line add 0.1 to a count, and counts below 1 stay linear in the TF-IDF).
 */

export type SegmentKind = 'text' | 'quoted' | 'signature' | 'boilerplate' | 'log';

export const SEGMENT_WEIGHTS: Readonly<Record<SegmentKind, number>> = {
  text: 1,
  // A quoted earlier message is usually about the same issue, so it keeps some say.
  quoted: 0.3,
  // Stack traces and logs: exception and component names are informative, the bulk is noise; a log
  // tends to repeat its vocabulary line after line, so it gets less than a quote.
  log: 0.2,
  signature: 0.1,
  boilerplate: 0.1,
};

export interface Segment {
  kind: SegmentKind;
  text: string;
  weight: number;
}

const LINE_BREAK = /\r\n|\r|\n/;
// Closing phrases that start a signature block when they stand alone on a line.
const SIGN_OFF =
  /^(?:best regards|kind regards|warm regards|regards|best wishes|many thanks|thanks|thank you|cheers|sincerely)\W{0,3}$/;
const SIGNATURE_DELIMITER = /^--\s?$/;
// "On Mon, 3 Jun 2024 at 10:00, Anna <a@b.c> wrote:", Outlook's "-----Original Message-----", and a
// forwarded-message marker: everything below is an earlier conversation.
const REPLY_HEADER =
  /^(?:on\b.{0,200}\bwrote:|-{2,}\s*(?:original message|forwarded message)\s*-{2,}|begin forwarded message:)$/;
// Outlook-style quoted header block ("From: ... / Sent: ..."); only counts when "sent:" or "date:" follows.
const FROM_HEADER = /^from:\s/;
const SENT_HEADER = /^(?:sent|date):\s/;
const DEVICE_FOOTER = /^(?:sent from my\b|get outlook for\b|sent via\b|sent with\b)/;
const BOILERPLATE =
  /\b(?:confidential|privileged|intended (?:solely |only )?for the (?:use of the )?(?:named )?(?:addressee|recipient|individual)|received this (?:e-?mail|message|communication) in error|unsubscribe|do not reply to this (?:e-?mail|message)|this is an automated (?:e-?mail|message)|please consider the environment before printing)\b/;
const STACK_FRAME =
  /^(?:at\s+[\w$.<>[\]/\\-]+\s*\(.*\)|at\s+\S+:\d+(?::\d+)?\)?|file\s+".*",\s+line\s+\d+.*|traceback \(most recent call last\):|#\d+\s+0x[0-9a-f]+.*|\.\.\.\s*\d+\s+more|caused by:\s.*)$/;
// A timestamp or a level tag at the start of a line is how log output looks in nearly every stack.
// Level tags must be upper case or bracketed: "Error: I cannot log in" is a person writing.
const LOG_LINE =
  /^(?:\[?\d{4}-\d{2}-\d{2}[ t]\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}[.,]\d+|\[(?:trace|debug|info|warn|warning|error|fatal|critical)\])/;
const LEVEL_TAG = /^(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\s*[:|-]\s/;
const CODE_FENCE = /^(?:```|~~~)/;

/**
 * Classifies every line (lines are compared trimmed and lower-cased) and merges neighbouring lines of
 * the same kind. A sign-off on the first content line is not a signature: "Thanks, but my card never
 * arrived" is the ticket itself.
 */
export function segmentBody(body: string): Segment[] {
  const segments: Segment[] = [];
  const lines = body.split(LINE_BREAK);
  // Once in a quoted history or a signature, everything below belongs to it.
  let tail: SegmentKind | null = null;
  let inFence = false;
  let inBoilerplate = false;
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lower = line.trim().toLowerCase();
    let kind: SegmentKind;
    if (CODE_FENCE.test(lower)) {
      inFence = !inFence;
      kind = 'log';
    } else if (inFence) kind = 'log';
    else if (lower.startsWith('>')) kind = 'quoted';
    else if (isReplyHeader(lower, lines[i + 1])) tail = kind = 'quoted';
    else if (tail !== null) kind = tail;
    else if (DEVICE_FOOTER.test(lower)) tail = kind = 'signature';
    else if (seenContent && (SIGNATURE_DELIMITER.test(line.trimEnd()) || SIGN_OFF.test(lower)))
      tail = kind = 'signature';
    else if (inBoilerplate || BOILERPLATE.test(lower)) kind = 'boilerplate';
    else if (STACK_FRAME.test(lower) || LOG_LINE.test(lower) || LEVEL_TAG.test(line.trim())) kind = 'log';
    else kind = 'text';
    // A disclaimer runs to the end of its paragraph.
    if (kind === 'boilerplate') inBoilerplate = lower.length > 0;
    if (lower.length > 0) seenContent = true;
    append(segments, kind, line);
  }
  return segments;
}

function isReplyHeader(lower: string, next: string | undefined): boolean {
  if (REPLY_HEADER.test(lower)) return true;
  return FROM_HEADER.test(lower) && next !== undefined && SENT_HEADER.test(next.trim().toLowerCase());
}

function append(segments: Segment[], kind: SegmentKind, line: string): void {
  const last = segments[segments.length - 1];
  if (last !== undefined && last.kind === kind) last.text += `\n${line}`;
  else segments.push({ kind, text: line, weight: SEGMENT_WEIGHTS[kind] });
}
