/** The Jira site the tests use: Triage's Atlassian account, an agent, a customer and the category field. */
import type { Clock } from '../../../../platform/clock.js';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';

export const TRIAGE_USER = {
  accountId: '5b10ac8d82e05b22cc7d4ef5',
  displayName: 'Triage',
  emailAddress: 'triage@acme.test',
  apiToken: 'atlassian-api-token',
};
export const AGENT = {
  accountId: '5b10a2844c20165700ede21g',
  displayName: 'Alex Agent',
  emailAddress: 'alex@acme.test',
  apiToken: 'alex-api-token',
};
export const CUSTOMER = {
  accountId: 'qm:1e7a8d0c-customer',
  displayName: 'Casey Customer',
  emailAddress: 'casey@example.test',
};
export const CATEGORY_FIELD_ID = 'customfield_10042';

export const startJiraSite = (clock?: Clock): Promise<JiraTestServer> =>
  startJiraTestServer({ users: [TRIAGE_USER, AGENT, CUSTOMER], ...(clock ? { clock } : {}) });
