import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type {
  ConnectionView,
  Connector,
  EffectContext,
  HelpdeskActor,
  InboundEvent,
  ParseResult,
  PastTicket,
} from '../connector.js';
import { genericConnector } from '../generic/generic-connector.js';
import type { HelpdeskHttp, HelpdeskRequest, HelpdeskResponse } from '../helpdesk-http.js';
import { checkBody, readJsonBody } from '../inbound-body.js';
import { effectMarker, noteMarkerLine, planStandardWriteBack } from '../write-back-plan.js';
import { htmlToText, textToHtml } from './freshdesk-html.js';
import { FRESHDESK_RULE_EVENTS, FRESHDESK_SECRET_HEADER } from './freshdesk-webhook-body.js';

// Freshdesk: tickets arrive through automation rules whose "Trigger webhook" action posts the JSON
// body of freshdesk-webhook-body.ts with a shared secret in a custom header (Freshdesk signs
// nothing). The category is a custom ticket field, the explanation a private note, and a category
// may route the ticket to a group. Writes go through API v2 with the API key as basic auth.
// docs/integrations/freshdesk.md; API: https://developers.freshdesk.com/api/

const credentialsSchema = z.strictObject({
  apiKey: z.string().min(8).max(200).describe('The API key of Triage’s agent, sent as basic auth apikey:X'),
});

const settingsSchema = z.strictObject({
  /** The custom ticket field's name as the API names it (cf_...), holding the category. */
  categoryField: z.string().regex(/^cf_[a-z0-9_]+$/i, 'is a custom field name such as cf_category'),
  /** Helpdesk category value → group id the ticket is routed to when Triage applies that category. */
  groupByCategory: z.record(z.string().min(1).max(200), z.number().int().positive()).default({}),
});

const settingsOf = (connection: ConnectionView) => settingsSchema.parse(connection.settings);

/** The webhook body (freshdesk-webhook-body.ts): every placeholder renders as a string. */
const webhookBodySchema = z.object({
  event: z.enum(FRESHDESK_RULE_EVENTS as [string, ...string[]]),
  triggered_event: z.string().max(5_000).default(''),
  ticket: z.object({
    id: z.string().regex(/^\d+$/, 'is not a ticket number'),
    subject: z.string().max(1_000).default(''),
    description: z.string().max(500_000).default(''),
    status: z.string().max(40).default(''),
    tags: z.string().max(20_000).default(''),
    requester_email: z.string().max(320).default(''),
    agent_email: z.string().max(320).default(''),
    updated_at: z.string().max(60).default(''),
    category: z.string().max(200).default(''),
    latest_private_comment: z.string().max(500_000).default(''),
  }),
});

type WebhookBody = z.infer<typeof webhookBodySchema>;

function authorization(connection: ConnectionView): string {
  return `Basic ${Buffer.from(`${connection.credentials.apiKey}:X`).toString('base64')}`;
}

function call<T>(context: { connection: ConnectionView; http: HelpdeskHttp }, request: HelpdeskRequest) {
  return context.http.request<T>({
    ...request,
    headers: { authorization: authorization(context.connection) },
  });
}

function secretMatches(expected: string, given: string): boolean {
  // Hashing first gives equal lengths, so the comparison's time says nothing about the secret.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * `{{triggered_event}}` for a field change, e.g. `{cf_category:{from:billing,to:access}}`: the
 * value before and after, null when a side is empty or the field is not in it.
 */
export function fieldChange(
  triggeredEvent: string,
  field: string,
): { from: string | null; to: string | null } | null {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}\\s*:\\s*\\{\\s*from\\s*:(.*?),\\s*to\\s*:(.*?)\\}`).exec(
    triggeredEvent,
  );
  if (match === null) return null;
  const clean = (value: string | undefined) => {
    const trimmed = (value ?? '').trim().replace(/^"(.*)"$/, '$1');
    return trimmed === '' || trimmed === 'null' ? null : trimmed;
  };
  return { from: clean(match[1]), to: clean(match[2]) };
}

/** Notes Triage writes end with their marker line; a note with one is Triage's own. */
const TRIAGE_MARKER = /\[triage-[0-9a-f]{20}\]/;

function actorOf(connection: ConnectionView, email: string, ownNote: boolean): HelpdeskActor {
  const own = connection.integrationUser.email;
  const isIntegration =
    ownNote || (email !== '' && own !== null && email.toLowerCase() === own.toLowerCase());
  return { id: null, email: email || null, name: null, isIntegration };
}

function toEvent(
  connection: ConnectionView,
  body: WebhookBody,
  eventId: string,
  receivedAt: Date,
): InboundEvent {
  const { ticket } = body;
  const base = {
    eventId,
    externalId: ticket.id,
    actor: actorOf(connection, ticket.agent_email, false),
    occurredAt: ticket.updated_at || receivedAt.toISOString(),
  };
  switch (body.event) {
    case 'category_changed': {
      const change = fieldChange(body.triggered_event, settingsOf(connection).categoryField);
      return {
        ...base,
        type: 'category_changed',
        value: ticket.category || change?.to || null,
        previousValue: change?.from ?? null,
      };
    }
    case 'note_added': {
      const note = ticket.latest_private_comment;
      return {
        ...base,
        actor: actorOf(connection, ticket.agent_email, TRIAGE_MARKER.test(note)),
        type: 'ticket_commented',
        comment: { body: note, isPublic: false },
      };
    }
    case 'agent_changed':
      return { ...base, type: 'ticket_updated', changes: { assigneeEmail: ticket.agent_email || null } };
    default:
      return {
        ...base,
        // Who created the ticket is the requester, not the assigned agent.
        actor: { id: null, email: ticket.requester_email || null, name: null, isIntegration: false },
        type: 'ticket_created',
        ticket: {
          externalId: ticket.id,
          subject: ticket.subject,
          body: htmlToText(ticket.description),
          requesterEmail: ticket.requester_email || null,
          assigneeEmail: ticket.agent_email || null,
          createdAt: ticket.updated_at || null,
          fields: {
            tags: ticket.tags
              .split(',')
              .map((tag) => tag.trim())
              .filter((tag) => tag !== ''),
            status: ticket.status,
            ...(ticket.category ? { category: ticket.category } : {}),
          },
        },
      };
  }
}

/** A ticket as GET /api/v2/tickets/{id} answers it (https://developers.freshdesk.com/api/#view_a_ticket). */
interface RemoteTicket {
  id: number;
  subject: string;
  description?: string;
  description_text?: string;
  tags: string[];
  group_id: number | null;
  responder_id: number | null;
  custom_fields: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  status: number;
  requester?: { email?: string | null };
}

const ticketPath = (context: EffectContext) => `/api/v2/tickets/${encodeURIComponent(context.externalId)}`;

async function remoteTicket(context: EffectContext): Promise<RemoteTicket> {
  return (await call<RemoteTicket>(context, { path: ticketPath(context) })).body;
}

function categoryValueOf(ticket: RemoteTicket, field: string): string | null {
  const value = ticket.custom_fields?.[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The `rel="next"` address of a Link header (https://developers.freshdesk.com/api/#pagination). */
function nextLink(response: HelpdeskResponse<unknown>): string | null {
  const link = response.headers.get('link');
  return link ? (/<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null) : null;
}

/** Every conversation of the ticket (replies and notes), following the Link header. */
async function conversationTexts(context: EffectContext): Promise<string[]> {
  const texts: string[] = [];
  let path: string | null = `${ticketPath(context)}/conversations?per_page=100`;
  while (path !== null) {
    const answer: HelpdeskResponse<Array<{ body?: string; body_text?: string }>> = await call(context, {
      path,
    });
    texts.push(...answer.body.map((c) => `${c.body_text ?? ''}\n${c.body ?? ''}`));
    path = nextLink(answer);
  }
  return texts;
}

function update(context: EffectContext, ticket: Record<string, unknown>) {
  return call(context, { path: ticketPath(context), method: 'PUT', json: ticket });
}

/** Freshdesk answers at most this many tickets a page (https://developers.freshdesk.com/api/#pagination). */
const PAGE_SIZE = 100;
/** The list endpoint refuses pages beyond this (docs/integrations/freshdesk.md, limits). */
export const FRESHDESK_MAX_PAGE = 300;

export const freshdeskConnector: Connector = {
  kind: 'freshdesk',
  displayName: 'Freshdesk',
  credentialsSchema,
  settingsSchema,
  requiresInboundSecret: true,

  verifyInbound(request, connection) {
    if (!connection.inboundSecret)
      return { ok: false, reason: 'The connection has no shared secret to check with.' };
    const given = request.headers[FRESHDESK_SECRET_HEADER.toLowerCase()];
    if (!given) return { ok: false, reason: `The ${FRESHDESK_SECRET_HEADER} header is missing.` };
    return secretMatches(connection.inboundSecret, given)
      ? { ok: true }
      : { ok: false, reason: `${FRESHDESK_SECRET_HEADER} is not the connection's secret.` };
  },

  parseInbound(request, connection): ParseResult {
    const json = readJsonBody(request.rawBody, 'is the webhook body the documented one?');
    if (!json.ok) return json;
    const parsed = checkBody(webhookBodySchema, json.data, 'The webhook body');
    if (!parsed.ok) return parsed;
    const { event, ticket } = parsed.data;
    // Freshdesk sends no delivery id; it retries a failed webhook with the same body, so the rule's
    // event, the ticket, its update time and a digest of the body name the delivery.
    const digest = createHash('sha256').update(request.rawBody).digest('hex').slice(0, 16);
    const deliveryId = `${event}:${ticket.id}:${ticket.updated_at}:${digest}`;
    return {
      ok: true,
      deliveryId,
      events: [toEvent(connection, parsed.data, `freshdesk:${deliveryId}`, request.receivedAt)],
    };
  },

  toTicket: (event, connection) => ({
    ...genericConnector.toTicket(event, connection),
    channel: 'freshdesk',
  }),

  planWriteBack(input, connection) {
    const planned = planStandardWriteBack(input, connection);
    const category = planned.find((effect) => effect.action.type === 'set_category')?.action;
    const group =
      category?.type === 'set_category' ? settingsOf(connection).groupByCategory[category.value] : undefined;
    if (group === undefined) return planned;
    const marker = effectMarker(
      connection.id,
      input.ticket.id,
      input.decision.id,
      planned.length,
      'set_group',
    );
    return [...planned, { marker, action: { type: 'set_group', group: String(group) } }];
  },

  async inspect(context) {
    const { action, marker } = context.effect;
    if (action.type === 'add_note') {
      const line = noteMarkerLine(marker);
      return { applied: (await conversationTexts(context)).some((text) => text.includes(line)) };
    }
    const ticket = await remoteTicket(context);
    switch (action.type) {
      case 'set_category': {
        const current = categoryValueOf(ticket, settingsOf(context.connection).categoryField);
        return { applied: current === action.value, categoryValue: current };
      }
      case 'add_tags':
        return { applied: action.tags.every((tag) => ticket.tags.includes(tag)) };
      case 'set_group':
        return { applied: String(ticket.group_id) === action.group };
      case 'set_assignee':
        return { applied: String(ticket.responder_id) === action.assignee };
    }
  },

  async apply(context) {
    const { action } = context.effect;
    switch (action.type) {
      case 'set_category':
        await update(context, {
          custom_fields: { [settingsOf(context.connection).categoryField]: action.value },
        });
        return;
      case 'add_tags': {
        // `tags` on update replaces the list: read it first and send the union.
        const { tags } = await remoteTicket(context);
        await update(context, { tags: [...new Set([...tags, ...action.tags])] });
        return;
      }
      case 'set_group':
        await update(context, { group_id: Number(action.group) });
        return;
      case 'set_assignee':
        await update(context, { responder_id: Number(action.assignee) });
        return;
      case 'add_note':
        // https://developers.freshdesk.com/api/#add_note_to_a_ticket — private: seen by agents only.
        await call(context, {
          path: `${ticketPath(context)}/notes`,
          method: 'POST',
          json: { body: textToHtml(action.body), private: true },
        });
        return;
    }
  },

  async listPastTickets({ connection, http, since, cursor }) {
    const page = cursor === null ? 1 : Number(cursor);
    const query = new URLSearchParams({
      updated_since: since.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      order_by: 'created_at',
      order_type: 'asc',
      per_page: String(PAGE_SIZE),
      page: String(page),
      include: 'description',
    });
    const answer = await call<RemoteTicket[]>({ connection, http }, { path: `/api/v2/tickets?${query}` });
    const { categoryField } = settingsOf(connection);
    const tickets: PastTicket[] = answer.body.map((ticket) => ({
      ticket: {
        externalId: String(ticket.id),
        subject: ticket.subject,
        body: ticket.description_text ?? htmlToText(ticket.description ?? ''),
        requesterEmail: ticket.requester?.email ?? null,
        assigneeEmail: null,
        createdAt: ticket.created_at,
        fields: { tags: ticket.tags, status: ticket.status, group_id: ticket.group_id },
      },
      categoryValue: categoryValueOf(ticket, categoryField),
      // The list says nothing of who set a field; the platform checks its own write records.
      categorySetBy: null,
      setByTriage: false,
    }));
    const last = answer.body.length < PAGE_SIZE || page >= FRESHDESK_MAX_PAGE;
    return { tickets, nextCursor: last ? null : String(page + 1), total: null };
  },

  async testConnection({ connection, http }) {
    // https://developers.freshdesk.com/api/#me
    const answer = await call<{ id: number; contact?: { email?: string; name?: string } }>(
      { connection, http },
      { path: '/api/v2/agents/me' },
    );
    const { id, contact } = answer.body;
    return { identity: { id: String(id), email: contact?.email ?? null, name: contact?.name ?? null } };
  },
};
