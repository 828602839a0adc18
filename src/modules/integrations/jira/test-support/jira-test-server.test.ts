import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callJson } from '../../test-support/helpdesk-test-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver.js';
import { jiraSignature } from '../jira-signature.js';
import { AGENT, CATEGORY_FIELD_ID, CUSTOMER, startJiraSite, TRIAGE_USER } from './jira-site.js';
import type { JiraTestServer } from './jira-test-server.js';

const SECRET = 'server test secret';
const basic = (user: { emailAddress: string; apiToken: string }) => ({
  authorization: `Basic ${Buffer.from(`${user.emailAddress}:${user.apiToken}`).toString('base64')}`,
});

// The local Jira answers as the documented API does (see the addresses in jira-test-server.ts).
describe('local Jira test server', () => {
  let jira: JiraTestServer;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    jira = await startJiraSite();
    jira.subscribe({ url: receiver.url, secret: SECRET });
  });
  afterAll(async () => {
    await jira?.close();
    await receiver?.close();
  });

  it('refuses a wrong API token with 401 and Jira’s error body', async () => {
    const answer = await callJson(
      `${jira.url}/rest/api/3/myself`,
      'GET',
      basic({ ...TRIAGE_USER, apiToken: 'no' }),
    );
    expect(answer).toMatchObject({ status: 401, body: { errorMessages: [expect.any(String)], errors: {} } });
    const me = await callJson(`${jira.url}/rest/api/3/myself`, 'GET', basic(TRIAGE_USER));
    expect(me).toMatchObject({ status: 200, body: { accountId: TRIAGE_USER.accountId } });
  });

  it('answers 404 for an unknown issue and 400 with `errors` for a field it cannot set', async () => {
    const missing = await callJson(`${jira.url}/rest/api/3/issue/1`, 'GET', basic(TRIAGE_USER));
    expect(missing).toMatchObject({ status: 404, body: { errorMessages: [expect.any(String)] } });
    const issue = jira.act.createIssue(CUSTOMER.accountId, { summary: 's', description: 'd' });
    const refused = await callJson(`${jira.url}/rest/api/3/issue/${issue.id}`, 'PUT', basic(TRIAGE_USER), {
      fields: { priority: { name: 'High' } },
    });
    expect(refused).toMatchObject({ status: 400, body: { errors: { priority: expect.any(String) } } });
  });

  it('sends signed webhooks for a create, an API field write (with its changelog) and a comment', async () => {
    await jira.settle();
    receiver.received.length = 0;
    const issue = jira.act.createIssue(CUSTOMER.accountId, { summary: 'Refund', description: 'Please' });
    const put = await callJson(`${jira.url}/rest/api/3/issue/${issue.id}`, 'PUT', basic(AGENT), {
      fields: { [CATEGORY_FIELD_ID]: { value: 'billing' } },
    });
    expect(put.status).toBe(204);
    const posted = await callJson(
      `${jira.url}/rest/servicedeskapi/request/${issue.id}/comment`,
      'POST',
      basic(TRIAGE_USER),
      { body: 'internal', public: false },
    );
    expect(posted).toMatchObject({ status: 201, body: { public: false } });
    await jira.settle();
    const bodies = receiver.received.map((r) => {
      expect(r.headers['x-hub-signature']).toBe(jiraSignature(SECRET, r.raw));
      return JSON.parse(r.raw);
    });
    expect(bodies.map((b) => b.webhookEvent)).toEqual([
      'jira:issue_created',
      'jira:issue_updated',
      'comment_created',
    ]);
    expect(bodies[1]).toMatchObject({
      user: { accountId: AGENT.accountId },
      changelog: { items: [{ fieldId: CATEGORY_FIELD_ID, fromString: null, toString: 'billing' }] },
      issue: { fields: { [CATEGORY_FIELD_ID]: { value: 'billing' } } },
    });
    const comments = await callJson(
      `${jira.url}/rest/servicedeskapi/request/${issue.id}/comment?start=0&limit=1`,
      'GET',
      basic(TRIAGE_USER),
    );
    expect(comments).toMatchObject({
      status: 200,
      body: { isLastPage: true, values: [{ body: 'internal' }] },
    });
  });
  it('searches with JQL as the enhanced search documents: ids by default, requested fields, tokens, 400s', async () => {
    // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
    const search = (body: unknown) =>
      callJson<any>(`${jira.url}/rest/api/3/search/jql`, 'POST', basic(TRIAGE_USER), body);
    jira.act.createIssue(CUSTOMER.accountId, { summary: 'One', description: 'first' });
    jira.act.createIssue(CUSTOMER.accountId, { summary: 'Two', description: 'second' });
    const jql = 'project = "SUP" AND created >= "2000/01/01 00:00" ORDER BY created ASC';

    const ids = await search({ jql, maxResults: 1 });
    expect(ids.status).toBe(200);
    expect(ids.body.issues[0]).toEqual({
      expand: '',
      id: expect.stringMatching(/^\d+$/),
      self: expect.stringContaining('/rest/api/3/issue/'),
      key: expect.stringMatching(/^SUP-/),
    });
    expect(ids.body).toMatchObject({ isLast: false, nextPageToken: expect.any(String) });

    const everything: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await search({
        jql,
        fields: ['summary', CATEGORY_FIELD_ID],
        maxResults: 2,
        nextPageToken,
      });
      expect(page.status).toBe(200);
      for (const issue of page.body.issues) {
        // Only what was asked for (the category field where it is set).
        expect(issue.fields).toHaveProperty('summary');
        expect(issue.fields).not.toHaveProperty('description');
        everything.push(issue.fields.summary);
      }
      nextPageToken = page.body.nextPageToken;
      // The last page has no token at all (JRACLOUD-92184), and says so with isLast.
      if (page.body.isLast) expect('nextPageToken' in page.body).toBe(false);
    } while (nextPageToken !== undefined);
    expect(everything.slice(-2)).toEqual(['One', 'Two']);
    expect(
      await search({ jql: 'project = "NOPE" AND created >= "2000/01/01"', fields: ['summary'] }),
    ).toMatchObject({
      status: 200,
      body: { issues: [], isLast: true },
    });

    for (const [bad, message] of [
      ['ORDER BY created ASC', /Unbounded JQL/],
      ['created >= "yesterday-ish"', /Valid formats include/],
      ['priority = High', /Field 'priority' does not exist/],
    ] as const) {
      const refused = await search({ jql: bad });
      expect(refused.status).toBe(400);
      expect(refused.body.errorMessages[0]).toMatch(message);
    }
    const wrongToken = await search({ jql, nextPageToken: ids.body.nextPageToken.replace(/.$/, '!') });
    expect(wrongToken.status).toBe(400);
  });
});
