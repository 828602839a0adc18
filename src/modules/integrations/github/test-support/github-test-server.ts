/**
 * A local server for tests that implements the parts of GitHub's REST API and webhooks that the
 * GitHub Issues connector uses, with the documented payloads, headers and errors:
 *
 *   GET    /repos/{owner}/{repo}/issues                                https://docs.github.com/en/rest/issues/issues#list-repository-issues
 *          (state, creator, labels, sort, direction, since, per_page, page; pull requests included,
 *          a Link header between pages, 422 for a value outside the documented ones)
 *   GET    /repos/{owner}/{repo}/issues/{issue_number}                 https://docs.github.com/en/rest/issues/issues#get-an-issue
 *   GET    /repos/{owner}/{repo}/issues/{issue_number}/labels          https://docs.github.com/en/rest/issues/labels#list-labels-for-an-issue
 *   POST   /repos/{owner}/{repo}/issues/{issue_number}/labels          https://docs.github.com/en/rest/issues/labels#add-labels-to-an-issue
 *   DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}   https://docs.github.com/en/rest/issues/labels#remove-a-label-from-an-issue
 *   GET    /repos/{owner}/{repo}/issues/{issue_number}/comments        https://docs.github.com/en/rest/issues/comments#list-issue-comments
 *   POST   /repos/{owner}/{repo}/issues/{issue_number}/comments        https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
 *
 * Authentication is `Authorization: Bearer <token>` (or the older `token <token>`); a missing or
 * unknown token gets 401 (https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api).
 * Every answer carries the x-ratelimit-* headers; injected rate limits answer 403 or 429 with
 * `x-ratelimit-remaining: 0` and `x-ratelimit-reset`, or with `retry-after` for a secondary limit
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit).
 *
 * Like github.com, every change — made by a person through `act`, or by a token through the API —
 * sends the matching webhook (`issues` opened/edited/labeled/unlabeled/closed, `issue_comment` created) to
 * the subscribed URL with `X-GitHub-Event`, `X-GitHub-Delivery` and `X-Hub-Signature-256`
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers,
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries), with the
 * token's user as `sender`, so a connector can tell its own writes from people's.
 */
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../../../platform/clock.js';
import {
  type HelpdeskTestServerCore,
  type JsonReply,
  type Route,
  type RouteRequest,
  recordRoute,
  startHelpdeskTestServer,
} from '../../test-support/helpdesk-test-server.js';
import { githubSignature } from '../github-signature.js';
import {
  type CommentState,
  commentJson,
  type IssueState,
  issueJson,
  labelJson,
  type RepoRef,
  repositoryJson,
  userJson,
} from './github-payloads.js';

export type GitHubFailure =
  /** 503, as GitHub answers during an outage. */
  | { kind: 'unavailable' }
  /** Primary limit: 403 (or 429) with x-ratelimit-remaining 0 and a reset time. */
  | { kind: 'primary_rate_limit'; status?: 403 | 429; resetInSeconds?: number }
  /** Secondary limit: 403 (or 429) with retry-after. */
  | { kind: 'secondary_rate_limit'; status?: 403 | 429; retryAfterSeconds?: number };

export interface GitHubTestServerOptions {
  owner?: string;
  repo?: string;
  /** Token → login of the user (or `<app>[bot]`) it authenticates. */
  tokens?: Record<string, string>;
  /** Where webhooks go; can also be set later with `subscribe`. */
  webhook?: { url: string; secret: string };
  clock?: Clock;
}

export interface GitHubTestServer extends HelpdeskTestServerCore<GitHubFailure> {
  readonly owner: string;
  readonly repo: string;
  subscribe(url: string, secret: string): void;
  /** What people do on github.com; each change sends its webhook. */
  readonly act: {
    openIssue(by: string, issue: { title: string; body?: string; labels?: string[] }): IssueState;
    editIssue(by: string, number: number, change: { title?: string; body?: string }): void;
    addLabel(by: string, number: number, name: string): void;
    removeLabel(by: string, number: number, name: string): void;
    comment(by: string, number: number, body: string): void;
    closeIssue(by: string, number: number): void;
    /** A pull request: listed among issues, with no issues webhook (it sends pull_request, not served here). */
    openPullRequest(by: string, pull: { title: string; body?: string; labels?: string[] }): IssueState;
  };
  /** The issue as it is now (labels and comments included). */
  issue(number: number): IssueState;
  /** Sends a webhook body as given, signed with `secret` (default: the subscription's), for bad-input tests. */
  deliverRaw(event: string, body: string, options?: { secret?: string; signature?: string | null }): void;
}

export const GITHUB_API_VERSION = '2022-11-28';
const RATE_LIMIT = 5000;
const DOCS = 'https://docs.github.com/rest';

export { githubSignature };

function basicError(status: number, message: string, documentationUrl = DOCS): JsonReply {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status) } };
}

/** 422 with the documented validation-error body. */
function validationFailed(reason: string, docsAnchor: string): JsonReply {
  return basicError(
    422,
    `Invalid request.\n\n${reason}`,
    `https://docs.github.com/rest/issues/${docsAnchor}`,
  );
}

export async function startGitHubTestServer(
  options: GitHubTestServerOptions = {},
): Promise<GitHubTestServer> {
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'support';
  const tokens = options.tokens ?? {};
  const clock = options.clock ?? systemClock;
  const issues = new Map<number, IssueState>();
  let webhook = options.webhook;
  let nextId = 1000;
  let used = 0;
  /** Until when (epoch seconds) an injected primary rate limit lasts, for GET /rate_limit. */
  let limitedUntil: number | null = null;
  const ref: RepoRef = { owner, repo, apiUrl: '' };

  function resetEpoch(inSeconds = 3600): string {
    return String(Math.floor(clock.now().getTime() / 1000) + inSeconds);
  }

  function rateHeaders(remaining: number, reset = resetEpoch()): Record<string, string> {
    return {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(RATE_LIMIT - remaining),
      'x-ratelimit-reset': reset,
      'x-ratelimit-resource': 'core',
      'x-github-api-version-selected': GITHUB_API_VERSION,
      'x-github-request-id': randomUUID(),
    };
  }

  function failureReply(failure: GitHubFailure): JsonReply {
    switch (failure.kind) {
      case 'unavailable':
        return { status: 503, body: { message: 'Service Unavailable' } };
      case 'primary_rate_limit':
        limitedUntil = Number(resetEpoch(failure.resetInSeconds ?? 60));
        return {
          ...basicError(
            failure.status ?? 403,
            'API rate limit exceeded for user ID 1.',
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          ),
          headers: rateHeaders(0, resetEpoch(failure.resetInSeconds ?? 60)),
        };
      case 'secondary_rate_limit':
        return {
          ...basicError(
            failure.status ?? 403,
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          ),
          headers: { 'retry-after': String(failure.retryAfterSeconds ?? 60) },
        };
    }
  }

  /** The login the request's token belongs to (authenticate ran first, so it is known). */
  function caller(request: RouteRequest): string {
    const token = (request.headers.authorization ?? '').replace(/^(Bearer|token)\s+/i, '');
    return tokens[token] as string;
  }

  /** A route under /repos/{owner}/{repo}/issues/{issue_number}; an unknown issue gets GitHub's 404. */
  function issueRoute(
    method: string,
    tail: string,
    handle: (issue: IssueState, request: RouteRequest) => JsonReply,
  ): Route {
    const pattern = new RegExp(`^/repos/${owner}/${repo}/issues/(\\d+)${tail}$`);
    const missing = () =>
      basicError(404, 'Not Found', 'https://docs.github.com/rest/issues/issues#get-an-issue');
    return recordRoute(method, pattern, (number) => issues.get(number), missing, handle);
  }

  function send(event: string, payload: Record<string, unknown>, by: string): void {
    if (webhook === undefined) return;
    const body = JSON.stringify({ ...payload, repository: repositoryJson(ref), sender: userJson(by, ref) });
    deliver(event, body, githubSignature(webhook.secret, body));
  }

  function deliver(event: string, body: string, signature: string | null): void {
    if (webhook === undefined) throw new Error('No webhook subscription: call subscribe(url, secret) first.');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/local',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-github-hook-id': '1',
      'x-github-hook-installation-target-type': 'repository',
      'x-github-hook-installation-target-id': '1',
    };
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    core.sendWebhook(webhook.url, headers, body);
  }

  function touch(issue: IssueState): void {
    issue.updatedAt = clock.now();
  }

  function addLabel(by: string, issue: IssueState, name: string): boolean {
    if (issue.labels.includes(name)) return false;
    issue.labels.push(name);
    touch(issue);
    send('issues', { action: 'labeled', issue: issueJson(issue, ref), label: labelJson(name, ref) }, by);
    return true;
  }

  function removeLabel(by: string, issue: IssueState, name: string): boolean {
    if (!issue.labels.includes(name)) return false;
    issue.labels = issue.labels.filter((label) => label !== name);
    touch(issue);
    send('issues', { action: 'unlabeled', issue: issueJson(issue, ref), label: labelJson(name, ref) }, by);
    return true;
  }

  function addComment(by: string, issue: IssueState, body: string): CommentState {
    const comment: CommentState = { id: nextId++, body, author: by, createdAt: clock.now() };
    issue.comments.push(comment);
    touch(issue);
    send(
      'issue_comment',
      { action: 'created', issue: issueJson(issue, ref), comment: commentJson(issue, comment, ref) },
      by,
    );
    return comment;
  }

  function labelsReply(issue: IssueState): JsonReply {
    return { status: 200, body: issue.labels.map((name) => labelJson(name, ref)) };
  }

  /** The label names of an add-labels body: `{labels: [...]}`, a bare array, or `[{name}]`. */
  function requestedLabels(body: unknown): string[] | null {
    const list = Array.isArray(body) ? body : (body as { labels?: unknown } | undefined)?.labels;
    if (!Array.isArray(list) || list.length === 0) return null;
    const names = list.map((item) => (typeof item === 'string' ? item : (item as { name?: unknown })?.name));
    return names.every((name): name is string => typeof name === 'string' && name.length > 0) ? names : null;
  }

  const core = await startHelpdeskTestServer<GitHubFailure>({
    failureReply,
    // Date from the server's clock: clients measure x-ratelimit-reset against it.
    commonHeaders: () => ({ ...rateHeaders(RATE_LIMIT - used), date: clock.now().toUTCString() }),
    authenticate(request) {
      used++;
      const header = request.headers.authorization;
      if (header === undefined) return basicError(401, 'Requires authentication');
      const token = header.replace(/^(Bearer|token)\s+/i, '');
      return tokens[token] === undefined ? basicError(401, 'Bad credentials') : null;
    },
    notFound: () => basicError(404, 'Not Found'),
    routes: [
      {
        method: 'GET',
        pattern: /^\/user$/,
        handle: (request) => ({
          status: 200,
          body: { ...userJson(caller(request), ref), name: null, email: null },
        }),
      },
      {
        // Checking the rate limit does not count against it:
        // https://docs.github.com/en/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user
        method: 'GET',
        pattern: /^\/rate_limit$/,
        handle() {
          const limited = limitedUntil !== null && limitedUntil > clock.now().getTime() / 1000;
          const reset = limited ? (limitedUntil as number) : Number(resetEpoch());
          const core = { limit: RATE_LIMIT, remaining: limited ? 0 : RATE_LIMIT - used, reset, used };
          return { status: 200, body: { resources: { core }, rate: core } };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`^/repos/${owner}/${repo}/issues$`),
        handle: (request) => listIssues(request),
      },
      issueRoute('GET', '', (issue) => ({ status: 200, body: issueJson(issue, ref) })),
      issueRoute('GET', '/labels', (issue) => labelsReply(issue)),
      issueRoute('POST', '/labels', (issue, request) => {
        const names = requestedLabels(request.body);
        if (names === null) {
          return validationFailed('No subschema in "oneOf" matched.', 'labels#add-labels-to-an-issue');
        }
        for (const name of names) addLabel(caller(request), issue, name);
        return labelsReply(issue);
      }),
      issueRoute('DELETE', '/labels/([^/]+)', (issue, request) => {
        if (removeLabel(caller(request), issue, request.params[1] as string)) return labelsReply(issue);
        return basicError(
          404,
          'Label does not exist',
          'https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue',
        );
      }),
      issueRoute('GET', '/comments', (issue, request) => listComments(issue, request)),
      issueRoute('POST', '/comments', (issue, request) => {
        const body = (request.body as { body?: unknown } | undefined)?.body;
        if (typeof body !== 'string' || body.length === 0) {
          return validationFailed('"body" wasn\'t supplied.', 'comments#create-an-issue-comment');
        }
        const comment = addComment(caller(request), issue, body);
        const json = commentJson(issue, comment, ref);
        return { status: 201, body: json, headers: { location: String(json.url) } };
      }),
    ],
  });
  ref.apiUrl = core.url;

  /**
   * Pages of `per_page` (default 30, at most 100) with a Link header that keeps the request's other
   * parameters, as the REST API pages (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api).
   */
  function paged<T>(request: RouteRequest, all: readonly T[], toJson: (item: T) => unknown): JsonReply {
    const perPage = Math.min(100, Math.max(1, Number(request.query.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(request.query.get('page') ?? 1) || 1);
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const link = (n: number) => {
      const query = new URLSearchParams(request.query);
      query.set('per_page', String(perPage));
      query.set('page', String(n));
      return `<${core.url}${request.path}?${query}>`;
    };
    const links: string[] = [];
    if (page < pages) links.push(`${link(page + 1)}; rel="next"`, `${link(pages)}; rel="last"`);
    if (page > 1) links.push(`${link(page - 1)}; rel="prev"`, `${link(1)}; rel="first"`);
    return {
      status: 200,
      body: slice.map(toJson),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  }

  function listComments(issue: IssueState, request: RouteRequest): JsonReply {
    return paged(request, issue.comments, (comment) => commentJson(issue, comment, ref));
  }

  const LIST_CHOICES: Record<string, readonly string[]> = {
    state: ['open', 'closed', 'all'],
    sort: ['created', 'updated', 'comments'],
    direction: ['asc', 'desc'],
  };

  /** List repository issues: pull requests included, `since` compared with the last update. */
  function listIssues(request: RouteRequest): JsonReply {
    const q = request.query;
    for (const [field, allowed] of Object.entries(LIST_CHOICES)) {
      const value = q.get(field);
      if (value !== null && !allowed.includes(value)) return invalidListValue(field, value);
    }
    const since = q.get('since');
    if (since !== null && Number.isNaN(Date.parse(since))) return invalidListValue('since', since);
    const state = q.get('state') ?? 'open';
    const sort = q.get('sort') ?? 'created';
    const sign = (q.get('direction') ?? 'desc') === 'asc' ? 1 : -1;
    const wanted = (q.get('labels') ?? '').split(',').filter((name) => name !== '');
    const creator = q.get('creator');
    const key = (issue: IssueState) =>
      sort === 'comments'
        ? issue.comments.length
        : (sort === 'updated' ? issue.updatedAt : issue.createdAt).getTime();
    const listed = [...issues.values()]
      .filter((issue) => state === 'all' || issue.state === state)
      .filter((issue) => since === null || issue.updatedAt.getTime() >= Date.parse(since))
      .filter((issue) => creator === null || issue.author === creator)
      .filter((issue) => wanted.every((name) => issue.labels.includes(name)))
      .sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
    return paged(request, listed, (issue) => issueJson(issue, ref));
  }

  function invalidListValue(field: string, value: string): JsonReply {
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ value, resource: 'Issue', field, code: 'invalid' }],
        documentation_url: 'https://docs.github.com/rest/issues/issues#list-repository-issues',
        status: '422',
      },
    };
  }

  /** Issues and pull requests share one sequence of numbers in a repository. */
  function create(
    by: string,
    { title, body, labels = [] }: { title: string; body?: string; labels?: string[] },
    pullRequest: boolean,
  ): IssueState {
    const number = issues.size + 1;
    const now = clock.now();
    const issue: IssueState = {
      number,
      id: nextId++,
      title,
      body: body ?? null,
      author: by,
      labels: [...labels],
      state: 'open',
      closedAt: null,
      pullRequest,
      comments: [],
      createdAt: now,
      updatedAt: now,
    };
    issues.set(number, issue);
    return issue;
  }

  function existing(number: number): IssueState {
    const issue = issues.get(number);
    if (issue === undefined) throw new Error(`No issue #${number}.`);
    return issue;
  }

  return {
    ...core,
    owner,
    repo,
    subscribe(url, secret) {
      webhook = { url, secret };
    },
    act: {
      openIssue(by, opening) {
        const issue = create(by, opening, false);
        send('issues', { action: 'opened', issue: issueJson(issue, ref) }, by);
        return structuredClone(issue);
      },
      openPullRequest: (by, opening) => structuredClone(create(by, opening, true)),
      closeIssue(by, number) {
        const issue = existing(number);
        issue.state = 'closed';
        issue.closedAt = clock.now();
        touch(issue);
        send('issues', { action: 'closed', issue: issueJson(issue, ref) }, by);
      },
      editIssue(by, number, change) {
        const issue = existing(number);
        const changes: Record<string, { from: string | null }> = {};
        if (change.title !== undefined) {
          changes.title = { from: issue.title };
          issue.title = change.title;
        }
        if (change.body !== undefined) {
          changes.body = { from: issue.body };
          issue.body = change.body;
        }
        touch(issue);
        send('issues', { action: 'edited', issue: issueJson(issue, ref), changes }, by);
      },
      addLabel: (by, number, name) => void addLabel(by, existing(number), name),
      removeLabel: (by, number, name) => void removeLabel(by, existing(number), name),
      comment: (by, number, body) => void addComment(by, existing(number), body),
    },
    issue: (number) => structuredClone(existing(number)),
    deliverRaw(event, body, rawOptions = {}) {
      const secret = rawOptions.secret ?? webhook?.secret ?? '';
      const signature =
        rawOptions.signature === undefined ? githubSignature(secret, body) : rawOptions.signature;
      deliver(event, body, signature);
    },
  };
}
