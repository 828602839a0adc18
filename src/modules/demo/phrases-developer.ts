/** Phrase banks: data-export, api-and-webhooks. */
import type { PhraseBank } from './types.js';

export const dataExportPhrases: PhraseBank = {
  intents: [
    [
      'How to export all our data[?| before contract end| from {workspace}]',
      '[How can I|How do I] export all our projects, tasks and comments [before our contract ends|for our records]?',
    ],
    [
      'CSV export missing [columns|custom fields|subtasks|assignees]',
      'The CSV export is missing [custom fields|the assignee column|subtasks].',
    ],
    [
      'Export to Excel fails[: {exportError}|]',
      "Exporting to Excel [fails with|gives] '{exportError}' [on large projects|every time].",
    ],
    [
      '[Workspace export|Export] stuck at {percent}%',
      'Our workspace export has been stuck at {percent}% [since {recentDay}|for hours].',
    ],
    [
      'Exported CSV has [broken|garbled|weird] characters',
      'Special characters [like ä, é and ø|in names] come out [garbled|as question marks] in the exported CSV.',
    ],
    [
      '[Export|Download] attachments in bulk',
      'Is there a way to download all attachments from a project in one go?',
    ],
    [
      'Export link [expired|not working|404]',
      "The export email arrived but the [download link|link] [has already expired|says 'not found'].",
    ],
    [
      'Data export for [audit|our auditors|compliance]',
      'We need a full export including task history for an [audit|internal review].',
    ],
    [
      'Scheduled exports[?| to Google Drive?| to S3?]',
      'Can we schedule a weekly export to [Google Drive|an S3 bucket|our SFTP server]?',
    ],
    [
      'Exported dates in wrong format',
      "Exported dates are in US format[ and our tools expect ISO| but we're in Europe].",
    ],
    [
      'Export only shows first {count} rows',
      'The export only contains the first {count} rows [of the report|of tasks].',
    ],
    [
      'Download [project|{project}] as PDF',
      'I need a PDF of the {project} project [to send to a client|for our board meeting].',
    ],
    [
      'Time tracking export [per user|by person]',
      "The time tracking export [doesn't break hours down per user|lumps all users together].",
    ],
    [
      'JSON export missing archived projects',
      "The JSON export [doesn't include|leaves out] archived projects. Is there a flag for that?",
    ],
    [
      'Empty file when exporting the {area}',
      'Exporting the {area} [gives me an empty file|downloads a file with just headers].',
    ],
    [
      'Need [a full backup|full export] of [workspace|{workspace}]',
      "We're [migrating|moving] our data to [our data warehouse|another system] and need [a complete export|everything exported].",
    ],
  ],
  contexts: [
    'The workspace is {workspace}, with about {count} tasks.',
    "I'm exporting from the {area}.",
    "I'm an admin on the {plan} plan.",
  ],
  details: ['Our auditors need the file by {renewalDate}.', 'I tried CSV and XLSX, same issue.'],
  asks: [
    'Can you generate the export for us?',
    'Is there an API alternative?',
    'Can you help us get a complete file?',
  ],
};

export const apiPhrases: PhraseBank = {
  intents: [
    [
      'API returns {httpStatus} on {endpoint}',
      'Calls to {endpoint} [have been returning|keep returning|suddenly return] {httpStatus} since {recentDay}, with the same token that worked before.',
    ],
    [
      'Webhooks not firing[ since {recentDay}|]',
      "Our webhooks [stopped firing|aren't firing] for task.updated events[ since {recentDay}| for a few hours now].",
    ],
    [
      '[429 Too Many Requests|Rate limit too low][ on {endpoint}| for our sync]',
      'We [keep hitting|are constantly hitting] the rate limit (429) while syncing {count} tasks. [Can it be raised|Is there a higher tier]?',
    ],
    [
      'API token [stopped working|rejected|invalid]',
      "Our personal API token [stopped working|is rejected] with 'invalid_token' [even though|but] it hasn't expired.",
    ],
    [
      'Webhook signature verification fails',
      "The webhook signature we compute doesn't match the X-Acme-Signature header.",
    ],
    [
      'Pagination skipping records[ on {endpoint}|]',
      '[Cursor pagination|Pagination] on {endpoint} [skips|drops] records when tasks are updated during the sync.',
    ],
    [
      'OAuth app approval[ for other workspaces|]',
      'How do we get our OAuth app approved for use by other workspaces?',
    ],
    [
      'Missing field in {endpoint} response',
      'The {endpoint} response no longer includes the [custom_fields|assignee|due_on] field.',
    ],
    [
      'Webhook retries flooding our endpoint',
      'When our endpoint is slow, webhook retries [flood us|pile up] with hundreds of duplicate deliveries.',
    ],
    [
      'Create task via API [– custom fields|with custom fields]',
      "[How do I|What's the right way to] set custom field values when creating a task through the API?",
    ],
    [
      "API docs example doesn't work[| ({endpoint})]",
      'The curl example in your API docs returns [a 400|an error] when I run it as-is.',
    ],
    [
      'Webhook payload [changed format|format changed]',
      'The webhook payload format [changed|looks different] without notice and broke our parser.',
    ],
    [
      'Timeout on bulk endpoint',
      'The bulk update endpoint times out after 30 seconds for batches [over 100|of more than 200] tasks.',
    ],
    [
      'Sandbox [environment|workspace] for API testing',
      'Is there a sandbox or test workspace we can use for API development?',
    ],
    [
      'Error {apiErrorCode} from API[ ({reqId})|]',
      "We're getting {apiErrorCode} from the API with request id {reqId}.",
    ],
    [
      '[Deprecation of|Sunset date for] API v1?',
      'Is v1 of the API being deprecated, and when do we need to migrate to v2?',
    ],
  ],
  contexts: [
    "We're calling the API from a Node service hosted in {region}.",
    'Request id: {reqId}.',
    'Our integration makes about {count} requests an hour.',
  ],
  details: [
    'The same request works in Postman but not from our server.',
    'Nothing changed on our side; deployment logs confirm it.',
  ],
  asks: [
    'Can you check your logs for our workspace?',
    'Is there a changelog for this?',
    'Is this a known issue on your side?',
  ],
};
