/** Composes one realistic ticket (subject + body) for a category. */
import { technicalArtifact } from './artifacts.js';
import { addTypos, forwardHeader, quotedReply, signatureBlock } from './noise.js';
import {
  CHAT_GREETINGS,
  ENDINGS,
  FOLLOW_UP_OPENERS,
  GENERIC_ASKS,
  GENERIC_CONTEXTS,
  GREETINGS,
  HURRIED_OPENERS,
  MOBILE_FOOTERS,
  OPENERS,
  SECOND_TOPIC_CONNECTORS,
} from './parts.js';
import { historyIntentsOf, profileOf } from './phrase-banks.js';
import type { Rng } from './prng.js';
import { buildSubject } from './subject.js';
import { fillTemplate, slotValue } from './template.js';
import type { DemoChannel, DemoRequester, FillContext, PhraseIntent } from './types.js';

export type LengthMode = 'one-liner' | 'short' | 'normal' | 'long';

export interface TicketFeatures {
  length: LengthMode;
  typo: boolean;
  signature: boolean;
  quoted: boolean;
  forwarded: boolean;
  ambiguous: boolean;
  secondaryCategory: string | null;
  lowercase: boolean;
  hurried: boolean;
  mobileFooter: boolean;
  artifact: boolean;
  /** A vague message with hardly any hint of its category (see vague.ts). */
  vague: boolean;
}

export interface ComposedTicket {
  subject: string;
  body: string;
  channel: DemoChannel;
  features: TicketFeatures;
}

/** What differs between history tickets and live-feed tickets. */
export interface ComposeStyle {
  /** Picks the phrasing of a problem in a category. */
  pickIntent(rng: Rng, category: string): PhraseIntent;
  /** Probability that a second topic from a related category follows the main one. */
  twoTopicShare: number;
  /** Multiplies the probability of typos. */
  typoFactor: number;
  /** Probability that a (not quoted) e-mail was forwarded from a colleague. */
  forwardShare: number;
}

/** The history only ever uses the intents that are not held out for the live feed. */
export const HISTORY_STYLE: ComposeStyle = {
  pickIntent: (rng, category) => rng.pick(historyIntentsOf(category)),
  twoTopicShare: 0.07,
  typoFactor: 1,
  forwardShare: 0.03,
};

export interface ComposeInput {
  rng: Rng;
  category: string;
  requester: DemoRequester;
  createdAt: Date;
  /** Defaults to HISTORY_STYLE. */
  style?: ComposeStyle;
}

const CHANNELS: readonly DemoChannel[] = ['email', 'web', 'chat', 'api'];
const LOWERABLE = new Set(
  (
    "the our we we're we'd we've my when is can could how it it's every everything since search due opening uploading after recurring " +
    "custom time moving clicking task typing reports changes please someone a exporting exported special are does do what's would not " +
    'small feedback adding your people calls cursor pagination tasks budget honestly this statuses where under any there in loading ' +
    'drag scrolling switching dependencies comments my sales price receipt payment invoices as before ' +
    "names on procurement reminders sorry there's three whenever why"
  ).split(' '),
);

/** Lower-cases the first letter after a connector, unless it starts with a name or "I". */
function continueSentence(sentence: string): string {
  const first = (sentence.split(/[\s,]/)[0] ?? '').toLowerCase();
  return LOWERABLE.has(first) ? sentence.charAt(0).toLowerCase() + sentence.slice(1) : sentence;
}

function pickLength(rng: Rng, channel: DemoChannel, hurried: boolean): LengthMode {
  if (channel === 'chat') return rng.chance(0.55) ? 'one-liner' : 'short';
  if (hurried) return rng.chance(0.5) ? 'one-liner' : 'short';
  return rng.weighted<LengthMode>(['one-liner', 'short', 'normal', 'long'], [0.12, 0.33, 0.4, 0.15]);
}

function pickDistinct(rng: Rng, pick: (rng: Rng) => PhraseIntent, avoid: PhraseIntent): PhraseIntent {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const candidate = pick(rng);
    if (candidate !== avoid) return candidate;
  }
  return pick(rng);
}

function toParagraphs(rng: Rng, sentences: readonly string[], length: LengthMode): string[] {
  if (sentences.length <= 2 || length === 'one-liner' || length === 'short') return [sentences.join(' ')];
  const parts = length === 'long' ? Math.min(3, rng.int(2, 3)) : rng.int(1, 2);
  const paragraphs: string[] = [];
  let start = 0;
  for (let p = 0; p < parts; p += 1) {
    const end =
      p === parts - 1
        ? sentences.length
        : Math.max(start + 1, Math.round(((p + 1) * sentences.length) / parts));
    if (start < end) paragraphs.push(sentences.slice(start, end).join(' '));
    start = end;
  }
  return paragraphs;
}

export function composeTicket(input: ComposeInput): ComposedTicket {
  const { rng, category, requester, createdAt } = input;
  const style = input.style ?? HISTORY_STYLE;
  const profile = profileOf(category);
  const bank = profile.bank;
  const ctx: FillContext = { createdAt, requester, cache: new Map() };
  const fill = (template: string): string => fillTemplate(template, rng, ctx);

  const channel = rng.weighted(CHANNELS, [0.5, 0.28, 0.15, 0.07]);
  const isEmail = channel === 'email';
  const hurried = rng.chance(channel === 'chat' ? 0.2 : 0.08);
  const length = pickLength(rng, channel, hurried);
  const quoted = rng.chance(isEmail ? 0.17 : channel === 'web' ? 0.04 : 0);
  const forwarded = !quoted && isEmail && rng.chance(style.forwardShare);
  const ambiguous = rng.chance(style.twoTopicShare);
  const secondaryCategory = ambiguous ? rng.pick(profile.related) : null;

  const intent = style.pickIntent(rng, category);
  const problem = fill(intent[1]);
  const sentences: string[] = [];
  const before: string[] = [];
  const after: string[] = [];
  const contextCount = {
    'one-liner': 0,
    short: rng.chance(0.35) ? 1 : 0,
    normal: rng.chance(0.7) ? 1 : 0,
    long: 2,
  }[length];
  const contextPool = [...bank.contexts];
  if ((length === 'normal' && rng.chance(0.3)) || (length === 'long' && rng.chance(0.5)))
    before.push(fill(rng.pick(GENERIC_CONTEXTS)));
  for (let i = 0; i < contextCount && contextPool.length > 0; i += 1) {
    const [template = ''] = contextPool.splice(rng.int(0, contextPool.length - 1), 1);
    const refersToProblem = /^(It|This|Steps)\b/.test(template);
    (refersToProblem || rng.chance(0.4) ? after : before).push(fill(template));
  }
  sentences.push(...before, problem);
  if (length === 'long' && rng.chance(0.35)) {
    const other = pickDistinct(rng, (r) => style.pickIntent(r, category), intent);
    sentences.push(
      `${rng.pick(['Also,', 'On top of that,', 'And', 'Another thing:'])} ${continueSentence(fill(other[1]))}`,
    );
  }
  sentences.push(...after);
  const detailCount = length === 'long' ? rng.int(1, 2) : length === 'normal' && rng.chance(0.35) ? 1 : 0;
  for (const template of rng.shuffle(bank.details).slice(0, detailCount)) sentences.push(fill(template));
  if (secondaryCategory !== null) {
    const secondary = fillTemplate(style.pickIntent(rng, secondaryCategory)[1], rng, ctx);
    sentences.push(`${rng.pick(SECOND_TOPIC_CONNECTORS)} ${continueSentence(secondary)}`);
  }
  if (rng.chance(length === 'one-liner' ? 0.2 : 0.6))
    sentences.push(fill(rng.chance(0.6) ? rng.pick(bank.asks) : rng.pick(GENERIC_ASKS)));
  if (quoted && rng.chance(0.6)) sentences.unshift(rng.pick(FOLLOW_UP_OPENERS));
  if (hurried) sentences.unshift(rng.pick(HURRIED_OPENERS));
  else if ((length === 'normal' || length === 'long') && rng.chance(0.2))
    sentences.unshift(fill(rng.pick(OPENERS)));

  const paragraphs = toParagraphs(rng, sentences, length);
  const withArtifact = profile.artifacts && rng.chance(channel === 'chat' ? 0.1 : 0.22);
  const agent = slotValue('agent', rng, ctx);
  let greeting = '';
  if (channel === 'chat') greeting = rng.chance(0.5) ? rng.pick(CHAT_GREETINGS) : '';
  else if (quoted && rng.chance(0.5)) greeting = `${rng.pick(['Hi', 'Hello', 'Hey'])} ${agent},`;
  else if (!hurried && rng.chance(0.8)) greeting = fill(rng.pick(GREETINGS));

  const signature = !hurried && (isEmail ? rng.chance(0.27) : channel === 'web' && rng.chance(0.06));
  const mobileFooter = isEmail && !signature && rng.chance(0.07);
  const colleague = forwarded ? slotValue('colleague', rng, ctx) : '';
  const authorFirst = forwarded ? (colleague.split(' ')[0] ?? requester.firstName) : requester.firstName;
  let closing = '';
  if ((forwarded || !signature) && !hurried && channel !== 'chat' && rng.chance(0.75)) {
    const full = forwarded ? colleague : `${requester.firstName} ${requester.lastName}`;
    const ending = rng.pick(ENDINGS);
    const withName = ending.endsWith(',') || rng.chance(0.6);
    closing = withName
      ? `${ending}\n${rng.pick([authorFirst, authorFirst, `- ${authorFirst}`, full])}`
      : ending;
  } else if (channel === 'chat' && rng.chance(0.3)) {
    closing = rng.pick(['thanks', 'thx', 'ty!', 'Thanks!']);
  }

  let mainText = [greeting, ...paragraphs].filter((part) => part !== '').join('\n\n');
  const typo = rng.chance(Math.min(0.6, (channel === 'chat' ? 0.15 : 0.068) * style.typoFactor));
  if (typo) mainText = addTypos(rng, mainText, rng.int(1, 3));
  const lowercase = rng.chance(channel === 'chat' ? 0.25 : 0.02);
  if (lowercase) {
    mainText = mainText.toLowerCase();
    closing = closing.toLowerCase();
  }

  const companyLabel =
    requester.company.domain === 'mail.example'
      ? `${requester.firstName} ${requester.lastName}`
      : requester.company.name;
  const subject = buildSubject({
    rng,
    channel,
    template: fill(intent[0]),
    problem,
    company: companyLabel,
    quoted,
    forwarded,
    hurried,
    typo,
    lowercase,
    fill,
  });

  const blocks = [mainText];
  if (withArtifact) blocks.push(technicalArtifact(rng, category, createdAt, problem));
  if (closing !== '') blocks.push(closing);
  if (forwarded) {
    const header = forwardHeader(
      rng,
      colleague,
      slotValue('colleagueEmail', rng, ctx),
      requester,
      createdAt,
      subject.replace(/^(Fwd|FW): /, ''),
    );
    const intro = rng.pick([
      'Forwarding this from our team, see below.',
      `See below from ${authorFirst}. Can you help?`,
      'FYI - forwarding.',
    ]);
    blocks.unshift(...(signature ? [intro, signatureBlock(rng, requester)] : [intro]), header);
  } else if (signature) {
    blocks.push(signatureBlock(rng, requester));
  }
  if (mobileFooter) blocks.push(rng.pick(MOBILE_FOOTERS));
  if (quoted)
    blocks.push(
      quotedReply(rng, requester, createdAt, subject.replace(/^(Re: )+|^RE: /, ''), problem, agent),
    );

  return {
    subject,
    body: blocks.join('\n\n'),
    channel,
    features: {
      length,
      typo,
      signature,
      quoted,
      forwarded,
      ambiguous,
      secondaryCategory,
      lowercase,
      hurried,
      mobileFooter,
      artifact: withArtifact,
      vague: false,
    },
  };
}
