/**
 * The JSON bodies of Triage's Freshdesk automation rules, each with the action "Trigger webhook"
 * (POST, encoding JSON, content "Advanced"). Freshdesk has no fixed payload: the admin writes the
 * body with placeholders (https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules),
 * so this is Triage's documented contract, shown in docs/integrations/freshdesk.md:
 *   - "Triage: ticket created" (rule on Ticket creation) — event `ticket_created`;
 *   - "Triage: category changed" (rule on Ticket updates, event "<category field> is changed",
 *     performed by an agent) — event `category_changed`;
 *   - "Triage: note added" (rule on Ticket updates, event "Note is added") — event `note_added`;
 *   - "Triage: agent changed" (rule on Ticket updates, event "Agent is updated") — event `agent_changed`.
 * Every placeholder sits inside a JSON string. `{{triggered_event}}` renders the change as
 * `{cf_category:{from:billing,to:access}}` (unquoted), `{{ticket.tags}}` as the tags separated by
 * commas, `{{ticket.agent.email}}` is the ticket's assigned agent — Freshdesk has no placeholder for
 * who made the change (see the doc's limits).
 */
export type FreshdeskRuleEvent = 'ticket_created' | 'category_changed' | 'note_added' | 'agent_changed';

export const FRESHDESK_RULE_EVENTS: readonly FreshdeskRuleEvent[] = [
  'ticket_created',
  'category_changed',
  'note_added',
  'agent_changed',
];

/** The header the admin adds under "Custom headers" with the connection's inbound secret. */
export const FRESHDESK_SECRET_HEADER = 'X-Triage-Secret';

export function freshdeskWebhookBody(event: FreshdeskRuleEvent, categoryField: string): string {
  return `{
  "event": "${event}",
  "triggered_event": "{{triggered_event}}",
  "ticket": {
    "id": "{{ticket.id}}",
    "subject": "{{ticket.subject}}",
    "description": "{{ticket.description}}",
    "status": "{{ticket.status}}",
    "tags": "{{ticket.tags}}",
    "requester_email": "{{ticket.requester.email}}",
    "agent_email": "{{ticket.agent.email}}",
    "updated_at": "{{ticket.updated_at}}",
    "category": "{{ticket.${categoryField}}}",
    "latest_private_comment": "{{ticket.latest_private_comment}}"
  }
}`;
}
