/**
 * Live-only intents: integrations, notifications, data-export, api-and-webhooks, security-and-privacy.
 * Written the way customers talk, with little of the wording the history uses.
 */
import type { PhraseIntent } from './types.js';

export const LIVE_CONNECTED_INTENTS: Readonly<Record<string, readonly PhraseIntent[]>> = {
  integrations: [
    [
      '[Our|The] {integration} [connection|link] stopped [working|doing anything]',
      'The link between Acme and {integration} stopped doing anything {recentDay}. Nothing new comes across anymore.',
    ],
    [
      '[Chat|Slack] [messages|alerts] went quiet',
      'We used to get a message in our team chat every time a task was done. That went quiet {recentDay}.',
    ],
    [
      '[Calendar|My calendar] shows everything [twice|three times]',
      'My calendar now shows every deadline from Acme two or three times.',
    ],
    [
      'Can Acme [talk to|work with] {integration}?',
      'We use {integration} for everything. Is there a way to get Acme and {integration} to [talk to each other|share information]?',
    ],
    [
      'Keeps asking me to [reconnect|sign in to] {integration}',
      'Every few days Acme asks me to sign in to {integration} again and [the connection breaks|everything stops] until I do.',
    ],
    [
      'Tasks from {integration} [show up wrong|come in wrong]',
      'Tasks that come in from {integration} [land in the wrong project|have the wrong person on them].',
    ],
  ],
  notifications: [
    [
      '[Not getting|No] [emails|alerts] from you anymore',
      "I'm not getting any notification emails from Acme anymore when someone [gives me a task|assigns me something].",
    ],
    [
      '[Inbox|My inbox] [flooded with|full of] Acme emails',
      "My inbox is full of Acme alerts. I only want to be notified about things [that are mine|I'm tagged in].",
    ],
    [
      "Phone [doesn't buzz|stays silent] for new tasks",
      "My phone doesn't [buzz|ping] with Acme alerts anymore when something happens[, it used to|].",
    ],
    [
      '[Alerts|Reminders] at [the wrong time|odd hours]',
      "Reminders show up in the middle of the night for me. [I'm in {timezone}.|My time zone is {timezone}.]",
    ],
    [
      "Emails about other [people's|teams'] tasks",
      'Why do I get email alerts about tasks that have nothing to do with me? [Can I turn that off?|How do I stop it?]',
    ],
    [
      "Red dot [won't go away|stays on]",
      "The little red dot [says I have unread things|stays there] but there's nothing new to read.",
    ],
  ],
  'data-export': [
    [
      '[Get|Getting] [all our stuff|everything] out of Acme',
      "Is there a way to download everything we've put into Acme as a file [we can keep|for our records]?",
    ],
    [
      'Spreadsheet [download|from Acme] is missing stuff',
      "When I download our tasks as a spreadsheet, half the [information|columns] isn't there.",
    ],
    [
      '[Download|Backup] [never finishes|never shows up]',
      'I asked for a download of our workspace {recentDay} and the file still has not shown up.',
    ],
    [
      'Copies of all our [files|documents] [in one go|at once]',
      'We need to download copies of all the files people uploaded to tasks. Can we get them in one go?',
    ],
    [
      '[Report|Table] into Excel',
      'How do I get this report into Excel [so I can share it with my boss|for our finance team]?',
    ],
    [
      '[Funny|Odd] [letters|characters] in the downloaded file',
      'Names with accents look [garbled|broken] when I open the downloaded file.',
    ],
  ],
  'api-and-webhooks': [
    [
      'Our [script|code] gets errors from your [server|API] now',
      "Our script that [creates tasks|pulls tasks] every night started getting {httpStatus} errors {recentDay}. The code hasn't changed.",
    ],
    [
      '[Events|Callbacks] not reaching our server',
      "Our server isn't getting the [event|callback] messages from Acme anymore when a task changes.",
    ],
    [
      '[Limit|Cap] on [calls|requests]?',
      'How many requests can we make per minute? Our nightly sync keeps getting [cut off|blocked] halfway.',
    ],
    [
      '[Developer|Dev] key [stopped working|not accepted]',
      "The key our developers use to talk to Acme is suddenly [not accepted|refused], and we didn't change it.",
    ],
    [
      '[Building|Writing] [our own|a custom] [connector|tool] on Acme',
      'We want to build a small [internal tool|connector] on top of Acme. Where do we start, and is there a test account?',
    ],
    [
      '[Responses|Data] from [the|your] API [look different|changed]',
      'The data your API sends back [looks different|has changed shape] since {recentDay} and our [code|dashboard] broke.',
    ],
  ],
  'security-and-privacy': [
    [
      '[Someone|Somebody] [logged|signed] into my account',
      "I got an email that someone signed into my account from {city}. That wasn't me. What should I do?",
    ],
    [
      '[Who can see|Can your staff see] our [data|projects]?',
      'Our legal team wants to know whether people at Acme can [look at|open] our projects, and when.',
    ],
    [
      '[Delete|Remove] everything you [have|hold] on me',
      "I'm not a customer anymore and I want all my personal information removed from your systems.",
    ],
    [
      '[Compliance|Paperwork] for our [legal team|procurement]',
      "Procurement won't sign off until we have your [security documents|certifications and policies]. Who can send those over?",
    ],
    [
      'Weird email asking for our card details',
      "We got an email that looks like it's from you asking us to confirm card details on an odd-looking site. Is that really you?",
    ],
    [
      'Is Acme [HIPAA|GDPR] compliant?',
      "Before we put client information into Acme, we need to know if you're [HIPAA|GDPR] compliant and where the servers are.",
    ],
  ],
};
