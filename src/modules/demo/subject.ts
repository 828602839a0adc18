/** Subject lines: a template, or the first words of the problem, plus decorations. */
import { addTypos } from './noise.js';
import type { Rng } from './prng.js';
import type { DemoChannel } from './types.js';

const DERIVED_SHARE: Readonly<Record<DemoChannel, number>> = { email: 0.1, web: 0.25, chat: 0.5, api: 0.35 };
const PREFIXES = [
  'Question: ',
  'Help: ',
  'Support request: ',
  'Issue: ',
  'Quick question - ',
  'Problem: ',
  'Help needed: ',
  'Acme Cloud: ',
  'Hi - ',
];
const TAILS = [
  '({workspace})',
  '– {plan} plan',
  '(workspace: {workspace})',
  '– ref #{ticketRef}',
  '- ticket #{ticketRef}',
  '(follow-up to #{ticketRef})',
  '({plan} plan)',
  '- {workspace}',
];

function recase(rng: Rng, text: string): string {
  const style = rng.int(0, 3);
  if (style <= 1) return text.toLowerCase();
  if (style === 2) return text.charAt(0).toLowerCase() + text.slice(1);
  return text.replace(
    /\b([a-z])([a-z]{3,})\b/g,
    (_m, first: string, rest: string) => first.toUpperCase() + rest,
  );
}

/** The first clause or first ~60 characters of a problem statement, cut at a word boundary. */
export function truncateToSubject(text: string, max = 60): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const clause = /^(.{25,}?)(?:[.!]\s|\?\s| — |; |\.$|!$)/.exec(clean);
  if (clause?.[1] !== undefined && clause[1].length <= max) {
    return clause[0].trim().endsWith('?') ? `${clause[1]}?` : clause[1];
  }
  if (clean.length <= max) return clean.replace(/[.]$/, '');
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > 20 ? cut.slice(0, space) : cut).replace(/[,;:—–(-]+$/, '').trim()}...`;
}

export interface SubjectInput {
  rng: Rng;
  channel: DemoChannel;
  template: string;
  problem: string;
  company: string;
  quoted: boolean;
  forwarded: boolean;
  hurried: boolean;
  typo: boolean;
  lowercase: boolean;
  fill: (template: string) => string;
}

export function buildSubject(input: SubjectInput): string {
  const { rng } = input;
  let subject = rng.chance(DERIVED_SHARE[input.channel])
    ? truncateToSubject(input.problem, rng.int(40, 72))
    : input.template;
  const derived = subject !== input.template;
  const decoration = derived
    ? 'none'
    : rng.weighted(['none', 'prefix', 'tail', 'company'], [0.56, 0.12, 0.26, 0.06]);
  if (decoration === 'prefix') {
    const prefix = rng.pick(PREFIXES);
    const firstWord = (text: string): string => (text.match(/^[A-Za-z]+/)?.[0] ?? '').toLowerCase();
    if (firstWord(prefix) !== firstWord(subject)) subject = `${prefix}${subject}`;
  }
  if (decoration === 'tail') subject = `${subject.replace(/[?.!]$/, '')} ${input.fill(rng.pick(TAILS))}`;
  if (decoration === 'company') {
    const style = rng.int(0, 2);
    subject =
      style === 0
        ? `[${input.company}] ${subject}`
        : style === 1
          ? `${subject} – ${input.company}`
          : `${subject} (${input.company})`;
  }
  if (rng.chance(0.12)) subject = recase(rng, subject);
  if (input.hurried ? rng.chance(0.3) : rng.chance(0.035)) {
    subject = `${rng.pick(['URGENT: ', '[Urgent] ', 'Urgent - ', 'URGENT!! ', 'Time-sensitive: '])}${subject}`;
  }
  if (decoration === 'none' && !subject.endsWith('...') && rng.chance(0.07)) {
    subject = `${subject.replace(/[?.!]$/, '')}${rng.pick([' - help', ' (again)', '!!', ' pls', '??', ' - follow up'])}`;
  }
  if (input.typo && rng.chance(0.3)) subject = addTypos(rng, subject, 1);
  if (input.lowercase) subject = subject.toLowerCase();
  if (input.forwarded) subject = `${rng.pick(['Fwd: ', 'FW: ', 'Fwd: '])}${subject}`;
  else if (input.quoted) subject = `${rng.pick(['Re: ', 'Re: ', 'RE: ', 'Re: Re: '])}${subject}`;
  return subject;
}
