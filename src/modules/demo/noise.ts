/** Real-world noise: typos, signatures, quoted and forwarded e-mail history. */
import { CONFIDENTIALITY_NOTICE, SUPPORT_REPLIES } from './parts.js';
import type { Rng } from './prng.js';
import type { DemoRequester } from './types.js';
import { MONTHS, WEEKDAYS } from './vocab.js';

function mutateWord(rng: Rng, word: string): string {
  const op = rng.int(0, 2);
  const i = rng.int(1, word.length - 2);
  if (op === 0 && word.charAt(i) !== word.charAt(i + 1)) {
    return word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
  }
  if (op === 2) return word.slice(0, i) + word.charAt(i) + word.slice(i);
  return word.slice(0, i) + word.slice(i + 1);
}

/** Introduces `count` deterministic typos (swapped, dropped or doubled letters). */
export function addTypos(rng: Rng, text: string, count: number): string {
  const candidates = [...text.matchAll(/\b[A-Za-z]{4,}\b/g)];
  if (candidates.length === 0) return text;
  const chosen = new Set<number>();
  for (let k = 0; k < count && chosen.size < candidates.length; k += 1)
    chosen.add(rng.int(0, candidates.length - 1));
  let result = text;
  for (const index of [...chosen].sort((a, b) => b - a)) {
    const match = candidates[index];
    if (match === undefined || match.index === undefined) continue;
    const word = match[0];
    const typo = mutateWord(rng, word);
    result = result.slice(0, match.index) + typo + result.slice(match.index + word.length);
  }
  return result;
}

function phone(rng: Rng): string {
  return rng.chance(0.5)
    ? `+1 (555) 01${rng.int(0, 9)}-${rng.int(1000, 9999)}`
    : `+44 7700 900${rng.int(100, 999)}`;
}

/** An e-mail signature block (includes its own closing line). */
export function signatureBlock(rng: Rng, person: DemoRequester): string {
  const name = `${person.firstName} ${person.lastName}`;
  const company = person.company.name.replace(' (personal)', '');
  const style = rng.int(0, 4);
  if (style === 0) return `Best regards,\n${name}\n${person.title}, ${company}`;
  if (style === 1) return `Kind regards,\n\n${name}\n${person.title} | ${company}\n${phone(rng)}`;
  if (style === 2) return `Thanks,\n--\n${name}\n${person.title}\n${company} | www.${person.company.domain}`;
  if (style === 3) return `Thanks,\n${name}\n${person.title}\n${company}\n\n${CONFIDENTIALITY_NOTICE}`;
  return `Best,\n${name}\n${company} · ${person.title}\nM: ${phone(rng)}`;
}

function shortDate(d: Date): string {
  const day = WEEKDAYS[d.getUTCDay()] ?? 'Monday';
  const month = MONTHS[d.getUTCMonth()] ?? 'January';
  return `${day.slice(0, 3)}, ${d.getUTCDate()} ${month.slice(0, 3)} ${d.getUTCFullYear()}`;
}

function clock(d: Date): string {
  const h = d.getUTCHours();
  return `${((h + 11) % 12) + 1}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

function longDate(d: Date): string {
  const day = WEEKDAYS[d.getUTCDay()] ?? 'Monday';
  const month = MONTHS[d.getUTCMonth()] ?? 'January';
  return `${day}, ${month} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${clock(d)}`;
}

const quote = (text: string, prefix: string): string =>
  text
    .split('\n')
    .map((line) => (line === '' ? prefix.trim() : `${prefix}${line}`))
    .join('\n');

/** A previous reply from Acme Support, quoted below the customer's new message. */
export function quotedReply(
  rng: Rng,
  person: DemoRequester,
  createdAt: Date,
  subject: string,
  original: string,
  agent: string,
): string {
  const sent = new Date(createdAt.getTime() - rng.int(2, 144) * 3_600_000 - rng.int(0, 59) * 60_000);
  const reply = `Hi ${person.firstName},\n\n${rng.pick(SUPPORT_REPLIES)}\n\nBest,\n${agent}\nAcme Cloud Support`;
  const style = rng.int(0, 3);
  if (style === 3) {
    return [
      '-----Original Message-----',
      'From: Acme Cloud Support <support@acmecloud.example>',
      `Sent: ${longDate(sent)}`,
      `To: ${person.email}`,
      `Subject: ${subject}`,
      '',
      reply,
    ].join('\n');
  }
  const header =
    style === 0
      ? `On ${shortDate(sent)}, Acme Support wrote:`
      : `On ${shortDate(sent)} at ${clock(sent)}, Acme Cloud Support <support@acmecloud.example> wrote:`;
  const earlier = new Date(sent.getTime() - rng.int(1, 48) * 3_600_000);
  const nested =
    rng.chance(0.35) && original !== ''
      ? `\n>\n> On ${shortDate(earlier)}, ${person.firstName} ${person.lastName} <${person.email}> wrote:\n${quote(original, '>> ')}`
      : '';
  return `${header}\n${quote(reply, '> ')}${nested}`;
}

/** Header of a forwarded e-mail written by a colleague of the requester. */
export function forwardHeader(
  rng: Rng,
  colleague: string,
  colleagueEmail: string,
  person: DemoRequester,
  createdAt: Date,
  subject: string,
): string {
  const sent = new Date(createdAt.getTime() - rng.int(1, 3 * 24) * 3_600_000);
  return [
    '---------- Forwarded message ---------',
    `From: ${colleague} <${colleagueEmail}>`,
    `Date: ${longDate(sent)}`,
    `Subject: ${subject}`,
    `To: ${person.firstName} ${person.lastName} <${person.email}>`,
  ].join('\n');
}
