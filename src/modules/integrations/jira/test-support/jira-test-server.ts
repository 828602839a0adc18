/**
 * A local server for tests that implements the parts of the Jira Cloud REST API v3, the Jira
 * Service Management request comment API and Jira webhooks that the Jira connector uses:
 *
 *   GET  /rest/api/3/issue/{id}                  https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get
 *   PUT  /rest/api/3/issue/{id} → 204            https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
 *        (a single-select custom field set as `{"customfield_NNNNN": {"value": "..."}}`; labels
 *        edited as `{"update": {"labels": [{"add": "x"}, {"remove": "y"}]}}`)
 *   GET  /rest/servicedeskapi/request/{id}/comment   https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-comment-get
 *   POST /rest/servicedeskapi/request/{id}/comment   https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-comment-post
 *        (`{"body": "...", "public": false}` is an internal comment)
 *   GET  /rest/api/3/myself                      https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/#api-rest-api-3-myself-get
 *   POST /rest/api/3/search/jql                  https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
 *        (the enhanced search with `nextPageToken` and `isLast`: jira-search.ts)
 *
 * Authentication: basic auth of e-mail and API token
 * (https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/); errors are
 * `{"errorMessages": [...], "errors": {...}}` with 400/401/403/404
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#status-codes); rate limits
 * answer 429 with `Retry-After` in seconds (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/).
 *
 * Webhooks: an admin webhook with a secret, for jira:issue_created, jira:issue_updated (with the
 * `changelog` of what changed and the acting `user`) and comment_created
 * (https://developer.atlassian.com/cloud/jira/platform/webhooks/#example-callback-for-an-issue-related-event),
 * signed `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>` and identified by
 * `X-Atlassian-Webhook-Identifier` (https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks).
 * Changes by people (`act`) and by the API (Triage's own writes) both fire the webhook.
 */
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../../../platform/clock.js';
import {
  type HelpdeskTestServerCore,
  type JsonReply,
  type RecordedRequest,
  recordRoute,
  startHelpdeskTestServer,
} from '../../test-support/helpdesk-test-server.js';
import { jiraSignature } from '../jira-signature.js';
import { searchJql } from './jira-search.js';

export interface JiraUser {
  accountId: string;
  emailAddress: string;
  displayName: string;
  apiToken?: string;
}

export interface JiraComment {
  id: string;
  body: string;
  public: boolean;
  authorId: string;
}

export interface JiraIssue {
  id: number;
  key: string;
  summary: string;
  description: string;
  reporterId: string;
  created: string;
  labels: string[];
  /** Custom field id → selected option value. */
  options: Record<string, string | null>;
  comments: JiraComment[];
  /** Every change, in order: who changed which field to what (a comment counts as `comment`). */
  history: Array<{ by: string; field: string; to: string | null }>;
}

export type JiraFailure =
  | { kind: 'rate_limited'; retryAfterSeconds?: number }
  | { kind: 'unavailable'; retryAfterSeconds?: number };

export interface JiraTestServer extends HelpdeskTestServerCore<JiraFailure> {
  subscribe(webhook: { url: string; secret: string }): void;
  readonly act: {
    createIssue(by: string, issue: { summary: string; description: string }): JiraIssue;
    setOption(by: string, id: number, fieldId: string, value: string | null): void;
    setLabels(by: string, id: number, labels: string[]): void;
  };
  issue(id: number): JiraIssue;
  deliverRaw(body: string, options?: { secret?: string; signature?: string | null }): void;
}

export const jiraError = (status: number, ...errorMessages: string[]): JsonReply => ({
  status,
  body: { errorMessages, errors: {} },
});
const notFound = () => jiraError(404, 'Issue does not exist or you do not have permission to see it.');

/** Jira's timestamps: 2026-03-02T09:00:00.000+0000. */
const jiraTime = (at: Date) => at.toISOString().replace('Z', '+0000');

export async function startJiraTestServer(options: {
  users: JiraUser[];
  clock?: Clock;
}): Promise<JiraTestServer> {
  const clock = options.clock ?? systemClock;
  const users = new Map(options.users.map((user) => [user.accountId, user]));
  const issues = new Map<number, JiraIssue>();
  let webhook: { url: string; secret: string } | undefined;
  let nextId = 10_000;

  const userJson = (id: string) => {
    const user = users.get(id);
    return { accountId: id, emailAddress: user?.emailAddress, displayName: user?.displayName };
  };
  const issueJson = (issue: JiraIssue) => ({
    id: String(issue.id),
    key: issue.key,
    fields: {
      summary: issue.summary,
      description: issue.description,
      created: issue.created,
      labels: issue.labels,
      reporter: userJson(issue.reporterId),
      assignee: null,
      ...Object.fromEntries(
        Object.entries(issue.options).map(([field, value]) => [field, value === null ? null : { value }]),
      ),
    },
  });

  function send(body: Record<string, unknown>): void {
    if (!webhook) return;
    const text = JSON.stringify({ timestamp: Date.now(), ...body });
    core.sendWebhook(
      webhook.url,
      {
        'content-type': 'application/json',
        'x-hub-signature': jiraSignature(webhook.secret, text),
        'x-atlassian-webhook-identifier': randomUUID(),
      },
      text,
    );
  }

  /** Records a field change and sends jira:issue_updated with its changelog item. */
  function changed(
    by: string,
    issue: JiraIssue,
    item: {
      field: string;
      fieldtype: string;
      fieldId: string;
      fromString: string | null;
      toString: string | null;
    },
  ): void {
    issue.history.push({ by, field: item.fieldId, to: item.toString });
    send({
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_updated',
      user: userJson(by),
      issue: issueJson(issue),
      changelog: { id: String(nextId++), items: [item] },
    });
  }

  function setOption(by: string, issue: JiraIssue, fieldId: string, value: string | null): void {
    const from = issue.options[fieldId] ?? null;
    issue.options[fieldId] = value;
    changed(by, issue, {
      field: 'Category',
      fieldtype: 'custom',
      fieldId,
      fromString: from,
      toString: value,
    });
  }

  function setLabels(by: string, issue: JiraIssue, labels: string[]): void {
    const from = issue.labels.join(' ');
    issue.labels = labels;
    changed(by, issue, {
      field: 'labels',
      fieldtype: 'jira',
      fieldId: 'labels',
      fromString: from,
      toString: labels.join(' '),
    });
  }

  function authenticate(request: RecordedRequest): JsonReply | null {
    const header = String(request.headers.authorization ?? '');
    const [email, token] = Buffer.from(header.replace(/^Basic /, ''), 'base64')
      .toString('utf8')
      .split(':');
    const user = [...users.values()].find((u) => u.emailAddress === email && u.apiToken === token);
    if (!header.startsWith('Basic ') || !user) {
      return jiraError(401, 'You are not authenticated. Authentication required to perform this operation.');
    }
    (request as RecordedRequest & { user?: JiraUser }).user = user;
    return null;
  }
  const caller = (request: RecordedRequest) => (request as RecordedRequest & { user: JiraUser }).user;
  const find = (id: number) => issues.get(id);

  const core = await startHelpdeskTestServer<JiraFailure>({
    failureReply: (failure) => ({
      ...(failure.kind === 'rate_limited'
        ? jiraError(429, 'Rate limit exceeded.')
        : jiraError(503, 'Service unavailable.')),
      headers: { 'retry-after': String(failure.retryAfterSeconds ?? 60) },
    }),
    authenticate,
    notFound: () => jiraError(404, 'Not found.'),
    routes: [
      {
        method: 'GET',
        pattern: /^\/rest\/api\/3\/myself$/,
        handle: (request) => ({
          status: 200,
          body: { ...userJson(caller(request).accountId), active: true },
        }),
      },
      {
        method: 'POST',
        pattern: /^\/rest\/api\/3\/search\/jql$/,
        handle: (request): JsonReply =>
          searchJql(
            [...issues.values()].map((issue) => ({ ...issue, json: issueJson(issue) })),
            request.body,
            core.url,
          ),
      },
      recordRoute('GET', /^\/rest\/api\/3\/issue\/(\d+)$/, find, notFound, (issue) => ({
        status: 200,
        body: issueJson(issue),
      })),
      recordRoute('PUT', /^\/rest\/api\/3\/issue\/(\d+)$/, find, notFound, (issue, request) => {
        const body = request.body as
          | {
              fields?: Record<string, unknown>;
              update?: { labels?: Array<{ add?: string; remove?: string }> };
            }
          | undefined;
        const fields = body?.fields ?? {};
        const edits = body?.update?.labels;
        if (edits) {
          let labels = [...issue.labels];
          for (const edit of edits) {
            if (edit.add && !labels.includes(edit.add)) labels.push(edit.add);
            if (edit.remove) labels = labels.filter((label) => label !== edit.remove);
          }
          setLabels(caller(request).accountId, issue, labels);
        }
        const unknown = Object.keys(fields).filter((field) => !/^customfield_\d+$/.test(field));
        if (unknown.length > 0) {
          return {
            status: 400,
            body: {
              errorMessages: [],
              errors: Object.fromEntries(
                unknown.map((f) => [f, `Field '${f}' cannot be set. It is not on the appropriate screen.`]),
              ),
            },
          };
        }
        for (const [field, option] of Object.entries(fields)) {
          const value = (option as { value?: string } | null)?.value ?? null;
          setOption(caller(request).accountId, issue, field, value);
        }
        return { status: 204 };
      }),
      recordRoute(
        'GET',
        /^\/rest\/servicedeskapi\/request\/(\d+)\/comment$/,
        find,
        notFound,
        (issue, request) => {
          const start = Number(request.query.get('start') ?? 0);
          const limit = Number(request.query.get('limit') ?? 50);
          const page = issue.comments.slice(start, start + limit);
          return {
            status: 200,
            body: {
              start,
              limit,
              size: page.length,
              isLastPage: start + limit >= issue.comments.length,
              values: page.map((c) => ({
                id: c.id,
                body: c.body,
                public: c.public,
                author: userJson(c.authorId),
              })),
            },
          };
        },
      ),
      recordRoute(
        'POST',
        /^\/rest\/servicedeskapi\/request\/(\d+)\/comment$/,
        find,
        notFound,
        (issue, request) => {
          const body = request.body as { body?: unknown; public?: unknown } | undefined;
          if (typeof body?.body !== 'string' || body.body === '') {
            return { status: 400, body: { errorMessage: 'The comment body is required.' } };
          }
          const comment = {
            id: String(nextId++),
            body: body.body,
            public: body.public !== false,
            authorId: caller(request).accountId,
          };
          issue.comments.push(comment);
          issue.history.push({ by: comment.authorId, field: 'comment', to: comment.body });
          send({
            webhookEvent: 'comment_created',
            user: userJson(comment.authorId),
            issue: issueJson(issue),
            comment: {
              id: comment.id,
              body: comment.body,
              author: userJson(comment.authorId),
              jsdPublic: comment.public,
            },
          });
          return { status: 201, body: { id: comment.id, body: comment.body, public: comment.public } };
        },
      ),
    ],
  });

  return {
    ...core,
    get url() {
      return core.url;
    },
    subscribe(setup) {
      webhook = setup;
    },
    act: {
      createIssue(by, { summary, description }) {
        const id = nextId++;
        const issue: JiraIssue = {
          id,
          key: `SUP-${id - 9_999}`,
          summary,
          description,
          reporterId: by,
          created: jiraTime(clock.now()),
          labels: [],
          options: {},
          comments: [],
          history: [],
        };
        issues.set(id, issue);
        send({ webhookEvent: 'jira:issue_created', user: userJson(by), issue: issueJson(issue) });
        return issue;
      },
      setOption(by, id, fieldId, value) {
        const issue = issues.get(id);
        if (!issue) throw new Error(`No issue ${id}`);
        setOption(by, issue, fieldId, value);
      },
      setLabels(by, id, labels) {
        const issue = issues.get(id);
        if (!issue) throw new Error(`No issue ${id}`);
        setLabels(by, issue, labels);
      },
    },
    issue(id) {
      const issue = issues.get(id);
      if (!issue) throw new Error(`No issue ${id}`);
      return issue;
    },
    deliverRaw(body, { secret, signature } = {}) {
      if (!webhook) throw new Error('Nothing subscribed.');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (signature !== null)
        headers['x-hub-signature'] = signature ?? jiraSignature(secret ?? webhook.secret, body);
      core.sendWebhook(webhook.url, headers, body);
    },
  };
}
