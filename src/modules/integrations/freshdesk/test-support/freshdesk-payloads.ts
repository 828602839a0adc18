/**
 * JSON shapes of the Freshdesk objects the local Freshdesk server answers with, field for field as
 * the API v2 documentation's examples show them:
 *   Ticket:        https://developers.freshdesk.com/api/#view_a_ticket (and #list_all_tickets)
 *   Note:          https://developers.freshdesk.com/api/#add_note_to_a_ticket
 *   Conversation:  https://developers.freshdesk.com/api/#list_all_ticket_notes
 *   Agent (me):    https://developers.freshdesk.com/api/#me
 *   Errors:        https://developers.freshdesk.com/api/#error
 */

export interface FreshdeskPerson {
  id: number;
  name: string;
  email: string;
  /** Agents call the API with their key (basic auth `apiKey:X`); contacts do not. */
  apiKey?: string;
}

export interface ConversationState {
  id: number;
  /** HTML. */
  body: string;
  bodyText: string;
  private: boolean;
  incoming: boolean;
  userId: number;
  createdAt: Date;
}

export interface TicketState {
  id: number;
  subject: string;
  /** HTML, as Freshdesk keeps it; `descriptionText` is the plain text. */
  description: string;
  descriptionText: string;
  /** 2 Open, 3 Pending, 4 Resolved, 5 Closed. */
  status: 2 | 3 | 4 | 5;
  priority: 1 | 2 | 3 | 4;
  requesterId: number;
  responderId: number | null;
  groupId: number | null;
  tags: string[];
  customFields: Record<string, string | number | boolean | null>;
  createdAt: Date;
  updatedAt: Date;
  conversations: ConversationState[];
}

/** Freshdesk writes times without milliseconds: 2015-08-24T11:56:51Z. */
export function freshdeskTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function ticketJson(ticket: TicketState, withDescription = true): Record<string, unknown> {
  return {
    cc_emails: [],
    fwd_emails: [],
    reply_cc_emails: [],
    ticket_cc_emails: [],
    fr_escalated: false,
    spam: false,
    email_config_id: null,
    group_id: ticket.groupId,
    priority: ticket.priority,
    requester_id: ticket.requesterId,
    responder_id: ticket.responderId,
    source: 2,
    company_id: null,
    status: ticket.status,
    subject: ticket.subject,
    association_type: null,
    support_email: null,
    to_emails: null,
    product_id: null,
    id: ticket.id,
    type: null,
    due_by: freshdeskTime(new Date(ticket.createdAt.getTime() + 3 * 86_400_000)),
    fr_due_by: freshdeskTime(new Date(ticket.createdAt.getTime() + 86_400_000)),
    is_escalated: false,
    custom_fields: { ...ticket.customFields },
    created_at: freshdeskTime(ticket.createdAt),
    updated_at: freshdeskTime(ticket.updatedAt),
    associated_tickets_count: null,
    tags: [...ticket.tags],
    ...(withDescription ? { description: ticket.description, description_text: ticket.descriptionText } : {}),
    attachments: [],
  };
}

export function conversationJson(conversation: ConversationState, ticketId: number): Record<string, unknown> {
  return {
    body: conversation.body,
    body_text: conversation.bodyText,
    id: conversation.id,
    incoming: conversation.incoming,
    private: conversation.private,
    user_id: conversation.userId,
    support_email: null,
    // 2: a note (https://developers.freshdesk.com/api/#conversations).
    source: 2,
    ticket_id: ticketId,
    to_emails: [],
    from_email: null,
    cc_emails: [],
    bcc_emails: [],
    attachments: [],
    created_at: freshdeskTime(conversation.createdAt),
    updated_at: freshdeskTime(conversation.createdAt),
  };
}

export function noteJson(conversation: ConversationState, ticketId: number): Record<string, unknown> {
  return {
    body: conversation.body,
    body_text: conversation.bodyText,
    id: conversation.id,
    incoming: conversation.incoming,
    private: conversation.private,
    user_id: conversation.userId,
    support_email: null,
    ticket_id: ticketId,
    notified_to: [],
    attachments: [],
    created_at: freshdeskTime(conversation.createdAt),
    updated_at: freshdeskTime(conversation.createdAt),
  };
}

export function agentMeJson(agent: FreshdeskPerson, at: Date): Record<string, unknown> {
  return {
    available: true,
    occasional: false,
    id: agent.id,
    ticket_scope: 1,
    signature: null,
    group_ids: [],
    role_ids: [],
    skill_ids: [],
    available_since: null,
    contact: {
      active: true,
      email: agent.email,
      job_title: null,
      language: 'en',
      last_login_at: freshdeskTime(at),
      mobile: null,
      name: agent.name,
      phone: null,
      time_zone: 'UTC',
      created_at: freshdeskTime(at),
      updated_at: freshdeskTime(at),
    },
    created_at: freshdeskTime(at),
    updated_at: freshdeskTime(at),
    type: 'support_agent',
  };
}

/** One item of a validation error (https://developers.freshdesk.com/api/#error). */
export interface FieldError {
  field: string;
  message: string;
  code: 'invalid_value' | 'invalid_field' | 'missing_field' | 'datatype_mismatch';
}

export const validationFailed = (errors: FieldError[]) => ({
  status: 400,
  body: { description: 'Validation failed', errors },
});
