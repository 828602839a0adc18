/**
 * The Freshdesk account the tests use: Triage's API agent, a person agent, a customer, the category
 * field and Triage's automation rules, so every Freshdesk test starts the local server the same way.
 */
import type { Clock } from '../../../../platform/clock.js';
import { FRESHDESK_RULE_EVENTS, freshdeskWebhookBody } from '../freshdesk-webhook-body.js';
import {
  type FreshdeskRule,
  type FreshdeskTestServer,
  startFreshdeskTestServer,
} from './freshdesk-test-server.js';

export const TRIAGE_AGENT = {
  id: 7001,
  name: 'Triage',
  email: 'triage@acme.test',
  apiKey: 'fd-triage-api-key',
};
export const AGENT = { id: 7002, name: 'Alex Agent', email: 'alex@acme.test', apiKey: 'fd-alex-api-key' };
export const CUSTOMER = { id: 9001, name: 'Casey Customer', email: 'casey@example.test' };
export const CATEGORY_FIELD = 'cf_triage_category';

/** Triage's four rules, each triggering the webhook with the documented body. */
export const triageRules = (): FreshdeskRule[] =>
  FRESHDESK_RULE_EVENTS.map((event) => ({ event, body: freshdeskWebhookBody(event, CATEGORY_FIELD) }));

/** A local Freshdesk with those people, notifying `webhookUrl` through Triage's rules. */
export async function startFreshdeskAccount(
  webhookUrl: string,
  secret: string,
  clock: Clock,
): Promise<FreshdeskTestServer> {
  const server = await startFreshdeskTestServer({
    agents: [TRIAGE_AGENT, AGENT],
    contacts: [CUSTOMER],
    categoryField: CATEGORY_FIELD,
    clock,
  });
  server.subscribe({ url: webhookUrl, secret, rules: triageRules() });
  return server;
}
