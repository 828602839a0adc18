/**
 * Live-only intents: billing, refunds, account-cancellation, user-management, login-and-access.
 * Written the way customers talk, with little of the wording the history uses.
 */
import type { PhraseIntent } from './types.js';

export const LIVE_ACCOUNT_INTENTS: Readonly<Record<string, readonly PhraseIntent[]>> = {
  billing: [
    [
      '[Bill|Invoice] [looks off|seems high|is way higher] this month',
      "This month's bill is almost double what we normally pay and nobody here added anyone. [What happened?|Can you explain it?]",
    ],
    [
      '[Question|Confused] about [a|the] payment on our statement',
      "There's a payment to Acme on our statement for {amount} and I [can't match it to anything|don't know what it covers]. What is it for?",
    ],
    [
      '[Need|Where do I get] receipts for [our accountant|the accountant|expenses]',
      'Our accountant needs receipts for everything we paid you [this year|since {month}]. Where can I download them?',
    ],
    [
      '[Which|What] card [is on file|do you have for us]?',
      "I can't remember which card you have for us. Could you tell me, and [how to swap it for the new company card|how to use a different one]?",
    ],
    [
      'Still paying for people who left',
      "Three people left the team but we're still paying the same every month. [Shouldn't that have gone down?|Why hasn't it gone down?]",
    ],
    [
      '[Discount for nonprofits|Nonprofit pricing|Charity discount]?',
      "We're a small charity. Is there a cheaper price for nonprofits, and would it apply to what we already pay?",
    ],
  ],
  refunds: [
    [
      '[Money back|Want my money back][ please|]',
      "We signed up last week, it's not a fit for us, and I'd like the money back. [We barely used it.|Nobody on the team touched it.]",
    ],
    [
      'You took [the payment|our payment|money] twice',
      'My bank shows you took {amount} from us twice on the same day. Can you send one of them back?',
    ],
    [
      '[Still no sign of|Where is] the money you [promised|said you would send]',
      "Your colleague {agent} said we'd get {amount} back [about two weeks ago|a while ago] but nothing has come through yet.",
    ],
    [
      'Got [charged|billed] again after we stopped',
      'We stopped using Acme in {month} and told you so, but our card was [charged|billed] again. Please give it back.',
    ],
    [
      'Anything back for the [unused months|rest of the year]?',
      "We're [shutting the team down|closing the project] halfway through the year. Do we get anything back for the months we won't use?",
    ],
    [
      '[Send back|Return] the extra payment from {date}',
      "There's an extra payment of {amount} from {date} that we never [agreed to|approved]. Please send it back to the card.",
    ],
  ],
  'account-cancellation': [
    [
      "[We're done|We're finished] with Acme",
      "We've [wrapped up|finished] with the tool and don't want to keep paying. How do we [shut it down|close it all]?",
    ],
    [
      '[Please close|Close] my account',
      "I'd like to close my account [completely|for good]. I don't need it anymore.",
    ],
    [
      "[Please don't renew us|Don't renew us]",
      "Please don't renew us when the year is up. We're going with something else.",
    ],
    [
      '[Ending our contract|End of our contract]',
      "Our contract runs out on {renewalDate} and we won't be [extending|signing again]. What do we need to do?",
    ],
    [
      'How do I stop our plan?',
      'How do I stop the plan? I [went through|clicked through] every menu and only see upgrade options.',
    ],
    [
      'Shutting down our team account',
      "Our team [was dissolved|got restructured] and the workspace isn't needed anymore. Please end it [this month|now].",
    ],
  ],
  'user-management': [
    [
      '[Adding|Add] a new [starter|hire|colleague] to our team',
      'We have someone new starting on Monday. How do I get them into our workspace [with the same access as everyone else|with the right access]?',
    ],
    [
      '[Someone left|Colleague left] – what do we do with their [stuff|work]?',
      '{colleague} has left us. Can we take their account away without losing what they were working on?',
    ],
    [
      'My manager needs the same rights as me',
      'My manager needs to change workspace settings like I can. How do I give her the same admin rights?',
    ],
    [
      '[Contractor|Freelancer] should only see one project',
      "We're bringing in a freelancer for a few weeks. Can they see just the one project they're working on and nothing else?",
    ],
    [
      'Who [has access|can see what] in our workspace?',
      "Is there one place where I can see everyone who's in our workspace and what they're allowed to do?",
    ],
    [
      "New [colleague|team member] didn't get the [email|invitation]",
      'I added a new colleague this morning but she says nothing came through[, not even in junk|]. Can you send it again?',
    ],
  ],
  'login-and-access': [
    [
      "[Can't get in|Cannot get into my account]",
      "I can't get into my account since {recentDay}. It just takes me back to the start page every time I try.",
    ],
    [
      'Forgot my password and the [link|reset] [does nothing|goes nowhere]',
      'I forgot my password, asked for a new one, and the [link|button] in the email opens a page that says something went wrong.',
    ],
    [
      '[Code|Verification code] on my phone [is wrong|never works]',
      'The six-digit code from my phone never works. I type it in right away and it says it is wrong.',
    ],
    [
      'Locked out[ before a meeting| this morning|, urgent]',
      "I'm locked out and I have [a meeting|a client call] in an hour. [The site won't accept my details.|It won't let me in.]",
    ],
    [
      '[Thrown|Kicked] out of the app all the time',
      'I get signed out of the app several times a day and have to log back in each time.',
    ],
    [
      '[Company|Work] login button [not working|goes to an error]',
      'Our company login button sends me to a page that says access denied, and the rest of my team has the same problem.',
    ],
  ],
};
