import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT,
  CATEGORY_FIELD_ID,
  CUSTOMER,
  startJiraSite,
  TRIAGE_USER,
} from '../../src/modules/integrations/jira/test-support/jira-site.js';
import type { JiraTestServer } from '../../src/modules/integrations/jira/test-support/jira-test-server.js';
import { databaseTargets } from '../../src/platform/testing/test-databases.js';
import { addPerson } from './api-client.js';
import { type ConnectorHarness, startConnectorHarness } from './connector-harness.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

const SECRET = 'jira webhook secret, long enough';

// Jira Service Management end to end: a local Jira (jira-test-server.ts) whose signed admin webhook
// notifies the real app, which writes the category field and an internal comment back through the outbox.
describe.each(targets)('Jira Service Management connector on $name', (target) => {
  let jira: JiraTestServer;
  let h: ConnectorHarness;

  const answers = async () => {
    await jira.settle();
    return jira.deliveries.map((d) => ({ status: d.status, body: d.answer ? JSON.parse(d.answer) : null }));
  };
  const createIssue = async (summary: string, description: string) => {
    const issue = jira.act.createIssue(CUSTOMER.accountId, { summary, description });
    await jira.settle();
    expect(jira.deliveries.at(-1)!.status).toBe(202);
    return issue;
  };
  const categoryOf = (id: number) => jira.issue(id).options[CATEGORY_FIELD_ID] ?? null;
  const writesOf = (id: number) =>
    jira
      .issue(id)
      .history.filter((change) => change.by === TRIAGE_USER.accountId)
      .map((c) => c.field);

  beforeAll(async () => {
    jira = await startJiraSite();
    h = await startConnectorHarness(target, (categories) => ({
      kind: 'jira_sm',
      name: 'acme.atlassian.net',
      baseUrl: jira.url,
      credentials: { email: TRIAGE_USER.emailAddress, apiToken: TRIAGE_USER.apiToken },
      inboundSecret: SECRET,
      integrationUser: { id: TRIAGE_USER.accountId, email: TRIAGE_USER.emailAddress },
      rateLimitPerMinute: 6_000,
      categoryMapping: categories.map((c) => ({ categoryId: c.id, value: c.key })),
      settings: { categoryFieldId: CATEGORY_FIELD_ID },
      writeSuggestionsAsNote: true,
    }));
    jira.subscribe({ url: `${h.app.url}/api/v1/integrations/${h.connectionId}/events`, secret: SECRET });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await jira?.close();
  });

  it('tests the connection as the Atlassian account', async () => {
    const tested = await h.api<Json>('POST', `/api/v1/connections/${h.connectionId}/test`);
    expect(tested.body).toMatchObject({
      ok: true,
      identity: { id: TRIAGE_USER.accountId, email: TRIAGE_USER.emailAddress },
      integrationUserMatches: true,
    });
  });

  it('categorises a new issue, writes the field and an internal comment once, and ignores its own change coming back', async () => {
    const created = await createIssue(h.clearTicket.subject, h.clearTicket.body);
    const ticket = await h.ticketOf(String(created.id));
    expect(ticket!.decision).toMatchObject({ outcome: 'applied', category: { id: h.billing.id } });

    await h.runOutbox();
    expect(categoryOf(created.id)).toBe(h.billing.key);
    expect(jira.issue(created.id).comments).toEqual([
      expect.objectContaining({
        public: false,
        authorId: TRIAGE_USER.accountId,
        body: expect.stringMatching(/Triage set the category/),
      }),
    ]);
    expect(writesOf(created.id)).toEqual([CATEGORY_FIELD_ID, 'comment']);

    // The jira:issue_updated webhook for Triage's own field write: an echo, not a label.
    await jira.settle();
    const own = jira.deliveries.filter((d) => {
      const sent = JSON.parse(d.body);
      return sent.webhookEvent === 'jira:issue_updated' && sent.issue.id === String(created.id);
    });
    expect(own.map((d) => JSON.parse(d.answer).outcomes)).toEqual([
      [expect.objectContaining({ result: 'echo' })],
    ]);
    expect(await h.labelsOf(ticket!.id)).toEqual([]);
    expect((await h.ticketOf(String(created.id)))!.categorySetBy).toBe('ai');

    const before = jira.requests.length;
    await h.runOutbox();
    expect(jira.requests.length).toBe(before);
  });

  it('takes an agent’s change of the category field (changelog) as a label by the Triage person with that e-mail', async () => {
    const alex = await addPerson(h.app.url, h.api, {
      email: AGENT.emailAddress,
      name: AGENT.displayName,
      role: 'agent',
    });
    const created = await createIssue('Locked out of my account', 'The password reset link never arrives.');
    await h.runOutbox();
    const ticket = await h.ticketOf(String(created.id));
    const other = h.categories.find((c) => c.id !== ticket!.category?.id && c.id !== h.billing.id)!;
    jira.act.setOption(AGENT.accountId, created.id, CATEGORY_FIELD_ID, other.key);
    const [reply] = (await answers()).slice(-1);
    expect(reply!.body.outcomes[0]).toMatchObject({ result: 'label_recorded', categoryId: other.id });
    expect(await h.labelsOf(ticket!.id)).toEqual([
      {
        kind: 'helpdesk',
        reasonCode: 'helpdesk_change',
        categoryId: other.id,
        actorType: 'user',
        actorId: alex.id,
      },
    ]);
  });

  it('refuses a wrongly signed or unsigned webhook with 401 and keeps a malformed one with 400', async () => {
    const body = JSON.stringify({ timestamp: 1, webhookEvent: 'jira:issue_created', issue: { id: 'SUP-1' } });
    jira.deliverRaw(body, { secret: 'not the secret' });
    jira.deliverRaw(body, { signature: null });
    jira.deliverRaw(body);
    const [wrong, unsigned, malformed] = (await answers()).slice(-3);
    for (const refused of [wrong, unsigned]) {
      expect(refused).toMatchObject({ status: 401, body: { code: 'invalid_signature' } });
    }
    expect(malformed).toMatchObject({ status: 400, body: { code: 'malformed_event' } });
    const deliveries = await h.api<Json>('GET', `/api/v1/connections/${h.connectionId}/deliveries`);
    expect(
      deliveries.body.items.filter((d: Json) => d.status === 'rejected').map((d: Json) => d.rawBody),
    ).toContain(body);
  });

  it('waits out 429 and 503 with Retry-After: every write once, in order, no attempt used up', async () => {
    await h.runOutbox();
    const first = await createIssue(h.clearTicket.subject, `${h.clearTicket.body} Order 1.`);
    const second = await createIssue(h.clearTicket.subject, `${h.clearTicket.body} Order 2.`);
    jira.failNext({ kind: 'rate_limited', retryAfterSeconds: 1 });
    jira.failNext({ kind: 'unavailable', retryAfterSeconds: 1 }, 2);
    const runs = await h.runOutbox({ timeoutMs: 20_000 });
    expect(runs.reduce((sum, run) => sum + run.deferred, 0)).toBeGreaterThanOrEqual(2);
    for (const created of [first, second]) {
      expect(categoryOf(created.id)).toBe(h.billing.key);
      expect(jira.issue(created.id).comments).toHaveLength(1);
      expect(writesOf(created.id)).toEqual([CATEGORY_FIELD_ID, 'comment']);
    }
    const effects = (await h.writeBacks()).filter((e) =>
      [String(first.id), String(second.id)].includes(e.payload.externalId),
    );
    expect(effects).toHaveLength(4);
    expect(effects.every((e) => e.status === 'delivered' && e.attempts === 1)).toBe(true);
  }, 40_000);
  // Last: the agent's change below is a label on the clear billing text, which the model learns at once.
  it('leaves a category an agent set before Triage’s write went out', async () => {
    const created = await createIssue(h.clearTicket.subject, `${h.clearTicket.body} (second)`);
    const other = h.categories.find((c) => c.id !== h.billing.id)!;
    jira.act.setOption(AGENT.accountId, created.id, CATEGORY_FIELD_ID, other.key);
    await jira.settle();
    await h.runOutbox();
    expect(categoryOf(created.id)).toBe(other.key);
    expect(writesOf(created.id)).toEqual(['comment']);
    const ticket = await h.ticketOf(String(created.id));
    const [skip] = await h.handle.db.query<Json>(
      `SELECT result FROM helpdesk_writes WHERE ticket_id = $1 AND action = 'set_category'`,
      [ticket!.id],
    );
    expect(skip).toMatchObject({ result: 'skipped' });
  });
});
