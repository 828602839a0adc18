/**
 * The Zendesk account the tests use: Triage's API user, an agent, a customer, the category field
 * and Triage's triggers, so every Zendesk test starts the local server the same way.
 */
import type { Clock } from '../../../../platform/clock.js';
import { zendeskTriggerBody } from '../zendesk-trigger-body.js';
import {
  startZendeskTestServer,
  type ZendeskTestServer,
  type ZendeskTrigger,
} from './zendesk-test-server.js';

export const TRIAGE_USER = {
  id: 501,
  name: 'Triage',
  email: 'triage@acme.test',
  role: 'agent' as const,
  apiToken: 'zd-api-token',
};
export const AGENT = {
  id: 502,
  name: 'Alex Agent',
  email: 'alex@acme.test',
  role: 'agent' as const,
  oauthToken: 'zd-oauth-1',
};
export const CUSTOMER = {
  id: 900,
  name: 'Casey Customer',
  email: 'casey@example.test',
  role: 'end-user' as const,
};
export const CATEGORY_FIELD_ID = 360001;

/** Triage's triggers, as docs/integrations/zendesk.md sets them up. */
export function triageTriggers(): ZendeskTrigger[] {
  return [
    { on: 'created', body: zendeskTriggerBody('ticket.created', CATEGORY_FIELD_ID) },
    {
      on: 'updated',
      fieldChanged: String(CATEGORY_FIELD_ID),
      body: zendeskTriggerBody('ticket.category_changed', CATEGORY_FIELD_ID),
    },
    { on: 'updated', body: zendeskTriggerBody('ticket.updated', CATEGORY_FIELD_ID) },
    {
      on: 'updated',
      fieldChanged: 'comment',
      body: zendeskTriggerBody('ticket.commented', CATEGORY_FIELD_ID),
    },
  ];
}

/** A local Zendesk with those users, notifying `webhookUrl` through Triage's triggers. */
export function startZendeskAccount(
  webhookUrl: string,
  secret: string,
  clock: Clock,
): Promise<ZendeskTestServer> {
  return startZendeskTestServer({
    users: [TRIAGE_USER, AGENT, CUSTOMER],
    clock,
    webhook: {
      url: webhookUrl,
      secret,
      triggers: triageTriggers(),
    },
  });
}
