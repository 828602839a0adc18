import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../platform/testing/manual-clock.js';
import type { ConnectionView, InboundRequest, PlannedEffect, WriteBackInput } from '../connector.js';
import { HelpdeskHttpError } from '../helpdesk-http.js';
import { effectContext as contextFor } from '../test-support/effect-context.js';
import { jiraConnector as jira, plainText } from './jira-connector.js';
import { jiraSignature } from './jira-signature.js';
import { AGENT, CATEGORY_FIELD_ID, CUSTOMER, startJiraSite, TRIAGE_USER } from './test-support/jira-site.js';
import type { JiraTestServer } from './test-support/jira-test-server.js';

const SECRET = 'jira webhook secret';
const clock = manualClock();

const connection = (baseUrl = 'http://127.0.0.1:1'): ConnectionView => ({
  id: '00000000-0000-4000-8000-0000000000c1',
  workspaceId: '00000000-0000-4000-8000-0000000000c2',
  kind: 'jira_sm',
  name: 'acme.atlassian.net',
  baseUrl,
  credentials: { email: TRIAGE_USER.emailAddress, apiToken: TRIAGE_USER.apiToken },
  inboundSecret: SECRET,
  integrationUser: { id: TRIAGE_USER.accountId, email: TRIAGE_USER.emailAddress },
  categoryMapping: [
    { categoryId: 'cat-billing', value: 'billing' },
    { categoryId: 'cat-access', value: 'access' },
  ],
  writeSuggestionsAsNote: true,
  settings: { categoryFieldId: CATEGORY_FIELD_ID },
});

const request = (body: string, headers: Record<string, string> = {}): InboundRequest => ({
  rawBody: Buffer.from(body),
  headers: { 'x-hub-signature': jiraSignature(SECRET, body), ...headers },
  receivedAt: clock.now(),
});

// https://developer.atlassian.com/cloud/jira/platform/webhooks/#example-callback-for-an-issue-related-event
// (trimmed to the fields the connector reads; the description arrives as text in webhooks)
const ISSUE_CREATED = {
  timestamp: 1_700_000_000_000,
  webhookEvent: 'jira:issue_created',
  issue_event_type_name: 'issue_created',
  user: {
    accountId: CUSTOMER.accountId,
    displayName: CUSTOMER.displayName,
    emailAddress: CUSTOMER.emailAddress,
  },
  issue: {
    id: '10002',
    self: 'https://acme.atlassian.net/rest/api/3/10002',
    key: 'SUP-2',
    fields: {
      summary: 'Charged twice',
      description: 'My card was charged twice for the May invoice.',
      created: '2023-11-14T22:13:20.000+0000',
      labels: ['vip'],
      reporter: { accountId: CUSTOMER.accountId, emailAddress: CUSTOMER.emailAddress },
      assignee: null,
      [CATEGORY_FIELD_ID]: null,
    },
  },
};

// https://developer.atlassian.com/cloud/jira/platform/webhooks/#example-callback-for-an-issue-related-event
// (jira:issue_updated carries `changelog.items` with field, fieldId, fromString and toString)
const CATEGORY_UPDATED = {
  ...ISSUE_CREATED,
  webhookEvent: 'jira:issue_updated',
  issue_event_type_name: 'issue_generic',
  user: { accountId: AGENT.accountId, displayName: AGENT.displayName, emailAddress: AGENT.emailAddress },
  changelog: {
    id: '10400',
    items: [
      {
        field: 'Category',
        fieldtype: 'custom',
        fieldId: CATEGORY_FIELD_ID,
        fromString: 'billing',
        toString: 'access',
      },
      {
        field: 'summary',
        fieldtype: 'jira',
        fieldId: 'summary',
        fromString: 'Charged twice',
        toString: 'Locked out',
      },
    ],
  },
};

// https://developer.atlassian.com/cloud/jira/platform/webhooks/#example-callback-for-a-comment-related-event
const COMMENT_CREATED = {
  timestamp: 1_700_000_100_000,
  webhookEvent: 'comment_created',
  comment: {
    id: '10020',
    body: 'Still waiting for the refund.',
    author: { accountId: CUSTOMER.accountId, emailAddress: CUSTOMER.emailAddress },
    jsdPublic: true,
  },
  issue: { id: '10002', key: 'SUP-2', fields: { summary: 'Charged twice' } },
};

describe('Jira connector: inbound', () => {
  it('accepts X-Hub-Signature over the raw body and refuses a missing, wrong or tampered one', () => {
    const body = JSON.stringify(ISSUE_CREATED);
    expect(jira.verifyInbound(request(body), connection())).toEqual({ ok: true });
    expect(jira.verifyInbound(request(body, { 'x-hub-signature': '' }), connection())).toMatchObject({
      ok: false,
    });
    expect(
      jira.verifyInbound(request(body, { 'x-hub-signature': jiraSignature('other', body) }), connection()),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match/) });
    const tampered = { ...request(body), rawBody: Buffer.from(body.replace('twice', 'once!')) };
    expect(jira.verifyInbound(tampered, connection())).toMatchObject({ ok: false });
  });

  it('parses jira:issue_created into a ticket with reporter, text and the delivery identifier', () => {
    const parsed = jira.parseInbound(
      request(JSON.stringify(ISSUE_CREATED), { 'x-atlassian-webhook-identifier': 'wh-1' }),
      connection(),
    );
    expect(parsed).toMatchObject({
      ok: true,
      deliveryId: 'wh-1',
      events: [
        {
          type: 'ticket_created',
          externalId: '10002',
          actor: { id: CUSTOMER.accountId, isIntegration: false },
          ticket: {
            subject: 'Charged twice',
            body: 'My card was charged twice for the May invoice.',
            requesterEmail: CUSTOMER.emailAddress,
            fields: { key: 'SUP-2', labels: ['vip'] },
          },
        },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    const ticket = jira.toTicket(parsed.events[0] as never, connection());
    expect(ticket).toMatchObject({ subject: 'Charged twice', channel: 'jira' });
  });

  it('reads the changelog: the category field becomes category_changed, the summary an update', () => {
    const parsed = jira.parseInbound(request(JSON.stringify(CATEGORY_UPDATED)), connection());
    expect(parsed).toMatchObject({
      ok: true,
      deliveryId: 'jira:issue_updated:10002:10400',
      events: [
        { type: 'ticket_updated', changes: { subject: 'Locked out' } },
        {
          type: 'category_changed',
          value: 'access',
          previousValue: 'billing',
          actor: { id: AGENT.accountId, email: AGENT.emailAddress, isIntegration: false },
        },
      ],
    });
    const own = { ...CATEGORY_UPDATED, user: { accountId: TRIAGE_USER.accountId } };
    expect(jira.parseInbound(request(JSON.stringify(own)), connection())).toMatchObject({
      events: [{}, { type: 'category_changed', actor: { isIntegration: true } }],
    });
  });

  it('parses comment_created, leaves other events out and refuses a body not Jira’s', () => {
    expect(jira.parseInbound(request(JSON.stringify(COMMENT_CREATED)), connection())).toMatchObject({
      ok: true,
      events: [
        { type: 'ticket_commented', comment: { body: 'Still waiting for the refund.', isPublic: true } },
      ],
    });
    const deleted = { ...ISSUE_CREATED, webhookEvent: 'jira:issue_deleted' };
    expect(jira.parseInbound(request(JSON.stringify(deleted)), connection())).toMatchObject({
      ok: true,
      events: [],
    });
    expect(jira.parseInbound(request('not json'), connection())).toMatchObject({ ok: false });
    expect(
      jira.parseInbound(request(JSON.stringify({ webhookEvent: 'jira:issue_created' })), connection()),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/malformed/) });
  });

  it('flattens Atlassian Document Format text', () => {
    // https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
    const adf = {
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Hello ' },
            { type: 'text', text: 'world' },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'Second' }] },
      ],
    };
    expect(plainText(adf)).toBe('Hello world\nSecond');
  });
});

describe('Jira connector: write-back against the local Jira', () => {
  let server: JiraTestServer;
  beforeAll(async () => {
    server = await startJiraSite();
  });
  afterAll(async () => {
    await server?.close();
  });
  const context = (issueId: number, effect: Omit<PlannedEffect, 'marker'> & { marker?: string }) =>
    contextFor(connection(server.url), issueId, effect, clock);
  const decision = (outcome: 'applied' | 'suggested'): WriteBackInput => ({
    ticket: { id: 't-1', externalId: '1' },
    decision: {
      id: 'd-1',
      outcome,
      categoryId: 'cat-billing',
      categoryName: 'Billing',
      confidence: 0.91,
      modelVersion: 2,
      rule: outcome === 'applied' ? 'auto' : 'suggest',
    },
    explanationTerms: ['invoice'],
  });

  it('plans the category field and the internal comment; a suggestion only the comment', () => {
    expect(jira.planWriteBack(decision('applied'), connection()).map((e) => e.action.type)).toEqual([
      'set_category',
      'add_note',
    ]);
    expect(jira.planWriteBack(decision('suggested'), connection()).map((e) => e.action.type)).toEqual([
      'add_note',
    ]);
  });

  it('writes the field and one internal comment, and finds them on a retry', async () => {
    const issue = server.act.createIssue(CUSTOMER.accountId, { summary: 'Invoice', description: 'Where?' });
    const [category, note] = jira.planWriteBack(decision('applied'), connection());
    const setCategory = context(issue.id, category!);
    expect(await jira.inspect(setCategory)).toEqual({ applied: false, categoryValue: null });
    await jira.apply(setCategory);
    expect(await jira.inspect(setCategory)).toEqual({ applied: true, categoryValue: 'billing' });
    expect(server.issue(issue.id).options[CATEGORY_FIELD_ID]).toBe('billing');

    const addNote = context(issue.id, note!);
    expect(await jira.inspect(addNote)).toEqual({ applied: false });
    await jira.apply(addNote);
    expect(await jira.inspect(addNote)).toEqual({ applied: true });
    expect(server.issue(issue.id).comments).toEqual([
      expect.objectContaining({ public: false, authorId: TRIAGE_USER.accountId }),
    ]);

    server.act.setOption(AGENT.accountId, issue.id, CATEGORY_FIELD_ID, 'access');
    expect(await jira.inspect(setCategory)).toEqual({ applied: false, categoryValue: 'access' });
  });

  it('tells the platform about 429 and 503 with Retry-After, and 404 as Jira words it', async () => {
    const issue = server.act.createIssue(CUSTOMER.accountId, { summary: 'x', description: 'y' });
    const effect = context(issue.id, { action: { type: 'set_category', value: 'billing' } });
    server.failNext({ kind: 'rate_limited', retryAfterSeconds: 3 });
    const limited = (await jira.apply(effect).catch((error: unknown) => error)) as HelpdeskHttpError;
    expect(limited).toBeInstanceOf(HelpdeskHttpError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 3_000, rateLimited: true });
    server.failNext({ kind: 'unavailable', retryAfterSeconds: 1 });
    const outage = (await jira.inspect(effect).catch((error: unknown) => error)) as HelpdeskHttpError;
    expect(outage).toMatchObject({ status: 503, rateLimited: true });
    const missing = context(1, { action: { type: 'set_category', value: 'billing' } });
    expect(await jira.inspect(missing).catch((error: unknown) => error)).toMatchObject({ status: 404 });
  });

  it('tests the connection as the account behind the API token', async () => {
    const http = context(0, { action: { type: 'add_note', body: '' } }).http;
    expect(await jira.testConnection({ connection: connection(server.url), http })).toEqual({
      identity: { id: TRIAGE_USER.accountId, email: TRIAGE_USER.emailAddress, name: TRIAGE_USER.displayName },
    });
  });
});

describe('Jira connector: the category in labels', () => {
  let server: JiraTestServer;
  beforeAll(async () => {
    server = await startJiraSite();
  });
  afterAll(async () => {
    await server?.close();
  });
  const labelled = (baseUrl = 'http://127.0.0.1:1') => ({
    ...connection(baseUrl),
    settings: { categoryFieldId: 'labels' },
  });

  it('takes a mapped label added in the changelog as the category change, other labels not', () => {
    // https://developer.atlassian.com/cloud/jira/platform/webhooks/#example-callback-for-an-issue-related-event
    // (labels appear in `changelog.items` space-separated in fromString/toString)
    const change = (from: string, to: string) =>
      JSON.stringify({
        ...CATEGORY_UPDATED,
        changelog: {
          id: '10401',
          items: [{ field: 'labels', fieldtype: 'jira', fieldId: 'labels', fromString: from, toString: to }],
        },
      });
    expect(jira.parseInbound(request(change('vip billing', 'vip access')), labelled())).toMatchObject({
      events: [{ type: 'category_changed', value: 'access', previousValue: 'billing' }],
    });
    expect(jira.parseInbound(request(change('vip', 'vip urgent')), labelled())).toMatchObject({ events: [] });
  });

  it('replaces the mapped label it wrote before and leaves the others', async () => {
    const issue = server.act.createIssue(CUSTOMER.accountId, { summary: 'Invoice', description: 'Where?' });
    server.act.setLabels(AGENT.accountId, issue.id, ['vip']);
    const write = (value: string) =>
      contextFor(labelled(server.url), issue.id, { action: { type: 'set_category', value } }, clock);
    expect(await jira.inspect(write('billing'))).toEqual({ applied: false, categoryValue: null });
    await jira.apply(write('billing'));
    expect(await jira.inspect(write('billing'))).toEqual({ applied: true, categoryValue: 'billing' });
    await jira.apply(write('access'));
    expect(server.issue(issue.id).labels).toEqual(['vip', 'access']);
  });
});

describe('Jira connector: backfill through the enhanced JQL search', () => {
  let server: JiraTestServer;
  beforeAll(async () => {
    server = await startJiraSite(clock);
  });
  afterAll(async () => {
    await server?.close();
  });
  const withSettings = (settings: Record<string, unknown>) => ({
    ...connection(server.url),
    settings: { categoryFieldId: CATEGORY_FIELD_ID, projectKey: 'SUP', ...settings },
  });
  const read = (since: Date, cursor: string | null, pageSize = 2, settings: Record<string, unknown> = {}) => {
    const conn = withSettings(settings);
    const { http } = contextFor(conn, 0, { action: { type: 'add_note', body: '' } }, clock);
    return jira.listPastTickets!({ connection: conn, http, since, cursor, pageSize });
  };
  const searches = () => server.requests.filter((r) => r.path === '/rest/api/3/search/jql');

  it('reads issues created since a date in pages until isLast, with the category field’s value', async () => {
    const before = server.act.createIssue(CUSTOMER.accountId, { summary: 'Too old', description: 'x' });
    server.act.setOption(AGENT.accountId, before.id, CATEGORY_FIELD_ID, 'access');
    // Seven hours later: inside the day the JQL asks from, but before `since`.
    clock.advance(7 * 3_600_000);
    const since = new Date(clock.now().getTime() + 30_000);
    const created: number[] = [];
    for (const [index, summary] of ['Refund', 'Locked out', 'Invoice copy'].entries()) {
      clock.advance(60_000);
      const issue = server.act.createIssue(CUSTOMER.accountId, { summary, description: `${summary} please` });
      created.push(issue.id);
      if (index !== 1)
        server.act.setOption(
          AGENT.accountId,
          issue.id,
          CATEGORY_FIELD_ID,
          index === 0 ? 'billing' : 'access',
        );
    }

    const first = await read(since, null);
    expect(first.tickets.map((t) => Number(t.ticket.externalId))).toEqual(created.slice(0, 1));
    expect(first.nextCursor).not.toBeNull();
    const second = await read(since, first.nextCursor);
    expect(second.tickets.map((t) => Number(t.ticket.externalId))).toEqual(created.slice(1));
    expect(second.nextCursor).toBeNull();
    expect([...first.tickets, ...second.tickets].map((t) => t.categoryValue)).toEqual([
      'billing',
      null,
      'access',
    ]);
    expect(first.tickets[0]).toMatchObject({
      ticket: {
        subject: 'Refund',
        body: 'Refund please',
        requesterEmail: CUSTOMER.emailAddress,
        fields: { key: expect.stringMatching(/^SUP-\d+$/) },
      },
      categorySetBy: null,
      setByTriage: false,
    });
    expect(first.total).toBeNull();

    const [body] = searches().map((r) => r.body as Record<string, unknown>);
    const from = new Date(since.getTime() - 24 * 3_600_000);
    const jqlFrom = `${from.toISOString().slice(0, 10).replaceAll('-', '/')} ${from.toISOString().slice(11, 16)}`;
    expect(body).toEqual({
      jql: `project = "SUP" AND created >= "${jqlFrom}" ORDER BY created ASC`,
      fields: ['summary', 'description', 'created', 'labels', 'reporter', 'assignee', CATEGORY_FIELD_ID],
      maxResults: 2,
    });
    expect(searches()[1]?.body).toMatchObject({ nextPageToken: first.nextCursor });
  });

  it('resumes from a cursor in the middle, reads the category from labels, and reports rate limits', async () => {
    // Two days on: the earlier test's issues are outside even the widened JQL window.
    clock.advance(48 * 3_600_000);
    const since = clock.now();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      const issue = server.act.createIssue(CUSTOMER.accountId, { summary: `Window ${i}`, description: '' });
      server.act.setLabels(AGENT.accountId, issue.id, i % 2 === 0 ? ['vip', 'billing'] : ['vip']);
      ids.push(issue.id);
    }
    const labels = { categoryFieldId: 'labels' };
    const first = await read(since, null, 2, labels);
    expect(first.tickets.map((t) => Number(t.ticket.externalId))).toEqual(ids.slice(0, 2));

    server.failNext({ kind: 'rate_limited', retryAfterSeconds: 4 });
    const limited = (await read(since, first.nextCursor, 2, labels).catch(
      (e: unknown) => e,
    )) as HelpdeskHttpError;
    expect(limited).toBeInstanceOf(HelpdeskHttpError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 4_000, rateLimited: true });

    // A stopped run resumes with the cursor it saved.
    const rest: string[] = [];
    const values: Array<string | null> = [];
    for (let cursor = first.nextCursor; cursor !== null; ) {
      const page = await read(since, cursor, 2, labels);
      rest.push(...page.tickets.map((t) => t.ticket.externalId));
      values.push(...page.tickets.map((t) => t.categoryValue));
      cursor = page.nextCursor;
    }
    expect(rest).toEqual(ids.slice(2).map(String));
    expect(values).toEqual(['billing', null, 'billing']);
    expect(searches().at(-1)?.body).toMatchObject({
      fields: ['summary', 'description', 'created', 'labels', 'reporter', 'assignee'],
    });
    // Jira refuses a token from another query.
    await expect(
      read(new Date(since.getTime() - 86_400_000), first.nextCursor, 2, labels),
    ).rejects.toMatchObject({
      status: 400,
    });
  });
});
