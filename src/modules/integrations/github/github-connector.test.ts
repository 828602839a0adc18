import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../platform/testing/manual-clock.js';
import type { ConnectionView, InboundRequest, PlannedEffect } from '../connector.js';
import { HelpdeskHttpError } from '../helpdesk-http.js';
import { effectContext as contextFor } from '../test-support/effect-context.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js';
import { githubConnector as github } from './github-connector.js';
import { githubSignature } from './github-signature.js';
import { loadGitHubOpenApi } from './test-support/github-openapi.js';
import { type GitHubTestServer, startGitHubTestServer } from './test-support/github-test-server.js';

const SECRET = 'a webhook secret of some length';
const BOT = 'triage-app[bot]';
const BOT_TOKEN = 'ghs_installation_token_for_triage';
const clock = manualClock();

const connection = (
  baseUrl = 'http://127.0.0.1:1',
  settings: Record<string, unknown> = {},
): ConnectionView => ({
  id: '00000000-0000-4000-8000-0000000000a1',
  workspaceId: '00000000-0000-4000-8000-0000000000a2',
  kind: 'github',
  name: 'acme/support',
  baseUrl,
  credentials: { token: BOT_TOKEN },
  inboundSecret: SECRET,
  integrationUser: { id: BOT, email: null },
  categoryMapping: [
    { categoryId: 'cat-billing', value: 'category:billing' },
    { categoryId: 'cat-access', value: 'category:access' },
    { categoryId: 'cat-bug', value: 'bug' },
  ],
  writeSuggestionsAsNote: false,
  settings: { owner: 'acme', repo: 'support', explanationComment: true, ...settings },
});

const inbound = (raw: string, headers: Record<string, string | undefined>): InboundRequest => ({
  rawBody: Buffer.from(raw),
  headers,
  receivedAt: clock.now(),
});

/** What GitHub sent to the receiver, as the platform hands it to the connector. */
function delivered(index: number): InboundRequest {
  const delivery = receiver.received[index]!;
  return inbound(delivery.raw, delivery.headers as Record<string, string>);
}

interface WebhookDefinition {
  name: string;
  examples: Array<Record<string, unknown>>;
}
const officialExamples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];

let server: GitHubTestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startGitHubTestServer({
    tokens: { [BOT_TOKEN]: BOT, ghp_mona: 'mona' },
    webhook: { url: receiver.url, secret: SECRET },
    clock,
  });
});

afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

async function freshDeliveries(): Promise<void> {
  await server.settle();
  receiver.received.length = 0;
}

describe('GitHub connector: inbound', () => {
  it('accepts GitHub’s signature and refuses a missing, wrong or tampered one', async () => {
    await freshDeliveries();
    server.act.openIssue('octocat', { title: 'Charged twice', body: 'My card was charged twice.' });
    await server.settle();
    const request = delivered(0);
    expect(github.verifyInbound(request, connection())).toEqual({ ok: true });
    const { 'x-hub-signature-256': _, ...unsigned } = request.headers;
    expect(github.verifyInbound({ ...request, headers: unsigned }, connection())).toMatchObject({
      ok: false,
    });
    const wrong = {
      ...request.headers,
      'x-hub-signature-256': githubSignature('another secret', request.rawBody),
    };
    expect(github.verifyInbound({ ...request, headers: wrong }, connection())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not match/),
    });
    const tampered = {
      ...request,
      rawBody: Buffer.from(request.rawBody.toString().replace('twice', 'thrice')),
    };
    expect(github.verifyInbound(tampered, connection())).toMatchObject({ ok: false });
  });

  it('reads every official example of the subscribed events (@octokit/webhooks-examples)', () => {
    const exampleConnection = connection('http://127.0.0.1:1', { owner: 'Codertocat', repo: 'Hello-World' });
    const expected: Record<string, string> = {
      'issues.opened': 'ticket_created',
      'issues.edited': 'ticket_updated',
      'issues.labeled': 'category_changed',
      'issues.unlabeled': 'category_changed',
      'issue_comment.created': 'ticket_commented',
    };
    let read = 0;
    let handled = 0;
    for (const definition of officialExamples.filter(
      (d) => d.name === 'issues' || d.name === 'issue_comment',
    )) {
      for (const example of definition.examples) {
        const raw = JSON.stringify(example);
        const parsed = github.parseInbound(
          inbound(raw, { 'x-github-event': definition.name, 'x-github-delivery': `d-${read}` }),
          exampleConnection,
        );
        const key = `${definition.name}.${example.action}`;
        expect(parsed.ok, `${key}: ${parsed.ok ? '' : parsed.reason}`).toBe(true);
        if (!parsed.ok) continue;
        const types = parsed.events.map((event) => event.type);
        const issue = example.issue as { pull_request?: unknown };
        const changes = (example.changes ?? {}) as { title?: unknown; body?: unknown };
        const label = (example.label as { name?: string } | undefined)?.name;
        let want = expected[key] === undefined ? [] : [expected[key]];
        // Pull-request comments, edits of other fields and unmapped labels change nothing in Triage.
        if (issue.pull_request !== undefined) want = [];
        if (key === 'issues.edited' && changes.title === undefined && changes.body === undefined) want = [];
        if (label !== undefined && label !== 'bug') want = [];
        expect(types, key).toEqual(want);
        if (want.length > 0) handled++;
        read++;
      }
    }
    expect(read).toBeGreaterThan(20);
    expect(handled).toBeGreaterThan(10);
  });

  it('maps an opened issue to a ticket and tells a person’s label from Triage’s own', async () => {
    await freshDeliveries();
    const issue = server.act.openIssue('octocat', { title: 'Cannot log in', body: 'Password reset fails.' });
    server.act.addLabel('mona', issue.number, 'category:access');
    server.act.addLabel('mona', issue.number, 'question');
    await github.apply(
      effectContext(issue.number, { action: { type: 'set_category', value: 'category:billing' } }),
    );
    await server.settle();

    const parsed = receiver.received.map((_, index) => github.parseInbound(delivered(index), connection()));
    const events = parsed.flatMap((result) => (result.ok ? result.events : []));
    expect(parsed.every((result) => result.ok)).toBe(true);
    const [created, personLabel, botLabel, botUnlabel] = events;
    expect(events).toHaveLength(4);
    if (created?.type !== 'ticket_created') throw new Error('expected ticket_created first');
    expect(github.toTicket(created, connection())).toMatchObject({
      externalId: String(issue.number),
      subject: 'Cannot log in',
      body: 'Password reset fails.',
      requester: 'octocat',
      channel: 'github',
    });
    expect(personLabel).toMatchObject({
      type: 'category_changed',
      value: 'category:access',
      previousValue: null,
      actor: { id: 'mona', isIntegration: false },
    });
    expect(botLabel).toMatchObject({
      type: 'category_changed',
      value: 'category:billing',
      previousValue: 'category:access',
      actor: { id: BOT, isIntegration: true },
    });
    expect(botUnlabel).toMatchObject({
      type: 'category_changed',
      previousValue: 'category:access',
      value: 'category:billing',
    });
    expect(new Set(events.map((event) => event.eventId)).size).toBe(4);
  });

  it('keeps unhandled events raw and refuses malformed ones', () => {
    const ok = (event: string, body: unknown) =>
      github.parseInbound(
        inbound(JSON.stringify(body), { 'x-github-event': event, 'x-github-delivery': 'd-1' }),
        connection(),
      );
    expect(ok('ping', { zen: 'Keep it logically awesome.', hook_id: 1 })).toEqual({
      ok: true,
      deliveryId: 'd-1',
      events: [],
    });
    expect(ok('issues', { action: 'closed' })).toMatchObject({ ok: true, events: [] });
    expect(ok('issues', { action: 'opened', issue: { number: 'one' } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/malformed/),
    });
    expect(
      github.parseInbound(
        inbound('{"action":', { 'x-github-event': 'issues', 'x-github-delivery': 'd' }),
        connection(),
      ),
    ).toMatchObject({ ok: false, reason: 'The body is not JSON.' });
    expect(github.parseInbound(inbound('{}', {}), connection())).toMatchObject({ ok: false });
  });
});

function effectContext(externalNumber: number, effect: Omit<PlannedEffect, 'marker'> & { marker?: string }) {
  return contextFor(connection(server.url), externalNumber, effect, clock);
}

describe('GitHub connector: write-back against the local GitHub', () => {
  it('plans a category label and, when asked, an explanation comment', () => {
    const input = {
      ticket: { id: 't-1', externalId: '7' },
      decision: {
        id: 'd-1',
        outcome: 'applied' as const,
        categoryId: 'cat-billing',
        categoryName: 'Billing',
        confidence: 0.93,
        modelVersion: 3,
        rule: 'auto',
      },
      explanationTerms: ['charged', 'card'],
    };
    expect(github.planWriteBack(input, connection()).map((effect) => effect.action.type)).toEqual([
      'set_category',
      'add_note',
    ]);
    const quiet = connection('http://127.0.0.1:1', { explanationComment: false });
    expect(github.planWriteBack(input, quiet).map((effect) => effect.action)).toEqual([
      { type: 'set_category', value: 'category:billing' },
    ]);
  });

  it('labels and comments once: a retry finds its label and its marker', async () => {
    const issue = server.act.openIssue('octocat', { title: 'Refund please' });
    const label = effectContext(issue.number, {
      action: { type: 'set_category', value: 'category:billing' },
    });
    expect(await github.inspect(label)).toEqual({ applied: false, categoryValue: null });
    await github.apply(label);
    expect(await github.inspect(label)).toEqual({ applied: true, categoryValue: 'category:billing' });

    const marker = 'triage-0123456789abcdef0123';
    const note = effectContext(issue.number, {
      marker,
      action: { type: 'add_note', body: `Triage set the category to "Billing".\n[${marker}]` },
    });
    for (let i = 0; i < 120; i++) server.act.comment('mona', issue.number, `chatter ${i}`);
    expect(await github.inspect(note)).toEqual({ applied: false });
    await github.apply(note);
    // The marker sits on the second page of comments: inspect follows the Link header.
    expect(await github.inspect(note)).toEqual({ applied: true });
    expect(server.issue(issue.number).comments.filter((c) => c.body.includes(marker))).toHaveLength(1);
    const posts = server.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith(`/${issue.number}/comments`),
    );
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(posts[0]!.headers['x-github-api-version']).toBe('2022-11-28');
  });

  it('reports a person’s category label so the platform can leave it, and replaces Triage’s earlier one', async () => {
    const issue = server.act.openIssue('octocat', { title: 'Login loop' });
    server.act.addLabel('mona', issue.number, 'category:access');
    const billing = effectContext(issue.number, {
      action: { type: 'set_category', value: 'category:billing' },
    });
    expect(await github.inspect(billing)).toEqual({ applied: false, categoryValue: 'category:access' });

    // When the platform does apply (the label was Triage's own), the old category label goes.
    await github.apply(billing);
    expect(server.issue(issue.number).labels).toEqual(['category:billing']);
  });

  it('turns GitHub’s rate limits into a wait the platform honours, and leaves outages retryable', async () => {
    const issue = server.act.openIssue('octocat', { title: 'Slow' });
    const label = effectContext(issue.number, {
      action: { type: 'set_category', value: 'category:billing' },
    });

    server.failNext({ kind: 'primary_rate_limit', status: 403, resetInSeconds: 30 });
    const primary = await github.inspect(label).catch((error: unknown) => error);
    expect(primary).toBeInstanceOf(HelpdeskHttpError);
    expect((primary as HelpdeskHttpError).rateLimited).toBe(true);
    expect((primary as HelpdeskHttpError).retryAfterMs).toBeGreaterThanOrEqual(29_000);
    expect((primary as HelpdeskHttpError).retryAfterMs).toBeLessThanOrEqual(31_000);

    server.failNext({ kind: 'secondary_rate_limit', status: 403, retryAfterSeconds: 7 });
    const secondary = (await github.apply(label).catch((error: unknown) => error)) as HelpdeskHttpError;
    expect(secondary).toMatchObject({ status: 429, retryAfterMs: 7_000 });
    expect(server.issue(issue.number).labels).toEqual([]);

    server.failNext({ kind: 'unavailable' });
    const outage = (await github.inspect(label).catch((error: unknown) => error)) as HelpdeskHttpError;
    expect(outage).toMatchObject({ status: 503, retryable: true, rateLimited: false });

    await github.apply(label);
    expect(server.issue(issue.number).labels).toEqual(['category:billing']);
  });

  it('tests the connection as the token’s user', async () => {
    const http = effectContext(1, { action: { type: 'add_tags', tags: [] } }).http;
    expect(await github.testConnection({ connection: connection(server.url), http })).toEqual({
      identity: { id: BOT, email: null, name: BOT },
    });
  });
  it('sends request bodies that GitHub’s OpenAPI description accepts, with the headers it documents', () => {
    const openApi = loadGitHubOpenApi();
    const operations: Array<[RegExp, string, string]> = [
      [/\/issues\/\d+\/labels$/, 'POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
      [/\/issues\/\d+\/comments$/, 'POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
    ];
    let checked = 0;
    for (const request of server.requests) {
      expect(request.headers.accept).toBe('application/vnd.github+json');
      for (const [pattern, method, path] of operations) {
        if (request.method !== method || !pattern.test(request.path)) continue;
        expect(openApi.requestErrors(method, path, request.body), `${method} ${request.path}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});

describe('GitHub connector: backfill from List repository issues', () => {
  let past: GitHubTestServer;
  const pastConnection = () => connection(past.url);
  const http = () => contextFor(pastConnection(), 1, { action: { type: 'add_tags', tags: [] } }, clock).http;
  const read = (since: Date, cursor: string | null, pageSize = 2) =>
    github.listPastTickets!({ connection: pastConnection(), http: http(), since, cursor, pageSize });

  beforeAll(async () => {
    past = await startGitHubTestServer({ tokens: { [BOT_TOKEN]: BOT }, clock });
  });
  afterAll(async () => {
    await past?.close();
  });

  it('reads every issue since a date in pages, oldest first, skipping pull requests and older issues', async () => {
    const before = past.act.openIssue('octocat', { title: 'Before the window', labels: ['category:access'] });
    clock.advance(3_600_000);
    const since = clock.now();
    const opened: number[] = [];
    for (const [index, title] of ['Charged twice', 'Reset password', 'Crash on start', 'Invoice'].entries()) {
      clock.advance(60_000);
      const labels = index === 0 ? ['question', 'category:billing'] : index === 2 ? ['bug'] : [];
      opened.push(past.act.openIssue('octocat', { title, body: `${title}.`, labels }).number);
      if (index === 1)
        past.act.openPullRequest('mona', { title: 'Fix the login', labels: ['category:access'] });
    }
    past.act.closeIssue('mona', opened[2]!);
    // Updated inside the window but created before it: the API lists it, backfill leaves it out.
    past.act.addLabel('mona', before.number, 'urgent');

    const pages: Array<Awaited<ReturnType<typeof read>>> = [];
    let cursor: string | null = null;
    do {
      const page = await read(since, cursor);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);

    const tickets = pages.flatMap((page) => page.tickets);
    expect(tickets.map((t) => t.ticket.externalId)).toEqual(opened.map(String));
    expect(tickets.map((t) => t.categoryValue)).toEqual(['category:billing', null, 'bug', null]);
    expect(tickets[0]).toMatchObject({
      ticket: {
        subject: 'Charged twice',
        body: 'Charged twice.',
        createdAt: expect.stringMatching(/Z$/),
        fields: { author: 'octocat', labels: ['question', 'category:billing'] },
      },
      categorySetBy: null,
      setByTriage: false,
    });
    // Six listed items (the older issue, four issues, one pull request) in pages of two.
    expect(pages).toHaveLength(3);
    expect(pages.map((page) => page.total)).toEqual([null, null, null]);
    const listCalls = past.requests.filter((r) => r.path === '/repos/acme/support/issues');
    expect(listCalls.at(-1)?.query.get('since')).toBe(since.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(Object.fromEntries(listCalls.at(-1)!.query)).toMatchObject({
      state: 'all',
      sort: 'created',
      direction: 'asc',
      per_page: '2',
      page: '3',
    });
  });

  it('resumes from a cursor in the middle without reading an issue twice when the list shifts', async () => {
    const old = past.act.openIssue('octocat', { title: 'Long ago' });
    clock.advance(3_600_000);
    const since = clock.now();
    const numbers: number[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      numbers.push(
        past.act.openIssue('octocat', { title: `Window ${i}`, labels: ['category:billing'] }).number,
      );
    }
    const first = await read(since, null, 3);
    expect(first.tickets.map((t) => Number(t.ticket.externalId))).toEqual(numbers.slice(0, 3));
    expect(first.nextCursor).not.toBeNull();

    // While the run is stopped, an issue older than the window is updated and joins the list's
    // front, pushing every issue one place later: page 2 now starts with the third issue again.
    clock.advance(1_000);
    past.act.comment('mona', old.number, 'still broken');
    const second = await read(since, first.nextCursor, 3);
    expect(second.tickets.map((t) => Number(t.ticket.externalId))).toEqual(numbers.slice(3));
    expect(second.nextCursor).toBeNull();
  });

  it('turns a rate limit into a HelpdeskHttpError with the wait, and refuses a cursor it did not write', async () => {
    const since = new Date(clock.now().getTime() - 60_000);
    past.failNext({ kind: 'secondary_rate_limit', status: 403, retryAfterSeconds: 12 });
    const secondary = await read(since, null).catch((error: unknown) => error);
    expect(secondary).toBeInstanceOf(HelpdeskHttpError);
    expect(secondary).toMatchObject({ status: 429, retryAfterMs: 12_000, rateLimited: true });

    past.failNext({ kind: 'primary_rate_limit', status: 429, resetInSeconds: 40 });
    const primary = (await read(since, null).catch((error: unknown) => error)) as HelpdeskHttpError;
    expect(primary.rateLimited).toBe(true);
    expect(primary.retryAfterMs).toBeGreaterThanOrEqual(39_000);
    expect(primary.retryAfterMs).toBeLessThanOrEqual(41_000);

    await expect(read(since, '{"page":"two"}')).rejects.toThrow();
    const recovered = await read(since, null, 100);
    expect(recovered.tickets.length).toBeGreaterThan(0);
    expect(recovered.nextCursor).toBeNull();
  });
});
