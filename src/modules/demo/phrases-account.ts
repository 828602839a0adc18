/** Phrase banks: account-cancellation, user-management. */
import type { PhraseBank } from './types.js';

export const cancellationPhrases: PhraseBank = {
  intents: [
    [
      'Cancel our subscription[| please|, {company}| – {plan}]',
      "We've decided [not to renew|to stop using Acme Cloud] and [would like to|want to|need to] cancel our subscription[ at the end of the current term|].",
    ],
    [
      "[Cancellation request|Please cancel][ – {plan} plan| for {company}| {company}'s account]",
      'Please cancel the {plan} plan for {company} effective [immediately|{renewalDate}|at the end of this billing period].',
    ],
    [
      "[Can't|Cannot] find the cancel button",
      "I [can't find|looked everywhere for] a cancel button in the admin settings. How do I actually [close the account|cancel]?",
    ],
    [
      "[We're moving|Moving|Switching] to {competitor}[, cancel please|, please cancel| – stop auto-renewal]",
      'Our team is moving to {competitor}, so please [turn off|disable] auto-renewal for our workspace.',
    ],
    [
      '[Termination notice|Notice of termination] for contract {contractId}',
      'This is our formal [notice of termination|cancellation notice] for contract {contractId}, as required by the [60|30]-day notice clause.',
    ],
    [
      '[Downgrade and cancel|Cancel] – project finished',
      "We're a small team and the project ended, so we [no longer need|don't need] the paid plan.",
    ],
    [
      'Pause our account [for the summer|until {month}|instead of cancelling]?',
      'Can we pause the account for [two|three] months instead of cancelling? [Budget is frozen|Things are quiet] until {month}.',
    ],
    [
      '[Delete|Close] workspace and cancel billing',
      'I want to cancel my account and [close|shut down] [the workspace|everything] [tied to it|under it].',
    ],
    [
      'Not renewing [on {renewalDate}|in {month}|this year]',
      'Budget cuts mean we have to [cancel|drop] Acme Cloud at renewal on {renewalDate}.',
    ],
    [
      'Confirm cancellation[ of our {plan} plan| for {company}|]',
      '[Please confirm|Can you confirm] that our account is cancelled. I [clicked|went] through the cancel flow but still see the {plan} plan.',
    ],
    [
      'Cancel paid plan, keep [free workspace|the free tier]',
      "[We'd like to|I want to] cancel the paid plan but keep a free workspace so people can still see old projects.",
    ],
    [
      "End our trial [early|now][| – please don't charge]",
      "Our trial isn't working out for us, please end it and make sure we're not charged.",
    ],
    [
      'Close account for {workspace}[| – company closing]',
      'The company is [closing down|being acquired|winding down operations], so we need to close the account.',
    ],
    [
      'Cancel flow [not working|broken|keeps redirecting]',
      'I tried to cancel but the page [keeps redirecting me to a discount offer|errors out|just reloads].',
    ],
    [
      '[Stop|Turn off|Disable] auto-renewal[ for {workspace}| before {renewalDate}|]',
      'We only signed up for a one-off project and [forgot to cancel|never cancelled] afterwards. Please cancel now and stop the auto-renewal.',
    ],
    [
      '[Unsubscribe from {plan}|Cancelling {plan}|Leaving Acme Cloud]',
      "Honestly the tool is [too complex|overkill] for our team, so we're going to cancel.",
    ],
  ],
  contexts: [
    "We've been customers since {year}.",
    'The workspace is {workspace} on the {plan} plan.',
    'Our renewal date is {renewalDate}.',
    "I'm the account owner for {company}.",
  ],
  details: [
    "We've already exported what we need.",
    "Please don't offer a discount, the decision is final.",
    'Our procurement team requires written confirmation of the cancellation.',
    "We might come back next year, so keep the free workspace if that's possible.",
  ],
  asks: [
    'Please send written confirmation.',
    'Will we be charged anything else?',
    'Let me know if anything else is needed from me.',
    'What is the last day we can still use it?',
  ],
};

export const userManagementPhrases: PhraseBank = {
  intents: [
    [
      '[Bulk invite|Invite in bulk|Mass invite] {count} users',
      "[How do I|What's the best way to] add {count} new people to our workspace without inviting them one by one?",
    ],
    [
      '[Remove|Offboard|Deactivate] [a user who left|ex-employee {colleague}|{colleague}]',
      '{colleague} left the company [last week|on {date}]. How do I remove them and [keep|preserve] their tasks?',
    ],
    [
      '[Make|Promote] {colleague} [an admin|to admin|to workspace admin]',
      'I need to make {colleague} an admin but the role dropdown is [greyed out|disabled] for me.',
    ],
    [
      '[Invites|Invitations|Invite emails] not [being received|arriving][ at {colleagueDomain}|]',
      "The [invitation|invite] emails [aren't arriving|never arrive] for people at {colleagueDomain}.",
    ],
    [
      'Transfer [ownership of workspace|workspace ownership][ to me| – {workspace}|]',
      "We want to transfer ownership of the workspace from {colleague} to me because [they're leaving|they've changed roles].",
    ],
    [
      'Deactivated [users|user] still [in seat count|counted as seats]',
      'We deactivated {seatsDiff} users but they still count toward our seats in the Members page.',
    ],
    [
      'Guest access for [a client|our client|contractors|an external agency]',
      'Can we give [a client|an outside contractor] guest access to just one project without them seeing everything else?',
    ],
    [
      'SCIM provisioning [not creating users|broken|failing] ({ssoProvider})',
      "Our SCIM provisioning from {ssoProvider} [stopped creating|isn't creating] new users[ since {recentDay}| anymore].",
    ],
    [
      'Merge two user accounts[ for {colleague}|]',
      "[Someone|A user] ended up with two accounts (work and personal email) and we'd like to merge them.",
    ],
    [
      '[Restrict|Stop] members from creating projects',
      'How can I stop regular members from creating new projects? [Only admins should be able to do that.|I want that limited to admins.]',
    ],
    [
      'Invite link [expired|invalid|not working][| for new hire|]',
      "The invite link I sent [has expired|says it's invalid] before [the new hire|our contractor] could use it.",
    ],
    [
      '[User groups|Teams|Groups] setup[| for {company}| question]',
      "I'd like to set up user groups so we can add [the design team|marketing|engineering] to projects in one go.",
    ],
    [
      'Removed member can still see projects',
      'A member [can still see|still has access to] projects they were removed from.',
    ],
    [
      '[Change|Update] account owner to {colleague}',
      'We need to change the account owner to {colleague}, who now handles [IT|operations|admin].',
    ],
    [
      "[Role change doesn't stick|Can't change user roles|Viewer role reverts]",
      "When I change someone's role to 'Viewer', it [reverts|switches back] to 'Member' after a refresh.",
    ],
    [
      '[Find inactive users|List of inactive members|Clean up unused seats]',
      "Is there a way to see which users haven't logged in for 90 days so we can clean up seats?",
    ],
    [
      'Reassign tasks from [departed employee|{colleague}|a colleague who left]',
      'How do I reassign all open tasks from {colleague} to someone else in one go?',
    ],
  ],
  contexts: [
    "I'm an admin on the {workspace} workspace.",
    'We have {seats} users on the {plan} plan.',
    'Our users are provisioned through {ssoProvider}.',
    'The person in question is {colleague} ({colleagueEmail}).',
  ],
  details: [
    'We have a new hire starting on Monday.',
    'This is for an audit, so we need it done this week.',
    "I've tried from the Members page and from the project settings.",
  ],
  asks: [
    'Can you do this on your end?',
    'Is there a doc on roles and permissions?',
    "What's the recommended way to handle this?",
  ],
};
