/**
 * The JSON bodies of the two Zendesk triggers that notify Triage's webhook ("Ticket is Created" and
 * "Ticket is Updated"). Zendesk has no fixed payload for trigger webhooks: the admin writes the body
 * with placeholders (https://support.zendesk.com/hc/en-us/articles/4408886858138), so this is
 * Triage's documented contract, shown on the setup page and in docs/integrations/zendesk.md. Every
 * placeholder renders as a string; `{{ticket.tags}}` is the tags separated by spaces.
 */
export type ZendeskTriggerEvent = 'ticket.created' | 'ticket.updated';

export function zendeskTriggerBody(event: ZendeskTriggerEvent, categoryFieldId?: number): string {
  const category =
    categoryFieldId === undefined ? '' : `,\n    "category": "{{ticket.ticket_field_${categoryFieldId}}}"`;
  return `{
  "event": "${event}",
  "ticket": {
    "id": "{{ticket.id}}",
    "subject": "{{ticket.title}}",
    "description": "{{ticket.description}}",
    "status": "{{ticket.status}}",
    "tags": "{{ticket.tags}}",
    "requester_email": "{{ticket.requester.email}}",
    "updated_at": "{{ticket.updated_at_with_timestamp}}"${category}
  },
  "current_user": { "id": "{{current_user.id}}", "email": "{{current_user.email}}" }
}`;
}
