/**
 * Vague tickets ("Question about my account", "hi, still waiting on this"): little to go on,
 * labelled with the category a support rep would most plausibly pick. Generic ones carry no
 * hint at all, so the same text ends up under different categories, as in any real helpdesk.
 */
import type { ComposedTicket } from './compose.js';
import { addTypos, quotedReply, signatureBlock } from './noise.js';
import { ENDINGS, GREETINGS, MOBILE_FOOTERS } from './parts.js';
import type { Rng } from './prng.js';
import { fillTemplate, slotValue } from './template.js';
import type { DemoChannel, DemoRequester, FillContext } from './types.js';

/** Subject template, body template and whether it follows up on an earlier conversation. */
export type VagueTemplate = readonly [subject: string, body: string, followUp: boolean];

/** Vague messages with a faint hint of their category. */
export const VAGUE_TEMPLATES: Readonly<Record<string, readonly VagueTemplate[]>> = {
  'bug-report': [
    ["it's not working again", "it's not working again. same as last time. can someone look?", true],
    ['[Problem|Issue] again', 'Hi, something is wrong again. The thing I reported before is back.', true],
    ['Broken?', 'Is it just me or is something broken?', false],
  ],
  'login-and-access': [
    [
      '[Account help|Help with my account]',
      "I need help with my account, it won't let me do anything.",
      false,
    ],
    [
      '[hi, still waiting|still waiting on this]',
      "hi, still waiting on this. I still [cannot|can't] get in.",
      true,
    ],
  ],
  billing: [
    ['Question about my account', "I have a question about my account and what we're paying.", false],
    ['Quick question about our plan', 'Quick question about our plan, when is a good time to talk?', false],
  ],
  refunds: [['[Still waiting|Any news?]', "It's been two weeks and nothing has come back to us.", true]],
  'account-cancellation': [
    ['About our account', "We need to talk about our account. We're not sure we'll continue.", false],
  ],
  'user-management': [
    [
      'Question about my team',
      "Can you help me with my team? Someone new is starting and I'm not sure what to do.",
      false,
    ],
  ],
  performance: [
    ['Is something going on?', 'is something going on today? nothing feels right.', false],
    ['Rough day with Acme', 'Really struggling with Acme today, it is so painful to use.', false],
  ],
  notifications: [
    ['Missing things', "I keep missing things because I don't hear about them anymore.", false],
  ],
  integrations: [['Connection issue', "The connection isn't working again.", true]],
  'data-export': [['Need our data', 'We need our data. How?', false]],
  'feature-request': [
    [
      'Feedback',
      'A few thoughts after a month with Acme. Overall good, but some things could be nicer.',
      false,
    ],
  ],
  'onboarding-help': [
    ['[Help|Newbie question]', "Hi, I'm new and don't really know what I'm doing. Help?", false],
  ],
  'security-and-privacy': [
    ['Concern', 'I have a concern about something I saw on our account. Please get back to me.', false],
  ],
  'api-and-webhooks': [
    ['Question from our developer', 'Our developer has some questions, who should they talk to?', false],
  ],
};

/** Vague messages without any hint: the label is whatever the agent decided. */
export const GENERIC_VAGUE_TEMPLATES: readonly VagueTemplate[] = [
  [
    '[hi, still waiting on this|Still waiting on this]',
    '[hi, still waiting on this|Still waiting on this].',
    true,
  ],
  ['Any update?', 'Any update on this? [It has been a few days.|Nobody got back to me.]', true],
  ["[it's not working again|Not working again]", "it's not working again", true],
  ['[Urgent|URGENT]', 'Please call me as soon as possible[, it is urgent|].', false],
  ['Following up', 'Just following up on my earlier message. [Thanks.|Please reply.]', true],
  ['[Question|A question]', 'Hi, I have a question. [Who can I talk to?|Can someone reach out?]', false],
];

export interface VagueInput {
  rng: Rng;
  category: string;
  requester: DemoRequester;
  createdAt: Date;
  /** Probability of a generic (hint-free) message. */
  genericShare: number;
}

export interface VagueTicket extends ComposedTicket {
  template: VagueTemplate;
}

export function composeVagueTicket(input: VagueInput): VagueTicket {
  const { rng, category, requester, createdAt } = input;
  const specific = VAGUE_TEMPLATES[category] ?? [];
  const template = rng.pick(
    specific.length === 0 || rng.chance(input.genericShare) ? GENERIC_VAGUE_TEMPLATES : specific,
  );
  const ctx: FillContext = { createdAt, requester, cache: new Map() };
  const fill = (text: string): string => fillTemplate(text, rng, ctx);
  const channel = rng.weighted<DemoChannel>(['email', 'web', 'chat'], [0.5, 0.25, 0.25]);
  const quoted = template[2] && channel === 'email' && rng.chance(0.6);
  const signature = channel === 'email' && !quoted && rng.chance(0.15);
  const mobileFooter = channel === 'email' && !signature && rng.chance(0.15);
  let main = fill(template[1]);
  if (channel !== 'chat' && rng.chance(0.6)) main = `${fill(rng.pick(GREETINGS))}\n\n${main}`;
  const typo = rng.chance(0.2);
  if (typo) main = addTypos(rng, main, 1);
  const lowercase = channel === 'chat' && rng.chance(0.5);
  if (lowercase) main = main.toLowerCase();
  const blocks = [main];
  if (signature) blocks.push(signatureBlock(rng, requester));
  else if (channel !== 'chat' && rng.chance(0.7))
    blocks.push(
      `${rng.pick(ENDINGS)}\n${rng.pick([requester.firstName, `${requester.firstName} ${requester.lastName}`])}`,
    );
  if (mobileFooter) blocks.push(rng.pick(MOBILE_FOOTERS));
  let subject = fill(template[0]);
  if (lowercase) subject = subject.toLowerCase();
  if (quoted) {
    blocks.push(quotedReply(rng, requester, createdAt, subject, '', slotValue('agent', rng, ctx)));
    subject = `Re: ${subject}`;
  }
  return {
    subject,
    body: blocks.join('\n\n'),
    channel,
    template,
    features: {
      length: 'one-liner',
      typo,
      signature,
      quoted,
      forwarded: false,
      ambiguous: false,
      secondaryCategory: null,
      lowercase,
      hurried: false,
      mobileFooter,
      artifact: false,
      vague: true,
    },
  };
}
