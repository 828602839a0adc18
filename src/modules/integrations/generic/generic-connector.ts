import { z } from 'zod';
import type {
  ConnectionView,
  Connector,
  EffectContext,
  ExternalTicket,
  HelpdeskActor,
  InboundEvent,
  InboundRequest,
  ParseResult,
} from '../connector.js';
import { checkBody, readJsonBody } from '../inbound-body.js';
import { noteMarkerLine, planStandardWriteBack } from '../write-back-plan.js';
import { listGenericPastTickets } from './generic-backfill.js';
import {
  type GenericEvent,
  type GenericTicket,
  genericEventSchema,
  genericRemoteTicketSchema,
} from './generic-payload.js';
import { genericSignature, SIGNATURE_TOLERANCE_SECONDS, signatureMatches } from './generic-signature.js';

// The generic connector: a signed JSON webhook in and a small REST API out, for helpdesks
// (or in-house tools) that Triage has no dedicated connector for. docs/integrations/generic.md
// is the specification a helpdesk side implements.

const credentialsSchema = z.strictObject({
  token: z.string().min(8).max(500).describe('Sent as Authorization: Bearer <token>'),
});

export const auth = (connection: ConnectionView) => ({
  authorization: `Bearer ${connection.credentials.token}`,
});

export function actorOf(connection: ConnectionView, actor: GenericEvent['actor']): HelpdeskActor {
  const id = actor?.id ?? null;
  const email = actor?.email ?? null;
  const own = connection.integrationUser;
  const isIntegration =
    (id !== null && own.id !== null && id === own.id) ||
    (email !== null && own.email !== null && email.toLowerCase() === own.email.toLowerCase());
  return { id, email, name: actor?.name ?? null, isIntegration };
}

/** A generic ticket as the platform sees it (webhook and backfill alike). */
export function externalTicketOf(t: GenericTicket): ExternalTicket {
  return {
    externalId: t.id,
    subject: t.subject,
    body: t.body,
    requesterEmail: t.requester?.email ?? null,
    assigneeEmail: t.assignee?.email ?? null,
    createdAt: t.createdAt ?? null,
    fields: {
      ...(t.category ? { category: t.category } : {}),
      ...(t.tags ? { tags: t.tags } : {}),
      ...(t.group ? { group: t.group } : {}),
    },
  };
}

function toInboundEvent(connection: ConnectionView, event: GenericEvent): InboundEvent {
  const base = {
    eventId: event.id,
    externalId: event.ticket.id,
    actor: actorOf(connection, event.actor),
    occurredAt: event.occurredAt ?? null,
  };
  switch (event.type) {
    case 'ticket.created':
      return { ...base, type: 'ticket_created', ticket: externalTicketOf(event.ticket) };
    case 'ticket.updated': {
      const { subject, body, assignee } = event.changes;
      return {
        ...base,
        type: 'ticket_updated',
        changes: {
          ...(subject === undefined ? {} : { subject }),
          ...(body === undefined ? {} : { body }),
          ...(assignee === undefined ? {} : { assigneeEmail: assignee?.email ?? null }),
        },
      };
    }
    case 'ticket.commented':
      return {
        ...base,
        type: 'ticket_commented',
        comment: { body: event.comment.body, isPublic: event.comment.public },
      };
    case 'ticket.category_changed':
      return {
        ...base,
        type: 'category_changed',
        value: event.category.to,
        previousValue: event.category.from,
      };
  }
}

async function remoteTicket(context: EffectContext) {
  const { body } = await context.http.request({
    path: `/tickets/${encodeURIComponent(context.externalId)}`,
    headers: auth(context.connection),
  });
  return genericRemoteTicketSchema.parse(body);
}

export const genericConnector: Connector = {
  kind: 'generic',
  displayName: 'Generic webhook + REST',
  credentialsSchema,
  settingsSchema: z.strictObject({}),
  requiresInboundSecret: true,

  verifyInbound(request: InboundRequest, connection: ConnectionView) {
    const secret = connection.inboundSecret;
    if (!secret)
      return { ok: false, reason: 'The connection has no inbound secret to check signatures with.' };
    const signature = request.headers['x-triage-signature'];
    const timestamp = request.headers['x-triage-timestamp'];
    if (!signature || !timestamp)
      return { ok: false, reason: 'X-Triage-Signature or X-Triage-Timestamp is missing.' };
    const seconds = Number(timestamp);
    if (!Number.isInteger(seconds)) return { ok: false, reason: 'X-Triage-Timestamp is not Unix seconds.' };
    if (Math.abs(request.receivedAt.getTime() / 1000 - seconds) > SIGNATURE_TOLERANCE_SECONDS) {
      return {
        ok: false,
        reason: `The timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s away from now.`,
      };
    }
    if (!signatureMatches(genericSignature(secret, seconds, request.rawBody), signature)) {
      return { ok: false, reason: 'The signature does not match the body.' };
    }
    return { ok: true };
  },

  parseInbound(request: InboundRequest, connection: ConnectionView): ParseResult {
    const json = readJsonBody(request.rawBody);
    if (!json.ok) return json;
    const parsed = checkBody(genericEventSchema, json.data, 'The event');
    if (!parsed.ok) return parsed;
    const deliveryId = request.headers['x-triage-delivery'] ?? parsed.data.id;
    return { ok: true, deliveryId, events: [toInboundEvent(connection, parsed.data)] };
  },

  toTicket(event) {
    const t = event.ticket;
    return {
      externalId: t.externalId,
      subject: t.subject,
      body: t.body,
      ...(t.requesterEmail ? { requester: t.requesterEmail } : {}),
      ...(t.assigneeEmail ? { assignee: t.assigneeEmail } : {}),
      ...(t.createdAt ? { createdAt: t.createdAt } : {}),
      customFields: t.fields,
    };
  },

  planWriteBack: planStandardWriteBack,

  async inspect(context) {
    const remote = await remoteTicket(context);
    const { action, marker } = context.effect;
    switch (action.type) {
      case 'set_category':
        return { applied: remote.category === action.value, categoryValue: remote.category };
      case 'add_tags':
        return { applied: action.tags.every((tag) => remote.tags.includes(tag)) };
      case 'set_group':
        return { applied: remote.group === action.group };
      case 'set_assignee':
        return { applied: remote.assignee === action.assignee };
      case 'add_note':
        return { applied: remote.notes.some((note) => note.body.includes(noteMarkerLine(marker))) };
    }
  },

  async apply(context) {
    const path = `/tickets/${encodeURIComponent(context.externalId)}`;
    const headers = auth(context.connection);
    const { action } = context.effect;
    switch (action.type) {
      case 'set_category':
        await context.http.request({ path, method: 'PATCH', headers, json: { category: action.value } });
        return;
      case 'set_group':
        await context.http.request({ path, method: 'PATCH', headers, json: { group: action.group } });
        return;
      case 'set_assignee':
        await context.http.request({ path, method: 'PATCH', headers, json: { assignee: action.assignee } });
        return;
      case 'add_tags':
        await context.http.request({
          path: `${path}/tags`,
          method: 'POST',
          headers,
          json: { tags: action.tags },
        });
        return;
      case 'add_note':
        await context.http.request({
          path: `${path}/notes`,
          method: 'POST',
          headers,
          json: { body: action.body, internal: true },
        });
        return;
    }
  },

  listPastTickets: listGenericPastTickets,

  async testConnection({ connection, http }) {
    const { body } = await http.request<{ id?: string; email?: string; name?: string }>({
      path: '/me',
      headers: auth(connection),
    });
    return { identity: { id: body?.id ?? null, email: body?.email ?? null, name: body?.name ?? null } };
  },
};
