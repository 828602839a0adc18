import { z } from 'zod';
import type { PastTicketsPage, PastTicketsRequest } from '../connector.js';
import { categoryOfValue } from '../write-back-plan.js';
import { githubCall, nextLink, repoPath } from './github-api.js';
import { type GitHubIssue, githubIssueSchema, issueTicket } from './github-payload.js';

// Backfill for GitHub Issues: the repository's issues, oldest first, through "List repository
// issues" (https://docs.github.com/en/rest/issues/issues#list-repository-issues). That endpoint
// also lists pull requests (items with `pull_request`), which are skipped, and its `since` filters
// on the last update, so issues created earlier are filtered out here. Who added a label is only
// in each issue's timeline (one more call per issue), so `categorySetBy` stays unknown and the
// platform checks the label against its own write records.

const MAX_PER_PAGE = 100;

/**
 * Where a run stands: the next page, its size (pages only line up with the same size) and the
 * last issue read. Sorted by creation, a page can only shift forward (an older issue updated after
 * `since` joins the list), so issues at or before `after` are ones already read.
 */
const cursorSchema = z.object({
  page: z.number().int().positive(),
  perPage: z.number().int().min(1).max(MAX_PER_PAGE),
  after: z.object({ createdAt: z.string(), number: z.number().int() }).nullable(),
});
type Cursor = z.infer<typeof cursorSchema>;

const listedIssueSchema = githubIssueSchema.extend({ created_at: z.string().max(40) });

/** GitHub writes times without milliseconds, and so must `since`: 2019-05-15T15:20:18Z. */
const githubTime = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

function readCursor(cursor: string | null, pageSize: number): Cursor {
  if (cursor === null) {
    return { page: 1, perPage: Math.min(MAX_PER_PAGE, Math.max(1, pageSize)), after: null };
  }
  return cursorSchema.parse(JSON.parse(cursor));
}

/** Whether `issue` comes after `after` in the list's order (created, then number). */
function isAfter(issue: { created_at: string; number: number }, after: Cursor['after']): boolean {
  if (after === null) return true;
  const at = Date.parse(issue.created_at);
  const last = Date.parse(after.createdAt);
  return at > last || (at === last && issue.number > after.number);
}

/** The page number of the Link header's rel="next", or null on the last page. */
function nextPage(headers: Headers): number | null {
  const next = nextLink(headers);
  if (next === null) return null;
  const page = Number(new URL(next).searchParams.get('page'));
  return Number.isInteger(page) && page > 0 ? page : null;
}

export async function listGitHubPastTickets(request: PastTicketsRequest): Promise<PastTicketsPage> {
  const { connection, http, since } = request;
  const cursor = readCursor(request.cursor, request.pageSize);
  const query = new URLSearchParams({
    state: 'all',
    since: githubTime(since),
    sort: 'created',
    direction: 'asc',
    per_page: String(cursor.perPage),
    page: String(cursor.page),
  });
  const answer = await githubCall<unknown>(connection, http, {
    path: `${repoPath(connection)}/issues?${query}`,
  });
  const items = z.array(listedIssueSchema).parse(answer.body);
  const tickets = items
    .filter((item) => item.pull_request === undefined)
    .filter((item) => Date.parse(item.created_at) >= since.getTime() && isAfter(item, cursor.after))
    .map((issue) => pastTicket(connection, issue));
  const page = nextPage(answer.headers);
  const last = items.at(-1);
  const after = last === undefined ? cursor.after : { createdAt: last.created_at, number: last.number };
  return {
    tickets,
    nextCursor: page === null ? null : JSON.stringify({ page, perPage: cursor.perPage, after }),
    total: null,
  };
}

function pastTicket(connection: PastTicketsRequest['connection'], issue: GitHubIssue) {
  const label = issue.labels.find((candidate) => categoryOfValue(connection, candidate.name) !== null);
  return {
    ticket: issueTicket(issue),
    categoryValue: label?.name ?? null,
    categorySetBy: null,
    setByTriage: false,
  };
}
