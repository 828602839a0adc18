/**
 * Vague live tickets ("Question about my account", "hi, still waiting on this"): little to go on,
 * labelled with the category a support rep would most plausibly pick.
 */
import { addTypos, quotedReply } from './noise.js';
import { ENDINGS, GREETINGS } from './parts.js';
import type { Rng } from './prng.js';
import { fillTemplate, slotValue } from './template.js';
import type { DemoChannel, DemoRequester, FillContext } from './types.js';

/** Subject template, body template and whether it follows up on an earlier conversation. */
export type VagueTemplate = readonly [subject: string, body: string, followUp: boolean];

export const VAGUE_TEMPLATES: Readonly<Record<string, readonly VagueTemplate[]>> = {
  'bug-report': [
    ["it's not working again", "it's not working again. same as last time. can someone look?", true],
    ['[Problem|Issue]', 'Hi, something is wrong again. The thing I reported before is back.', true],
    ['Broken?', 'Is it just me or is something broken?', false],
  ],
  'login-and-access': [
    ['[Account help|Help with my account]', "I need help with my account, it won't let me do anything this morning.", false],
    ['hi, still waiting on this', 'hi, still waiting on this. I still [cannot|can’t] get in.', true],
  ],
  billing: [
    [
      'Question about my account',
      "I have a question about my account and what we're paying. Can someone call me?",
      false,
    ],
    ['Quick question', 'Quick question about our plan, when is a good time to talk?', false],
  ],
  refunds: [
    ['still waiting on this', "Hi, still waiting on this. It's been two weeks and nothing has come back to us.", true],
  ],
  'account-cancellation': [
    [
      'About our account',
      "We need to talk about our account. We're not sure we'll continue after this month.",
      false,
    ],
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
    ['Today', 'Really struggling with Acme today, it is so painful to use.', false],
  ],
  notifications: [['Missing stuff', "I keep missing things because I don't hear about them anymore.", false]],
  integrations: [['Connection issue', "The connection isn't working again.", true]],
  'data-export': [['Need our data', 'We need our data. How?', false]],
  'feature-request': [
    [
      'Feedback',
      'A few thoughts after a month with Acme. Overall good, but some things would make it nicer for us.',
      false,
    ],
  ],
  'onboarding-help': [['Help', "Hi, I'm new and don't really know what I'm doing. Help?", false]],
  'security-and-privacy': [
    ['Concern', 'I have a concern about something I saw on our account. Please get back to me.', false],
  ],
  'api-and-webhooks': [
    ['Question from our developer', 'Our developer has some questions, who should they talk to?', false],
  ],
};

export interface VagueInput {
  rng: Rng;
  category: string;
  requester: DemoRequester;
  createdAt: Date;
}

export interface VagueTicket {
  subject: string;
  body: string;
  channel: DemoChannel;
  template: VagueTemplate;
}

export function composeVagueTicket(input: VagueInput): VagueTicket {
  const { rng, category, requester, createdAt } = input;
  const templates = VAGUE_TEMPLATES[category];
  if (templates === undefined || templates.length === 0) throw new Error(`No vague template for '${category}'`);
  const template = rng.pick(templates);
  const ctx: FillContext = { createdAt, requester, cache: new Map() };
  const fill = (text: string): string => fillTemplate(text, rng, ctx);
  const channel = rng.weighted<DemoChannel>(['email', 'web', 'chat'], [0.5, 0.25, 0.25]);
  const quoted = template[2] && channel === 'email' && rng.chance(0.6);
  let main = fill(template[1]);
  if (channel !== 'chat' && rng.chance(0.6)) main = `${fill(rng.pick(GREETINGS))}\n\n${main}`;
  if (rng.chance(0.25)) main = addTypos(rng, main, 1);
  if (channel === 'chat' && rng.chance(0.5)) main = main.toLowerCase();
  const blocks = [main];
  if (channel !== 'chat' && rng.chance(0.6)) blocks.push(`${rng.pick(ENDINGS)}\n${requester.firstName}`);
  let subject = fill(template[0]);
  if (quoted) {
    blocks.push(quotedReply(rng, requester, createdAt, subject, '', slotValue('agent', rng, ctx)));
    subject = `Re: ${subject}`;
  }
  return { subject, body: blocks.join('\n\n'), channel, template };
}
