/**
 * The local Jira's enhanced JQL search, `POST /rest/api/3/search/jql`, as documented
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post):
 * a body of `jql`, `fields`, `maxResults` (default 50) and `nextPageToken`; an answer of `issues`
 * (each with `id`, `key`, `self` and only the requested `fields`; none asked: ids only),
 * `nextPageToken` (absent on the last page, https://jira.atlassian.com/browse/JRACLOUD-92184) and
 * `isLast`. It understands the JQL the connector writes — `field op value` clauses joined by AND
 * on `project` and `created`, and `ORDER BY created|key ASC|DESC` — and answers anything else, an
 * unbounded query or a date outside JQL's formats with Jira's 400
 * (https://support.atlassian.com/jira-software-cloud/docs/jql-fields/). Dates are read in UTC,
 * the time zone of the local Jira's users.
 */
import type { JsonReply } from '../../test-support/helpdesk-test-server.js';

export interface SearchableIssue {
  id: number;
  key: string;
  created: string;
  json: { id: string; key: string; fields: Record<string, unknown> };
}

interface Clause {
  field: 'project' | 'created';
  op: '=' | '>=' | '>' | '<=' | '<';
  value: string;
}

const MAX_WITH_FIELDS = 100;
const MAX_IDS_ONLY = 5_000;

const badRequest = (...errorMessages: string[]): JsonReply => ({
  status: 400,
  body: { errorMessages, errors: {}, warningMessages: [] },
});

/** "yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm", "yyyy/MM/dd" or "yyyy-MM-dd", in UTC. */
function jqlDate(text: string): number | null {
  const match = /^(\d{4})[/-](\d{2})[/-](\d{2})(?: (\d{2}):(\d{2}))?$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00'] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
}

function parseJql(jql: string): { clauses: Clause[]; order: { field: string; sign: number } } | string {
  const [where = '', orderBy] = jql.split(/(?:^|\s+)ORDER\s+BY\s+/i);
  const order = { field: 'key', sign: 1 };
  if (orderBy !== undefined) {
    const match = /^(created|key)(?:\s+(ASC|DESC))?$/i.exec(orderBy.trim());
    if (!match) return `Error in the JQL Query: cannot order by '${orderBy.trim()}'.`;
    order.field = (match[1] as string).toLowerCase();
    order.sign = match[2]?.toUpperCase() === 'DESC' ? -1 : 1;
  }
  const clauses: Clause[] = [];
  for (const part of where.trim() === '' ? [] : where.split(/\s+AND\s+/i)) {
    const match = /^(\w+)\s*(>=|<=|=|>|<)\s*(?:"([^"]*)"|(\S+))$/.exec(part.trim());
    if (!match) return `Error in the JQL Query: '${part.trim()}' is not a clause this Jira reads.`;
    const field = (match[1] as string).toLowerCase();
    if (field !== 'project' && field !== 'created') {
      return `Field '${match[1]}' does not exist or you do not have permission to view it.`;
    }
    clauses.push({ field, op: match[2] as Clause['op'], value: match[3] ?? (match[4] as string) });
  }
  if (clauses.length === 0) {
    return 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';
  }
  return { clauses, order };
}

function matches(issue: SearchableIssue, clause: Clause): boolean | string {
  if (clause.field === 'project') {
    const project = issue.key.split('-')[0] as string;
    return clause.op === '='
      ? project === clause.value
      : `The operator '${clause.op}' is not supported by the 'project' field.`;
  }
  const at = jqlDate(clause.value);
  if (at === null) {
    return `Date value '${clause.value}' for field 'created' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`;
  }
  // JQL compares to the minute.
  const created = Math.floor(Date.parse(issue.created) / 60_000) * 60_000;
  switch (clause.op) {
    case '=':
      return created === at;
    case '>=':
      return created >= at;
    case '>':
      return created > at;
    case '<=':
      return created <= at;
    case '<':
      return created < at;
  }
}

/** The page token: opaque to clients, tied to its query like Jira's. */
const token = (jql: string, offset: number) =>
  Buffer.from(JSON.stringify({ jql, offset })).toString('base64url');

function readToken(text: string, jql: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as {
      jql?: unknown;
      offset?: unknown;
    };
    return parsed.jql === jql && typeof parsed.offset === 'number' ? parsed.offset : null;
  } catch {
    return null;
  }
}

export function searchJql(all: readonly SearchableIssue[], body: unknown, baseUrl: string): JsonReply {
  const request = (body ?? {}) as {
    jql?: unknown;
    fields?: unknown;
    maxResults?: unknown;
    nextPageToken?: unknown;
  };
  if (typeof request.jql !== 'string') return badRequest('The JQL query is required.');
  const query = parseJql(request.jql);
  if (typeof query === 'string') return badRequest(query);
  const fields = Array.isArray(request.fields)
    ? request.fields.filter((f): f is string => typeof f === 'string')
    : [];
  const idsOnly = fields.every((field) => field === 'id' || field === 'key');
  const cap = idsOnly ? MAX_IDS_ONLY : MAX_WITH_FIELDS;
  const wanted = typeof request.maxResults === 'number' ? request.maxResults : 50;
  const maxResults = Math.min(cap, Math.max(1, wanted));
  let offset = 0;
  if (request.nextPageToken !== undefined && request.nextPageToken !== null) {
    const read =
      typeof request.nextPageToken === 'string' ? readToken(request.nextPageToken, request.jql) : null;
    if (read === null) return badRequest('The provided next page token is invalid or expired.');
    offset = read;
  }
  const found: SearchableIssue[] = [];
  for (const issue of all) {
    let keep = true;
    for (const clause of query.clauses) {
      const result = matches(issue, clause);
      if (typeof result === 'string') return badRequest(result);
      keep &&= result;
    }
    if (keep) found.push(issue);
  }
  const { field, sign } = query.order;
  found.sort(
    (a, b) =>
      sign *
      (field === 'created' ? Date.parse(a.created) - Date.parse(b.created) || a.id - b.id : a.id - b.id),
  );
  const page = found.slice(offset, offset + maxResults);
  const isLast = offset + page.length >= found.length;
  const everyField = fields.includes('*all') || fields.includes('*navigable');
  return {
    status: 200,
    body: {
      issues: page.map((issue) => ({
        expand: '',
        id: issue.json.id,
        self: `${baseUrl}/rest/api/3/issue/${issue.json.id}`,
        key: issue.json.key,
        ...(idsOnly
          ? {}
          : {
              fields: Object.fromEntries(
                Object.entries(issue.json.fields).filter(([name]) => everyField || fields.includes(name)),
              ),
            }),
      })),
      ...(isLast ? {} : { nextPageToken: token(request.jql, offset + page.length) }),
      isLast,
    },
  };
}
