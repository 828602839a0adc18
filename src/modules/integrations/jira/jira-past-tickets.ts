import { z } from 'zod';
import type { PastTicketsPage, PastTicketsRequest } from '../connector.js';
import { currentCategory, issueTicket, jiraCall, settingsOf } from './jira-api.js';

// Backfill for Jira Service Management: the enhanced JQL search
// (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post),
// oldest first, paged by Jira's `nextPageToken` until `isLast`. Who last set the category field is
// only in each issue's changelog (another call per issue), so `categorySetBy` stays unknown and
// the platform checks the value against its own write records.

/** Jira returns fewer issues per page when fields are requested; 100 is what it serves with fields. */
const MAX_RESULTS = 100;
/**
 * JQL reads a date in the searching user's time zone, to the minute
 * (https://support.atlassian.com/jira-software-cloud/docs/jql-fields/#Created). Asking from a
 * day earlier covers every offset; the exact `created` of each issue then decides.
 */
const TIME_ZONE_MARGIN_MS = 24 * 3_600_000;

const personSchema = z.object({ emailAddress: z.string().max(320).optional() }).nullish();

const searchAnswerSchema = z.object({
  issues: z
    .array(
      z.object({
        id: z.string().regex(/^\d+$/),
        key: z.string().max(100).optional(),
        fields: z
          .object({
            summary: z.string().max(1_000).nullish(),
            description: z.unknown(),
            created: z.string().max(40),
            labels: z.array(z.string()).nullish(),
            reporter: personSchema,
            assignee: personSchema,
          })
          .catchall(z.unknown()),
      }),
    )
    .default([]),
  // Absent rather than null on the last page (https://jira.atlassian.com/browse/JRACLOUD-92184).
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

/** "yyyy/MM/dd HH:mm", one of JQL's documented date formats. */
function jqlDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

export function pastTicketsJql(projectKey: string | undefined, since: Date): string {
  const from = jqlDate(new Date(since.getTime() - TIME_ZONE_MARGIN_MS));
  const project = projectKey === undefined ? '' : `project = "${projectKey}" AND `;
  return `${project}created >= "${from}" ORDER BY created ASC`;
}

export async function listJiraPastTickets(request: PastTicketsRequest): Promise<PastTicketsPage> {
  const { connection, since } = request;
  const { categoryFieldId, projectKey } = settingsOf(connection);
  const fields = ['summary', 'description', 'created', 'labels', 'reporter', 'assignee'];
  if (categoryFieldId !== 'labels') fields.push(categoryFieldId);
  const answer = await jiraCall<unknown>(request, {
    path: '/rest/api/3/search/jql',
    method: 'POST',
    json: {
      jql: pastTicketsJql(projectKey, since),
      fields,
      maxResults: Math.min(MAX_RESULTS, Math.max(1, request.pageSize)),
      ...(request.cursor === null ? {} : { nextPageToken: request.cursor }),
    },
  });
  const page = searchAnswerSchema.parse(answer.body);
  const tickets = page.issues
    .filter((issue) => Date.parse(issue.fields.created) >= since.getTime())
    .map((issue) => ({
      ticket: issueTicket(issue),
      categoryValue: currentCategory(connection, issue.fields[categoryFieldId], categoryFieldId),
      categorySetBy: null,
      setByTriage: false,
    }));
  const last = page.isLast === true || !page.nextPageToken;
  return { tickets, nextCursor: last ? null : (page.nextPageToken as string), total: null };
}
