/**
 * The JSON bodies of the Zendesk triggers that notify Triage's webhook. Zendesk has no fixed
 * payload for trigger webhooks: the admin writes the body with placeholders
 * (https://support.zendesk.com/hc/en-us/articles/4408886858138), so this is Triage's documented
 * contract, shown in docs/integrations/zendesk.md:
 *   - "Triage: ticket created" — condition "Ticket is Created" — event `ticket.created`;
 *   - "Triage: category changed" — conditions "Ticket is Updated" and "<category field> Changed" —
 *     event `ticket.category_changed`;
 *   - "Triage: ticket updated" — condition "Ticket is Updated" — event `ticket.updated` (the
 *     subject, description and assignee as they are now; Triage keeps what differs);
 *   - "Triage: comment added" — conditions "Ticket is Updated" and "Comment is Present (public or
 *     private)" — event `ticket.commented`, with the `{{ticket.latest_comment.*}}` placeholders.
 * Every placeholder renders as a string; `{{ticket.tags}}` is the tags separated by spaces,
 * `{{ticket.latest_comment.is_public}}` is "true" or "false", and `{{current_user.*}}` is whoever
 * made the change (Triage's own API user for its writes).
 */
export type ZendeskTriggerEvent =
  | 'ticket.created'
  | 'ticket.category_changed'
  | 'ticket.updated'
  | 'ticket.commented';

const COMMENT = `,
  "comment": {
    "id": "{{ticket.latest_comment.id}}",
    "body": "{{ticket.latest_comment.value}}",
    "public": "{{ticket.latest_comment.is_public}}",
    "author_email": "{{ticket.latest_comment.author.email}}"
  }`;

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
    "assignee_email": "{{ticket.assignee.email}}",
    "updated_at": "{{ticket.updated_at_with_timestamp}}",
    "category": "{{ticket.ticket_field_${categoryFieldId}}}"
  }${event === 'ticket.commented' ? COMMENT : ''},
  "current_user": { "id": "{{current_user.id}}", "email": "{{current_user.email}}" }
}`;
}
