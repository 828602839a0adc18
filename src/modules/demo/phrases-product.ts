/** Phrase banks: feature-request, onboarding-help. */
import type { PhraseBank } from './types.js';

export const featureRequestPhrases: PhraseBank = {
  intents: [
    [
      '[Need|Want|Requesting] the ability to {featureVerb}',
      'It would be [great|really helpful|a big help] if we could {featureVerb}.',
    ],
    [
      '[Any plans for|Roadmap question:] {featureIdea}[?|]',
      "[Are there any plans|Is there a plan] to add {featureIdea}? [We'd use it every day.|Our team keeps asking for it.]",
    ],
    [
      "[Would love|We'd love|Please add] {featureIdea}",
      "We'd love {featureIdea}. Right now we [work around it with spreadsheets|do it by hand every week].",
    ],
    [
      '[Feature request|Feature idea|FR]: {featureIdea}',
      "[Please consider adding|Could you add] {featureIdea}? [It's the main thing our team misses.|It's the one thing we miss from {competitor}.]",
    ],
    ['Suggestion[ –|:] let us {featureVerb}', 'Not a bug, just a suggestion: let us {featureVerb}.'],
    [
      '[Can you let us|Could we] {featureVerb}?',
      "Our managers [keep asking|have asked several times] whether Acme Cloud can {featureVerb}. It can't today, so I'm putting in a request.",
    ],
    ['Idea for the {area}: {featureIdea}', "[I'd like to suggest|Suggestion:] {featureIdea} in the {area}."],
    [
      '[Product feedback|Feedback] from {company}',
      "We're deciding whether to stay on {plan} and {featureIdea} would [make a big difference|tip the decision].",
    ],
    [
      'Small UX [improvement|idea]: shortcut to {featureVerb}',
      'Small idea: [a keyboard shortcut|a button] to {featureVerb} would save us a lot of clicks.',
    ],
    [
      '[ETA for|Timeline for|Roadmap:] {featureIdea}?',
      'Is {featureIdea} on the roadmap? [Even a rough timeline helps us plan.|Any ETA would help.]',
    ],
    [
      'Request: {featureIdea} in the {area}',
      'Could the {area} [support|have] {featureIdea}? [It would make planning much easier.|That would really help our PMs.]',
    ],
    [
      '[Vote|+1] for {featureIdea}',
      'Adding a vote for {featureIdea}. I saw it requested in the community forum too.',
    ],
    [
      'Missing feature[ compared to {competitor}| vs {competitor}]',
      "It's [a bit|quite] frustrating that we can't {featureVerb}; every other tool we've used does this.",
    ],
    [
      'Enhancement: {featureIdea}',
      'Feedback from our team: {featureIdea} would make Acme Cloud [so much better|much easier to roll out].',
    ],
    [
      '[Blocker for rollout|Needed before company-wide rollout]: {featureVerb}',
      'We need [a way|the ability] to {featureVerb} before we can roll Acme Cloud out to the rest of the company.',
    ],
    [
      '[Admin option|Setting] to {featureVerb}?',
      'Would you consider [letting admins|allowing users to] {featureVerb}?',
    ],
  ],
  contexts: [
    "We're a team of {seats} on the {plan} plan.",
    'We use the {area} daily for {useCase}.',
    'We moved from {competitor} last quarter.',
  ],
  details: [
    'Happy to jump on a call and show you our workflow.',
    '{competitor} has something similar, for reference.',
    'This would save us a few hours a week.',
  ],
  asks: ['Is there an ETA?', 'Please pass this on to the product team.', 'Can I be notified if this ships?'],
};

export const onboardingPhrases: PhraseBank = {
  intents: [
    [
      'Getting started[ – where do I begin?|, where to begin| with {plan}|]',
      "We [just signed up|started our trial this week] and I'm not sure [how to set up|where to start with] our first project.",
    ],
    [
      'Best way to structure our workspace[ for a {teamType} team|]',
      "What's the [best|recommended] way to structure the workspace for a {teamType} team of {seats}?",
    ],
    [
      'Help setting up sprints[| for {company}]',
      'Can someone walk me through setting up sprints? The docs [are a bit confusing|assume I already know the basics].',
    ],
    [
      '[Importing|Migrating|Moving] from {competitor}',
      "I'm trying to import our tasks from {competitor} but I'm not sure [which file format to use|how the columns map].",
    ],
    [
      'Training [session|webinar] for our [team|{teamType} team]?',
      '[Do you offer|Is there] a training session or webinar for new teams?',
    ],
    [
      'How do [project templates|templates] work?',
      'How do project templates work? Can I make one from an existing project?',
    ],
    [
      'Projects vs portfolios vs spaces?',
      "I don't understand the difference between projects, portfolios and spaces.",
    ],
    [
      'Where are the [tutorials|getting-started guides|help videos]?',
      '[Where do I find|Is there] a getting-started guide [for admins|for people new to project tools]?',
    ],
    [
      'How do automations work[?| with subtasks?]',
      'How do I [set up|create] an automation that moves a task to Done when [all subtasks are checked|the PR is merged]?',
    ],
    [
      'New to Acme Cloud[, a few questions| – questions from {company}|]',
      "We're coming from [spreadsheets|email and sticky notes], so [everything is|it's all] new. What should we set up first?",
    ],
    [
      'Statuses vs sections vs tags[?| – confused]',
      'Statuses, sections and tags all seem similar. When should I use which?',
    ],
    [
      'How to use the Timeline view[ for a launch|]',
      'How do I use the Timeline view to plan a [launch|campaign|release]?',
    ],
    [
      'Onboarding call request[ – {company}|]',
      "I'd like to book an onboarding call for our team [next week|before we roll out].",
    ],
    [
      'Recommended setup for a {teamType} team',
      'Is there a recommended setup for tracking [client work|marketing campaigns|hiring] in Acme Cloud?',
    ],
    [
      'Setting up our first board[| – {teamType} team]',
      "I set up a board but [my team can't find it|it looks nothing like the demo]. What did I miss?",
    ],
    [
      'Where do I change [the default view|working days|the start of the week]?',
      'Where do I change [the default view|working days|the start of the week] for a new project?',
    ],
  ],
  contexts: [
    "We're a {teamType} team at {company}.",
    "We're on a {plan} trial that ends {renewalDate}.",
    'Most of the team is non-technical.',
  ],
  details: [
    "We'd like to roll out to {seats} people by next month.",
    'I watched the intro video but still have questions.',
  ],
  asks: ['Any tips?', 'Is there a video or article you can point me to?', 'Can we schedule a call?'],
};
