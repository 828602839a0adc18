/**
 * The JSON bodies of the two Zendesk triggers that notify Triage's webhook. Zendesk has no fixed
 * payload for trigger webhooks: the admin writes the body with placeholders
 * (https://support.zendesk.com/hc/en-us/articles/4408886858138), so this is Triage's documented
 * contract, shown in docs/integrations/zendesk.md:
 *   - "Triage: ticket created" — condition "Ticket is Created" — event `ticket.created`;
 *   - "Triage: category changed" — conditions "Ticket is Updated" and "<category field> Changed" —
 *     event `ticket.category_changed`.
 * Every placeholder renders as a string; `{{ticket.tags}}` is the tags separated by spaces, and
 * `{{current_user.*}}` is whoever made the change (Triage's own API user for its writes).
 */
export type ZendeskTriggerEvent = 'ticket.created' | 'ticket.category_changed';

export function zendeskTriggerBody(event: ZendeskTriggerEvent, categoryFieldId: number): string {
  return `{
  "event": "${event}",
  "ticket": {
    "id": "{{ticket.id}}",
    "subject": "{{ticket.title}}",
    "description": "{{ticket.description}}",
    "status": "{{ticket.status}}",
    "tags": "{{ticket.tags}}",
    "requester_email": "{{ticket.requester.email}}",
    "updated_at": "{{ticket.updated_at_with_timestamp}}",
    "category": "{{ticket.ticket_field_${categoryFieldId}}}"
  },
  "current_user": { "id": "{{current_user.id}}", "email": "{{current_user.email}}" }
}`;
}
