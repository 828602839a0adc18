/** Phrase banks: notifications, integrations. */
import type { PhraseBank } from './types.js';

export const notificationPhrases: PhraseBank = {
  intents: [
    [
      'Not receiving email notifications[ since {recentDay}|]',
      "I [stopped getting|haven't received] email notifications [since {recentDay}|for about a week] even though they're [turned on|enabled] in my settings.",
    ],
    [
      '[Too many|Way too many|Drowning in] notifications',
      "I'm getting [way too many|dozens of|hundreds of] notifications a day. Is there a way to [only get|limit it to] mentions?",
    ],
    [
      'Push notifications stopped on {os}',
      "Push notifications on {os} [stopped working|don't come through] after the last app update.",
    ],
    [
      'Daily digest [not arriving|missing|stopped]',
      "The daily digest email [doesn't arrive anymore|hasn't arrived since {recentDay}].",
    ],
    [
      "[Notified|Getting notifications] for tasks I'm not on",
      "I get notified about tasks in projects I'm not even a member of.",
    ],
    [
      "Notification settings [don't save|keep resetting|revert]",
      'When I change my notification settings and hit save, they [revert|go back to the defaults] after [a refresh|I log out].',
    ],
    [
      '[Duplicate|Double] notifications[ by email|]',
      'Every notification [arrives twice|comes in two or three times] by email.',
    ],
    [
      'Reminder emails [sent at wrong time|arrive at 3am|ignore my timezone]',
      'Due date reminders are sent at [3am|the wrong time]; looks like they use UTC instead of my timezone.',
    ],
    [
      '[Turn off|Mute|Silence] notifications for one project',
      'How do I mute notifications for one noisy project without turning off everything?',
    ],
    [
      '[Mention|@mention] notifications missing',
      "People say they @mentioned me but I [never got|didn't get] a notification.",
    ],
    [
      'Desktop notifications not showing on {os}',
      "Desktop notifications [don't show|never pop up] on {os} even though I allowed them in the browser.",
    ],
    [
      'Notification emails going to spam[ at {colleagueDomain}|]',
      'Your notification emails are [landing in spam|being flagged as spam] for everyone at {colleagueDomain}.',
    ],
    [
      "Unsubscribe link [doesn't work|broken|gives error]",
      "The unsubscribe link in the notification email [leads to an error|says 'link invalid'].",
    ],
    [
      'Notification badge stuck[ at {seatsDiff}|]',
      "[The red badge|The notification counter] [shows {seatsDiff} unread|stays on] even after I've read everything.",
    ],
    [
      '[Reminders|Notifications] for archived projects',
      'We still get reminders for tasks in projects [we archived|that were archived] months ago.',
    ],
    [
      'Weekly summary email[ – wrong week| shows old tasks]',
      'The weekly summary email [shows|lists] tasks from the wrong week.',
    ],
  ],
  contexts: [
    'My email is {requesterEmail}.',
    'I use the app on {os} and {browser}.',
    'My timezone is set to {timezone}.',
  ],
  details: ['I checked spam and the notification settings page.', 'Colleagues have the same problem.'],
  asks: [
    'Can you check my notification settings on your side?',
    'How do I fix this?',
    'Is this a known issue?',
  ],
};

export const integrationPhrases: PhraseBank = {
  intents: [
    [
      '{integration} integration not syncing[| since {recentDay}]',
      "Our {integration} integration [hasn't synced|has not been syncing] since {recentDay}[ and nothing's changed on our side|].",
    ],
    [
      "[Can't|Unable to|Cannot] connect {integration}[: {integrationError}|]",
      "When I try to connect {integration} I get '{integrationError}' after [the authorisation screen|I click Allow].",
    ],
    [
      'Slack [notifications|messages] stopped[ in #{slackChannel}|]',
      'Slack [notifications|messages] for new tasks [stopped coming through|no longer post] to #{slackChannel}.',
    ],
    [
      'GitHub PRs not linking to tasks',
      "GitHub pull requests [aren't linking|no longer link] to tasks even though we put the task ID in the branch name.",
    ],
    [
      'Google Calendar sync [duplicates events|creates duplicates]',
      'The Google Calendar sync [creates duplicate events|duplicates every due date][ in our calendars| two or three times].',
    ],
    [
      '{integration} keeps disconnecting',
      '{integration} disconnects [every few days|every morning] and someone has to re-authorise it.',
    ],
    [
      'Zapier zap fails with {httpStatus}',
      'Our Zapier zap that creates tasks from form entries [fails with|returns] a {httpStatus} error.',
    ],
    [
      'Teams [app|tab] shows "Something went wrong"',
      "The Microsoft Teams tab just shows 'Something went wrong' for [everyone|most of us].",
    ],
    ['Two-way sync with {integration}?', 'Is there a two-way sync with {integration}, or only one-way?'],
    [
      'Google Drive files not previewing',
      "Google Drive attachments show 'preview not available' [for everything|for any file].",
    ],
    [
      '{integration} [maps tasks to wrong user|assigns wrong person]',
      'Tasks created from {integration} get assigned to the wrong person.',
    ],
    [
      'Reconnect {integration} after admin left',
      "The admin who set up {integration} left, and now [we can't reconfigure it|the integration is broken].",
    ],
    [
      'Jira sync [issues|maps statuses wrong|out of sync]',
      "The Jira sync [maps statuses wrong|puts everything in 'To do'], so our boards are out of sync.",
    ],
    [
      '[Does Acme integrate|Integration] with {integration}?',
      "[Does|Can] Acme Cloud integrate with {integration}? [I couldn't find it in the marketplace.|It's not in the list.]",
    ],
    [
      'Outlook add-in missing[ after update|]',
      'The Outlook add-in [disappeared|is missing] from the ribbon after the last Office update.',
    ],
    [
      'Salesforce integration [not creating projects|stopped working]',
      "Salesforce opportunities [aren't creating|no longer create] projects like they [used to|did before].",
    ],
  ],
  contexts: [
    "We're on the {plan} plan; the integration was set up by {colleague}.",
    "It's connected to the {workspace} workspace.",
    'We use {integration} across the whole company.',
  ],
  details: [
    "I've already disconnected and reconnected it twice.",
    'Nothing shows up in the integration logs.',
  ],
  asks: [
    'Can you check the logs on your side?',
    'Is there a known outage with {integration}?',
    'Do I need to re-authorise?',
  ],
};
