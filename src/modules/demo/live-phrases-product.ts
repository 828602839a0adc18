/**
 * Live-only intents: bug-report, performance, feature-request, onboarding-help.
 * Written the way customers talk, with little of the wording the history uses.
 */
import type { PhraseIntent } from './types.js';

export const LIVE_PRODUCT_INTENTS: Readonly<Record<string, readonly PhraseIntent[]>> = {
  'bug-report': [
    [
      'Changes [vanish|disappear] when I [press save|save]',
      'Whenever I change a task and press save, my changes [vanish|are gone] when I open it again.',
    ],
    [
      '[Page|Screen] [broken|shows an error] since {recentDay}',
      'Since {recentDay} the page where we plan our week just shows a red message and a sad face instead of our work.',
    ],
    [
      'Board looks [scrambled|messed up]',
      "Our board is all scrambled: cards show up in the wrong columns and some have [someone else's name|the wrong person] on them.",
    ],
    [
      '[Wrong|Odd] dates [everywhere|on tasks]',
      'Every date I type in ends up as a different day once I click away.',
    ],
    [
      "[Pictures|Images] won't attach",
      'When I try to add a picture to a task, the little circle spins and then [nothing happens|it says something went wrong].',
    ],
    [
      "Totals [are wrong|don't add up]",
      "The totals at the bottom of our report [don't match|are different from] the numbers above them. Something is counting wrong.",
    ],
  ],
  performance: [
    [
      '[Takes ages|Taking forever] to [open anything|load]',
      'Everything takes ages to open today. I click on a project and wait [and wait|for ages] before anything shows.',
    ],
    [
      '[Crawling|So sluggish] [this morning|today]',
      'The site is crawling this morning. Even [moving a card|ticking off a task] takes a few seconds to go through.',
    ],
    [
      'Laptop fan [goes crazy|spins up] with Acme open',
      'As soon as I open Acme my laptop fan goes crazy and the whole computer [slows down|gets sluggish].',
    ],
    [
      'Big project [barely usable|hardly works]',
      'Our biggest project has gotten so heavy that [scrolling|clicking around] in it is painful.',
    ],
    [
      '[Waiting|Spinning wheel] [all the time|everywhere]',
      "We spend more time waiting for pages than working. It wasn't like this a month ago.",
    ],
    [
      'Phone app [very slow|crawls]',
      'On my phone the app takes forever to show my tasks, even on good wifi.',
    ],
  ],
  'feature-request': [
    [
      '[Wish list|Wishlist] item',
      "It would be [really nice|amazing] if we could [colour-code tasks by client|see everyone's week on one page|print a project as a checklist].",
    ],
    [
      'Could you add a way to copy a whole project?',
      'We run the same kind of project every month. An option to copy the whole thing with the dates moved along would save us a lot of time.',
    ],
    [
      '[Idea|Suggestion] from our team',
      "Our team was wondering if you'd think about adding [a dark mode|a calendar we can share with clients|a way to vote on tasks].",
    ],
    [
      'Something we miss from {competitor}',
      "In {competitor} we could [set a task to repeat on the last Friday|put a task in more than one project]. Any chance you'd add that?",
    ],
    [
      '[Please|Pls] make [checklists|our lists] reusable',
      'We keep retyping the same checklist for every new client. Being able to save it and reuse it would be great.',
    ],
    [
      '[Nice to have|Would be nice]: {featureIdea}',
      'Not urgent, but {featureIdea} would be a really nice addition for us.',
    ],
  ],
  'onboarding-help': [
    [
      '[Just started|New here][, where do I begin?| – first steps?]',
      "We [just started|are brand new] and I'm a bit lost. What should I do first to get my team going?",
    ],
    [
      '[Best|Right] way to [organise|lay out] our work?',
      'How would you [organise|lay out] things for a team that does [client projects|events|content]? I keep rearranging it.',
    ],
    [
      "[Don't understand|Confused by] boards and lists",
      "I don't get how boards and lists relate to each other. Is it the same tasks shown two ways?",
    ],
    [
      '[Can someone|Could you] show us around?',
      'Could someone give our team a quick tour of the basics? Most of us have never used a tool like this.',
    ],
    [
      'Moving our [spreadsheet|tracker] into Acme',
      "We've been keeping everything in one big spreadsheet. What's the easiest way to bring it in?",
    ],
    [
      '[How do I|Where do I] make our first project?',
      'Sorry if this is basic, but how do I make a project and get my team into it?',
    ],
  ],
};
