import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GitHubTestServer,
  startGitHubTestServer,
} from '../../src/modules/integrations/github/test-support/github-test-server.js';
import { databaseTargets } from '../../src/platform/testing/test-databases.js';
import { type ConnectorHarness, startConnectorHarness } from './connector-harness.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

const SECRET = 'github webhook secret, long enough';
const BOT = 'triage-app[bot]';
const BOT_TOKEN = 'ghs_triage_installation_token';

// GitHub Issues end to end: a local GitHub (github-test-server.ts) sends its signed webhooks to
// the real app's inbound route, and the app writes back through the outbox to that GitHub.
describe.each(targets)('GitHub Issues connector on $name', (target) => {
  let github: GitHubTestServer;
  let h: ConnectorHarness;
  const label = (key: string) => `category:${key}`;

  /** The app's answers to the webhooks GitHub sent, parsed, in order. */
  const answers = async () => {
    await github.settle();
    return github.deliveries.map((d) => ({ status: d.status, body: d.answer ? JSON.parse(d.answer) : null }));
  };

  const openIssue = async (title: string, body: string) => {
    const issue = github.act.openIssue('octocat', { title, body });
    await github.settle();
    const answer = github.deliveries.at(-1)!;
    expect(answer.status).toBe(202);
    return issue;
  };

  beforeAll(async () => {
    github = await startGitHubTestServer({ tokens: { [BOT_TOKEN]: BOT } });
    h = await startConnectorHarness(target, (categories) => ({
      kind: 'github',
      name: 'acme/support',
      baseUrl: github.url,
      credentials: { token: BOT_TOKEN },
      inboundSecret: SECRET,
      integrationUser: { id: BOT, email: null },
      rateLimitPerMinute: 6_000,
      categoryMapping: categories.map((c) => ({ categoryId: c.id, value: label(c.key) })),
      settings: { owner: 'acme', repo: 'support', explanationComment: true },
      writeSuggestionsAsNote: false,
    }));
    github.subscribe(`${h.app.url}/api/v1/integrations/${h.connectionId}/events`, SECRET);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await github?.close();
  });

  it('tests the connection as the bot', async () => {
    const tested = await h.api<Json>('POST', `/api/v1/connections/${h.connectionId}/test`);
    expect(tested.body).toMatchObject({ ok: true, identity: { id: BOT }, integrationUserMatches: true });
  });

  it('categorises an opened issue, labels it once with a comment, and ignores its own labels coming back', async () => {
    const issue = await openIssue(h.clearTicket.subject, h.clearTicket.body);
    const ticket = await h.ticketOf(String(issue.number));
    expect(ticket!.decision).toMatchObject({ outcome: 'applied', category: { id: h.billing.id } });

    await h.runOutbox();
    const remote = github.issue(issue.number);
    expect(remote.labels).toEqual([label(h.billing.key)]);
    expect(remote.comments).toHaveLength(1);
    expect(remote.comments[0]).toMatchObject({
      author: BOT,
      body: expect.stringMatching(/Triage set the category/),
    });

    // GitHub sent issues.labeled and issue_comment.created for the bot's writes: echoes, no label.
    const replies = (await answers()).slice(-2);
    expect(replies.map((r) => r.status)).toEqual([202, 202]);
    expect(replies[0]!.body.outcomes).toEqual([expect.objectContaining({ result: 'echo' })]);
    expect(await h.labelsOf(ticket!.id)).toEqual([]);
    expect((await h.ticketOf(String(issue.number)))!.categorySetBy).toBe('ai');

    // Running the outbox again writes nothing more.
    const before = github.requests.length;
    await h.runOutbox();
    expect(github.requests.length).toBe(before);
  });

  it('takes a person’s category label as a helpdesk label', async () => {
    const issue = await openIssue('Locked out of my account', 'The password reset link never arrives.');
    await h.runOutbox();
    const ticket = await h.ticketOf(String(issue.number));
    const other = h.categories.find((c) => c.id !== ticket!.category?.id && c.id !== h.billing.id)!;
    github.act.addLabel('mona', issue.number, label(other.key));
    const [reply] = (await answers()).slice(-1);
    expect(reply!.body.outcomes[0]).toMatchObject({ result: 'label_recorded', categoryId: other.id });
    expect(await h.labelsOf(ticket!.id)).toEqual([
      expect.objectContaining({ kind: 'helpdesk', reasonCode: 'helpdesk_change', categoryId: other.id }),
    ]);
    expect((await h.ticketOf(String(issue.number)))!.categorySetBy).toBe('human');
  });

  it('refuses a wrongly signed or unsigned webhook with 401 and a malformed one with 400, kept raw', async () => {
    const body = JSON.stringify({ action: 'opened', issue: { number: 999 } });
    github.deliverRaw('issues', body, { secret: 'not the secret' });
    github.deliverRaw('issues', body, { signature: null });
    github.deliverRaw('issues', body);
    const [wrong, unsigned, malformed] = (await answers()).slice(-3);
    expect(wrong).toMatchObject({ status: 401, body: { code: 'invalid_signature' } });
    expect(unsigned).toMatchObject({ status: 401, body: { code: 'invalid_signature' } });
    expect(malformed).toMatchObject({ status: 400, body: { code: 'malformed_event' } });
    expect(await h.ticketOf('999')).toBeNull();
    const deliveries = await h.api<Json>('GET', `/api/v1/connections/${h.connectionId}/deliveries`);
    expect(
      deliveries.body.items.filter((d: Json) => d.status === 'rejected').map((d: Json) => d.rawBody),
    ).toContain(body);
  });

  it('waits out GitHub’s rate limits (403 with retry-after, 403 with x-ratelimit-reset): each write once, in order', async () => {
    await h.runOutbox();
    const first = await openIssue(h.clearTicket.subject, h.clearTicket.body);
    const second = await openIssue(h.clearTicket.subject, `${h.clearTicket.body} Thanks.`);
    github.failNext({ kind: 'secondary_rate_limit', status: 403, retryAfterSeconds: 1 });
    github.failNext({ kind: 'primary_rate_limit', status: 403, resetInSeconds: 1 });
    const runs = await h.runOutbox({ timeoutMs: 20_000 });
    expect(runs.reduce((sum, run) => sum + run.deferred, 0)).toBeGreaterThanOrEqual(2);
    for (const issue of [first, second]) {
      const remote = github.issue(issue.number);
      expect(remote.labels).toEqual([label(h.billing.key)]);
      expect(remote.comments).toHaveLength(1);
    }
    const effects = (await h.writeBacks()).filter((e) =>
      [String(first.number), String(second.number)].includes(e.payload.externalId),
    );
    expect(effects.every((e) => e.status === 'delivered' && e.attempts === 1)).toBe(true);
    expect(effects.some((e) => e.deferrals > 0)).toBe(true);
    // Per issue, the label went out before the comment.
    for (const issue of [first, second]) {
      const writes = github.requests.filter(
        (r) => r.method === 'POST' && r.path.startsWith(`/repos/acme/support/issues/${issue.number}/`),
      );
      expect([...new Set(writes.map((r) => r.path.split('/').at(-1)))]).toEqual(['labels', 'comments']);
    }
  }, 40_000);
  it('loses and doubles nothing when a worker dies after writing but before recording', async () => {
    await h.runOutbox();
    const issue = await openIssue(h.clearTicket.subject, `${h.clearTicket.body} (worker test)`);
    const { claimDueEffects } = await import('../../src/platform/outbox/claim-due-effects.js');
    const services = h.app.services;
    const { claimed } = await claimDueEffects(services.db, {
      workerId: 'doomed-worker',
      now: new Date(),
      limit: 10,
      leaseMs: 300,
      kinds: ['helpdesk.writeback'],
      defaultMaxAttempts: services.outboxPolicy.defaultMaxAttempts,
      onDeadLetter: undefined,
    });
    const handler = services.effectHandlers['helpdesk.writeback']!;
    // Ordered per issue, the doomed worker holds only the label: it writes it, then dies unrecorded.
    for (const effect of claimed.filter((e) => (e.payload as Json).externalId === String(issue.number))) {
      expect(await handler(effect, { signal: new AbortController().signal })).toMatchObject({
        outcome: 'delivered',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    const posts = () =>
      github.requests.filter(
        (r) => r.method === 'POST' && r.path.startsWith(`/repos/acme/support/issues/${issue.number}/`),
      );
    expect(posts().map((r) => r.path.split('/').at(-1))).toEqual(['labels']);
    await h.runOutbox({ workerId: 'second-worker' });
    // The second worker found the label already there and only wrote the comment.
    expect(posts().map((r) => r.path.split('/').at(-1))).toEqual(['labels', 'comments']);
    const remote = github.issue(issue.number);
    expect(remote.labels).toEqual([label(h.billing.key)]);
    expect(remote.comments).toHaveLength(1);
    const effects = (await h.writeBacks()).filter((e) => e.payload.externalId === String(issue.number));
    expect(effects.map((e) => [e.status, e.attempts])).toEqual([
      ['delivered', 2],
      ['delivered', 1],
    ]);
  });
});
