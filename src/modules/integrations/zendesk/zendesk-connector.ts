import { z } from 'zod';
import type {
  ConnectionView,
  Connector,
  EffectContext,
  HelpdeskActor,
  InboundEvent,
  ParseResult,
} from '../connector.js';
import { genericConnector } from '../generic/generic-connector.js';
import type { HelpdeskRequest, HelpdeskResponse } from '../helpdesk-http.js';
import { checkBody, readJsonBody } from '../inbound-body.js';
import { effectMarker, noteMarkerLine, planStandardWriteBack } from '../write-back-plan.js';
import { listZendeskPastTickets } from './zendesk-backfill.js';
import { ZENDESK_SIGNATURE_TOLERANCE_SECONDS, zendeskSignatureMatches } from './zendesk-signature.js';

// Zendesk Support: tickets arrive through triggers that notify a Triage webhook with the JSON bodies
// of zendesk-trigger-body.ts (ticket created, category field changed, ticket updated, comment
// added); the category is a custom ticket field, the explanation an internal note (a private
// comment), and a category may route the ticket to a group. Writes go through the Tickets API. docs/integrations/zendesk.md.

const credentialsSchema = z.union([
  z.strictObject({
    email: z.string().min(3).max(320).describe('The API user, sent as {email}/token with the API token'),
    apiToken: z.string().min(8).max(500),
  }),
  z.strictObject({
    oauthToken: z.string().min(8).max(500).describe('An OAuth access token, sent as Bearer'),
  }),
]);

const settingsSchema = z.strictObject({
  /** The custom ticket field (a drop-down) that holds the category. */
  categoryFieldId: z.number().int().positive(),
  /** Helpdesk category value → group id the ticket is routed to when Triage applies that category. */
  groupByCategory: z.record(z.string().min(1).max(200), z.number().int().positive()).default({}),
});

const settingsOf = (connection: ConnectionView) => settingsSchema.parse(connection.settings);

/** The trigger body (zendesk-trigger-body.ts): every placeholder renders as a string. */
const triggerBodySchema = z.object({
  event: z.enum(['ticket.created', 'ticket.category_changed', 'ticket.updated', 'ticket.commented']),
  ticket: z.object({
    id: z.string().regex(/^\d+$/, 'is not a ticket number'),
    subject: z.string().max(1_000).default(''),
    description: z.string().max(500_000).default(''),
    status: z.string().max(20).default(''),
    tags: z.string().max(20_000).default(''),
    requester_email: z.string().max(320).default(''),
    assignee_email: z.string().max(320).default(''),
    updated_at: z.string().max(40).default(''),
    category: z.string().max(200).default(''),
  }),
  /** `{{ticket.latest_comment.*}}`, in the "comment added" trigger's body only. */
  comment: z
    .object({
      id: z.string().regex(/^\d+$/, 'is not a comment id'),
      body: z.string().max(500_000).default(''),
      public: z.enum(['true', 'false']),
      author_email: z.string().max(320).default(''),
    })
    .optional(),
  current_user: z
    .object({ id: z.string().max(40).default(''), email: z.string().max(320).default('') })
    .default({
      id: '',
      email: '',
    }),
});

type TriggerBody = z.infer<typeof triggerBodySchema>;

export function authorization(connection: ConnectionView): string {
  const { email, apiToken, oauthToken } = connection.credentials;
  if (oauthToken) return `Bearer ${oauthToken}`;
  return `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`;
}

function call<T>(context: Pick<EffectContext, 'connection' | 'http'>, request: HelpdeskRequest) {
  return context.http.request<T>({
    ...request,
    headers: { authorization: authorization(context.connection) },
  });
}

function actorOf(connection: ConnectionView, user: TriggerBody['current_user']): HelpdeskActor {
  const id = user.id || null;
  const email = user.email || null;
  const own = connection.integrationUser;
  const isIntegration =
    (id !== null && own.id !== null && id === own.id) ||
    (email !== null && own.email !== null && email.toLowerCase() === own.email.toLowerCase());
  return { id, email, name: null, isIntegration };
}

function toEvent(
  connection: ConnectionView,
  body: TriggerBody,
  eventId: string,
  receivedAt: Date,
): InboundEvent | string {
  const { ticket } = body;
  const base = {
    eventId,
    externalId: ticket.id,
    actor: actorOf(connection, body.current_user),
    occurredAt: ticket.updated_at || receivedAt.toISOString(),
  };
  switch (body.event) {
    case 'ticket.category_changed':
      // The trigger's "Changed" condition tells that the field changed, not from what.
      return { ...base, type: 'category_changed', value: ticket.category || null, previousValue: null };
    case 'ticket.updated':
      // The values as they are now: the platform keeps the ones that differ from the ticket's.
      return {
        ...base,
        type: 'ticket_updated',
        changes: {
          subject: ticket.subject,
          body: ticket.description,
          assigneeEmail: ticket.assignee_email || null,
        },
      };
    case 'ticket.commented':
      if (body.comment === undefined) return 'The ticket.commented body has no comment.';
      // One id per comment, so the same comment delivered by two triggers is kept once.
      return {
        ...base,
        eventId: `zendesk:comment:${body.comment.id}`,
        type: 'ticket_commented',
        comment: { body: body.comment.body, isPublic: body.comment.public === 'true' },
      };
    case 'ticket.created':
      return {
        ...base,
        type: 'ticket_created',
        ticket: {
          externalId: ticket.id,
          subject: ticket.subject,
          body: ticket.description,
          requesterEmail: ticket.requester_email || null,
          assigneeEmail: ticket.assignee_email || null,
          createdAt: ticket.updated_at || null,
          fields: {
            tags: ticket.tags.split(' ').filter((tag) => tag !== ''),
            status: ticket.status,
            ...(ticket.category ? { category: ticket.category } : {}),
          },
        },
      };
  }
}

interface RemoteTicket {
  tags: string[];
  group_id: number | null;
  assignee_id: number | null;
  custom_fields: Array<{ id: number; value: unknown }>;
}

async function remoteTicket(context: EffectContext): Promise<RemoteTicket> {
  const answer = await call<{ ticket: RemoteTicket }>(context, { path: ticketPath(context) });
  return answer.body.ticket;
}

const ticketPath = (context: EffectContext) =>
  `/api/v2/tickets/${encodeURIComponent(context.externalId)}.json`;

/** Every comment of the ticket (public and internal), following `next_page`. */
async function commentBodies(context: EffectContext): Promise<string[]> {
  const bodies: string[] = [];
  let path: string | null =
    `/api/v2/tickets/${encodeURIComponent(context.externalId)}/comments.json?per_page=100`;
  while (path !== null) {
    const answer: HelpdeskResponse<{ comments: Array<{ body?: string }>; next_page: string | null }> =
      await call(context, { path });
    bodies.push(...answer.body.comments.map((comment) => comment.body ?? ''));
    path = answer.body.next_page;
  }
  return bodies;
}

function update(context: EffectContext, ticket: Record<string, unknown>) {
  return call(context, { path: ticketPath(context), method: 'PUT', json: { ticket } });
}

export const zendeskConnector: Connector = {
  kind: 'zendesk',
  displayName: 'Zendesk',
  credentialsSchema,
  settingsSchema,
  requiresInboundSecret: true,

  verifyInbound(request, connection) {
    if (!connection.inboundSecret)
      return { ok: false, reason: 'The connection has no signing secret to check with.' };
    const signature = request.headers['x-zendesk-webhook-signature'];
    const timestamp = request.headers['x-zendesk-webhook-signature-timestamp'];
    if (!signature || !timestamp) {
      return { ok: false, reason: 'X-Zendesk-Webhook-Signature or its timestamp is missing.' };
    }
    const signedAt = Date.parse(timestamp);
    if (Number.isNaN(signedAt))
      return { ok: false, reason: 'X-Zendesk-Webhook-Signature-Timestamp is not a time.' };
    if (Math.abs(request.receivedAt.getTime() - signedAt) > ZENDESK_SIGNATURE_TOLERANCE_SECONDS * 1000) {
      return {
        ok: false,
        reason: `The timestamp is more than ${ZENDESK_SIGNATURE_TOLERANCE_SECONDS} s away from now.`,
      };
    }
    return zendeskSignatureMatches(connection.inboundSecret, timestamp, request.rawBody, signature)
      ? { ok: true }
      : { ok: false, reason: 'X-Zendesk-Webhook-Signature does not match the body.' };
  },

  parseInbound(request, connection): ParseResult {
    const json = readJsonBody(request.rawBody, 'is the trigger body the documented one?');
    if (!json.ok) return json;
    const parsed = checkBody(triggerBodySchema, json.data, 'The trigger body');
    if (!parsed.ok) return parsed;
    const { event, ticket, comment } = parsed.data;
    // Zendesk retries an invocation with the same id; without it, the change itself names the delivery.
    const deliveryId =
      request.headers['x-zendesk-webhook-invocation-id'] ??
      `${event}:${ticket.id}:${ticket.updated_at}:${comment?.id ?? ticket.category}`;
    const read = toEvent(connection, parsed.data, `zendesk:${deliveryId}`, request.receivedAt);
    if (typeof read === 'string') return { ok: false, reason: read };
    return { ok: true, deliveryId, events: [read] };
  },

  // The standard mapping (requester by e-mail, fields kept), marked as coming from Zendesk.
  toTicket: (event, connection) => ({ ...genericConnector.toTicket(event, connection), channel: 'zendesk' }),

  planWriteBack(input, connection) {
    const planned = planStandardWriteBack(input, connection);
    const category = planned.find((effect) => effect.action.type === 'set_category')?.action;
    const group =
      category?.type === 'set_category' ? settingsOf(connection).groupByCategory[category.value] : undefined;
    if (group === undefined) return planned;
    const index = planned.length;
    const marker = effectMarker(connection.id, input.ticket.id, input.decision.id, index, 'set_group');
    return [...planned, { marker, action: { type: 'set_group', group: String(group) } }];
  },

  async inspect(context) {
    const { action, marker } = context.effect;
    if (action.type === 'add_note') {
      return {
        applied: (await commentBodies(context)).some((body) => body.includes(noteMarkerLine(marker))),
      };
    }
    const ticket = await remoteTicket(context);
    switch (action.type) {
      case 'set_category': {
        const { categoryFieldId } = settingsOf(context.connection);
        const value = ticket.custom_fields.find((field) => field.id === categoryFieldId)?.value;
        const current = typeof value === 'string' && value !== '' ? value : null;
        return { applied: current === action.value, categoryValue: current };
      }
      case 'add_tags':
        return { applied: action.tags.every((tag) => ticket.tags.includes(tag)) };
      case 'set_group':
        return { applied: String(ticket.group_id) === action.group };
      case 'set_assignee':
        return { applied: String(ticket.assignee_id) === action.assignee };
    }
  },

  async apply(context) {
    const { action } = context.effect;
    switch (action.type) {
      case 'set_category': {
        const { categoryFieldId } = settingsOf(context.connection);
        await update(context, { custom_fields: [{ id: categoryFieldId, value: action.value }] });
        return;
      }
      case 'add_tags':
        await update(context, { additional_tags: action.tags });
        return;
      case 'set_group':
        await update(context, { group_id: Number(action.group) });
        return;
      case 'set_assignee':
        await update(context, { assignee_id: Number(action.assignee) });
        return;
      case 'add_note':
        // An internal note: a private comment, seen by agents only.
        await update(context, { comment: { body: action.body, public: false } });
        return;
    }
  },

  listPastTickets: listZendeskPastTickets,

  async testConnection({ connection, http }) {
    const answer = await call<{ user: { id: number; email?: string; name?: string } }>(
      { connection, http },
      { path: '/api/v2/users/me.json' },
    );
    const { user } = answer.body;
    return { identity: { id: String(user.id), email: user.email ?? null, name: user.name ?? null } };
  },
};
