/**
 * JSON shapes of the GitHub objects the local GitHub server returns and sends in webhooks, built to
 * the REST schemas of `@octokit/openapi` (`issue`, `label`, `issue-comment`, `simple-user`, read
 * from its extract github-openapi-subset.json) and the official webhook examples of
 * `@octokit/webhooks-examples`; `github-test-server.test.ts` validates
 * every one of them against both.
 *   Issue:    https://docs.github.com/en/rest/issues/issues#get-an-issue
 *   Label:    https://docs.github.com/en/rest/issues/labels#list-labels-for-an-issue
 *   Comment:  https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
 *   Webhooks: https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
 *             https://docs.github.com/en/webhooks/webhook-events-and-payloads#issue_comment
 */
import { createRequire } from 'node:module';

export interface IssueState {
  number: number;
  id: number;
  title: string;
  body: string | null;
  author: string;
  labels: string[];
  state: 'open' | 'closed';
  closedAt: Date | null;
  /** Pull requests are issues too: the issues endpoints list them, with a `pull_request` object. */
  pullRequest: boolean;
  comments: CommentState[];
  createdAt: Date;
  updatedAt: Date;
}

export interface CommentState {
  id: number;
  body: string;
  author: string;
  createdAt: Date;
}

export interface RepoRef {
  owner: string;
  repo: string;
  /** Where the REST API answers, e.g. the local server's URL. */
  apiUrl: string;
}

/** GitHub writes times without milliseconds: 2019-05-15T15:20:18Z. */
export function githubTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function numericId(text: string): number {
  let hash = 7;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) % 2_000_000_000;
  return hash;
}

function nodeId(prefix: string, id: number): string {
  return Buffer.from(`${prefix}${id}`).toString('base64');
}

export function userJson(login: string, ref: RepoRef): Record<string, unknown> {
  const id = numericId(login);
  const url = `${ref.apiUrl}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId('04:User', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    // An app acting through its installation token appears as "<app-slug>[bot]".
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

export function labelJson(name: string, ref: RepoRef): Record<string, unknown> {
  const id = numericId(`label:${name}`);
  return {
    id,
    node_id: nodeId('LA_', id),
    url: `${ref.apiUrl}/repos/${ref.owner}/${ref.repo}/labels/${encodeURIComponent(name)}`,
    name,
    color: 'ededed',
    default: false,
    description: null,
  };
}

function reactionsJson(url: string): Record<string, unknown> {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

function association(login: string, ref: RepoRef): string {
  return login === ref.owner ? 'OWNER' : 'NONE';
}

export function issueJson(issue: IssueState, ref: RepoRef): Record<string, unknown> {
  const repoUrl = `${ref.apiUrl}/repos/${ref.owner}/${ref.repo}`;
  const url = `${repoUrl}/issues/${issue.number}`;
  return {
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `https://github.com/${ref.owner}/${ref.repo}/issues/${issue.number}`,
    id: issue.id,
    node_id: nodeId('I_', issue.id),
    number: issue.number,
    title: issue.title,
    user: userJson(issue.author, ref),
    labels: issue.labels.map((name) => labelJson(name, ref)),
    state: issue.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: issue.comments.length,
    created_at: githubTime(issue.createdAt),
    updated_at: githubTime(issue.updatedAt),
    closed_at: issue.closedAt === null ? null : githubTime(issue.closedAt),
    author_association: association(issue.author, ref),
    active_lock_reason: null,
    body: issue.body,
    reactions: reactionsJson(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.state === 'closed' ? 'completed' : null,
    draft: false,
    ...(issue.pullRequest ? { pull_request: pullRequestJson(issue, ref) } : {}),
  };
}

/** The `pull_request` object that marks a pull request among issues (merged_at null: not merged). */
function pullRequestJson(issue: IssueState, ref: RepoRef): Record<string, unknown> {
  const html = `https://github.com/${ref.owner}/${ref.repo}/pull/${issue.number}`;
  return {
    url: `${ref.apiUrl}/repos/${ref.owner}/${ref.repo}/pulls/${issue.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    merged_at: null,
  };
}

export function commentJson(issue: IssueState, comment: CommentState, ref: RepoRef): Record<string, unknown> {
  const url = `${ref.apiUrl}/repos/${ref.owner}/${ref.repo}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `https://github.com/${ref.owner}/${ref.repo}/issues/${issue.number}#issuecomment-${comment.id}`,
    issue_url: `${ref.apiUrl}/repos/${ref.owner}/${ref.repo}/issues/${issue.number}`,
    id: comment.id,
    node_id: nodeId('IC_', comment.id),
    user: userJson(comment.author, ref),
    created_at: githubTime(comment.createdAt),
    updated_at: githubTime(comment.createdAt),
    author_association: association(comment.author, ref),
    body: comment.body,
    reactions: reactionsJson(url),
    performed_via_github_app: null,
  };
}

interface WebhookDefinition {
  name: string;
  examples: Array<Record<string, unknown>>;
}

let repositoryTemplate: string | undefined;

/**
 * The `repository` object of a webhook: the official example's, with its owner and name replaced
 * (it has some ninety fields that Triage never reads; copying them keeps the shape exact).
 */
export function repositoryJson(ref: RepoRef): unknown {
  if (repositoryTemplate === undefined) {
    const require = createRequire(import.meta.url);
    const definitions = require('@octokit/webhooks-examples') as WebhookDefinition[];
    const opened = definitions
      .find((definition) => definition.name === 'issues')
      ?.examples.find((example) => example.action === 'opened');
    if (opened === undefined) throw new Error('The webhook examples have no issues.opened example.');
    repositoryTemplate = JSON.stringify(opened.repository);
  }
  return JSON.parse(
    repositoryTemplate
      .replaceAll('https://api.github.com', ref.apiUrl)
      .replaceAll('Hello-World', ref.repo)
      .replaceAll('Codertocat', ref.owner),
  );
}
