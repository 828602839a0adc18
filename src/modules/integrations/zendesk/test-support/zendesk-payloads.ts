/**
 * JSON shapes of the Zendesk Support objects the local Zendesk server answers with, field for field
 * as the documentation's examples show them:
 *   Ticket:  https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format
 *   Comment: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#json-format
 *   Audit:   https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/#json-format
 *            (events: https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-audit-events-reference/)
 *   User:    https://developer.zendesk.com/api-reference/ticketing/users/users/#json-format
 */

export interface ZendeskUser {
  id: number;
  name: string;
  email: string;
  role: 'end-user' | 'agent' | 'admin';
}

export interface CustomFieldValue {
  id: number;
  value: string | number | boolean | null;
}

export interface CommentState {
  id: number;
  auditId: number;
  authorId: number;
  body: string;
  public: boolean;
  createdAt: Date;
}

export interface AuditEvent {
  id: number;
  type: 'Create' | 'Change' | 'Comment';
  /** For Create and Change: `tags`, `group_id`, `assignee_id`, `subject`, ... or a custom field's id. */
  field_name?: string;
  value?: unknown;
  previous_value?: unknown;
  /** For Comment. */
  body?: string;
  public?: boolean;
  author_id?: number;
}

export interface AuditState {
  id: number;
  ticketId: number;
  authorId: number;
  channel: 'web' | 'api';
  createdAt: Date;
  events: AuditEvent[];
}

export interface TicketState {
  id: number;
  subject: string;
  description: string;
  status: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
  requesterId: number;
  submitterId: number;
  assigneeId: number | null;
  groupId: number | null;
  tags: string[];
  customFields: CustomFieldValue[];
  createdAt: Date;
  updatedAt: Date;
  comments: CommentState[];
  audits: AuditState[];
}

/** Zendesk writes times without milliseconds: 2009-07-20T22:55:29Z. */
export function zendeskTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function ticketJson(ticket: TicketState, baseUrl: string): Record<string, unknown> {
  return {
    id: ticket.id,
    url: `${baseUrl}/api/v2/tickets/${ticket.id}.json`,
    external_id: null,
    via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
    created_at: zendeskTime(ticket.createdAt),
    updated_at: zendeskTime(ticket.updatedAt),
    type: null,
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.description,
    priority: null,
    status: ticket.status,
    recipient: null,
    requester_id: ticket.requesterId,
    submitter_id: ticket.submitterId,
    assignee_id: ticket.assigneeId,
    organization_id: null,
    group_id: ticket.groupId,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags: [...ticket.tags],
    custom_fields: ticket.customFields.map((field) => ({ ...field })),
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    // `fields` repeats `custom_fields`, as the API does.
    fields: ticket.customFields.map((field) => ({ ...field })),
    followup_ids: [],
    ticket_form_id: null,
    brand_id: null,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
  };
}

export function commentJson(comment: CommentState): Record<string, unknown> {
  return {
    id: comment.id,
    type: 'Comment',
    author_id: comment.authorId,
    body: comment.body,
    html_body: `<div class="zd-comment"><p>${escapeHtml(comment.body)}</p></div>`,
    plain_body: comment.body,
    public: comment.public,
    attachments: [],
    audit_id: comment.auditId,
    via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
    created_at: zendeskTime(comment.createdAt),
    metadata: { system: {}, custom: {} },
  };
}

export function auditJson(audit: AuditState): Record<string, unknown> {
  return {
    id: audit.id,
    ticket_id: audit.ticketId,
    created_at: zendeskTime(audit.createdAt),
    author_id: audit.authorId,
    metadata: { system: {}, custom: {} },
    via: { channel: audit.channel, source: { from: {}, to: {}, rel: null } },
    events: audit.events.map((event) =>
      event.type === 'Comment'
        ? {
            ...event,
            html_body: `<p>${escapeHtml(event.body ?? '')}</p>`,
            attachments: [],
            audit_id: audit.id,
          }
        : { ...event },
    ),
  };
}

export function userJson(user: ZendeskUser, baseUrl: string, at: Date): Record<string, unknown> {
  return {
    id: user.id,
    url: `${baseUrl}/api/v2/users/${user.id}.json`,
    name: user.name,
    email: user.email,
    created_at: zendeskTime(at),
    updated_at: zendeskTime(at),
    time_zone: 'UTC',
    locale: 'en-US',
    role: user.role,
    verified: true,
    active: true,
    suspended: false,
    external_id: null,
    tags: [],
    user_fields: {},
  };
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
