import { maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { type Actor, appendEvent, systemActor } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { recordLabel } from '../learning/index.js';
import { addTicketActivity, receiveTicket, type TicketDeps, updateTicket } from '../tickets/index.js';
import { ticketSourceOf } from './connection-store.js';
import type { ConnectionView, Connector, HelpdeskActor, InboundEvent } from './connector.js';
import { categoryOfValue } from './write-back-plan.js';

// What one inbound event becomes: a ticket (through the normal intake, so it is predicted and
// decided like any other), an update or a comment on it, or — for a person's change of the
// category — a label. Triage's own writes coming back (echoes) are recorded and go no further.

/** A category change matching what Triage wrote within this window is Triage's own echo. */
export const ECHO_WINDOW_MS = 10 * 60_000;

export type EventOutcome =
  | {
      eventId: string;
      type: InboundEvent['type'];
      result: 'ticket_created' | 'ticket_existed';
      ticketId: string;
    }
  | { eventId: string; type: InboundEvent['type']; result: 'applied' | 'repeat'; ticketId: string }
  | {
      eventId: string;
      type: InboundEvent['type'];
      result: 'label_recorded';
      ticketId: string;
      categoryId: string;
      labelId: string;
    }
  | { eventId: string; type: InboundEvent['type']; result: 'echo'; ticketId: string | null; why: string }
  | { eventId: string; type: InboundEvent['type']; result: 'ignored'; ticketId: string | null; why: string };

const connectionActor = (connection: ConnectionView): Actor =>
  systemActor(`${connection.name} (${connection.kind} connection)`);

const helpdeskName = (actor: HelpdeskActor) => actor.email ?? actor.name ?? actor.id ?? 'unknown';

/** The Triage member with the helpdesk person's e-mail, or the helpdesk identity itself. */
async function personOf(sql: Sql, connection: ConnectionView, actor: HelpdeskActor): Promise<Actor> {
  if (actor.email) {
    const user = await maybeOne<{ id: string; name: string }>(
      sql,
      `SELECT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id
        WHERE m.workspace_id = $1 AND lower(u.email) = lower($2) AND u.disabled_at IS NULL`,
      [connection.workspaceId, actor.email],
    );
    if (user) return { type: 'user', id: user.id, name: user.name };
  }
  return systemActor(
    `${helpdeskName(actor)} in ${connection.name} (${connection.kind}${actor.id ? ` user ${actor.id}` : ''})`,
  );
}

/** The helpdesk actor is the connection's integration user: Triage itself. */
export function isOwn(connection: ConnectionView, actor: HelpdeskActor): boolean {
  const own = connection.integrationUser;
  return (
    actor.isIntegration ||
    (actor.id !== null && own.id !== null && actor.id === own.id) ||
    (actor.email !== null && own.email !== null && actor.email.toLowerCase() === own.email.toLowerCase())
  );
}

async function ticketIdOf(sql: Sql, connection: ConnectionView, externalId: string): Promise<string | null> {
  const row = await maybeOne<{ id: string }>(
    sql,
    'SELECT id FROM tickets WHERE workspace_id = $1 AND source = $2 AND external_id = $3',
    [connection.workspaceId, ticketSourceOf(connection), externalId],
  );
  return row?.id ?? null;
}

/** Whether Triage wrote this category value on the ticket recently (its write coming back). */
async function wroteRecently(
  sql: Sql,
  connection: ConnectionView,
  ticketId: string,
  value: string | null,
  now: Date,
) {
  if (value === null) return false;
  const row = await maybeOne(
    sql,
    `SELECT 1 FROM helpdesk_writes
      WHERE connection_id = $1 AND ticket_id = $2 AND action = 'set_category' AND result = 'written'
        AND lower(value) = lower($3) AND written_at >= $4 LIMIT 1`,
    [connection.id, ticketId, value, new Date(now.getTime() - ECHO_WINDOW_MS)],
  );
  return row !== undefined;
}

export async function processInboundEvent(
  deps: TicketDeps,
  connector: Connector,
  connection: ConnectionView,
  event: InboundEvent,
): Promise<EventOutcome> {
  const ctx: RequestContext = { workspaceId: connection.workspaceId, actor: connectionActor(connection) };
  const source = ticketSourceOf(connection);
  const base = { eventId: event.eventId, type: event.type };
  if (event.type === 'ticket_created') {
    const fields = connector.toTicket(event, connection);
    try {
      const { ticketId, created } = await receiveTicket(deps, ctx, { ...fields, source });
      return { ...base, result: created ? 'ticket_created' : 'ticket_existed', ticketId };
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'external_id_conflict') throw error;
      const ticketId = (error.details as { ticketId: string }).ticketId;
      return {
        ...base,
        result: 'ignored',
        ticketId,
        why: 'the ticket was already received with other content',
      };
    }
  }
  const ticketId = await ticketIdOf(deps.db, connection, event.externalId);
  if (!ticketId)
    return {
      ...base,
      result: 'ignored',
      ticketId: null,
      why: `no ticket ${event.externalId} from this connection`,
    };
  if (isOwn(connection, event.actor)) {
    await recordEcho(deps, ctx, ticketId, event, 'made by the integration user');
    return { ...base, result: 'echo', ticketId, why: 'made by the integration user' };
  }
  const key = { source, eventId: event.eventId };
  switch (event.type) {
    case 'ticket_updated': {
      const { subject, body, assigneeEmail } = event.changes;
      const { applied } = await updateTicket(deps, ctx, ticketId, key, {
        ...(subject === undefined ? {} : { subject }),
        ...(body === undefined ? {} : { body }),
        ...(assigneeEmail === undefined ? {} : { assignee: assigneeEmail }),
      });
      return { ...base, result: applied ? 'applied' : 'repeat', ticketId };
    }
    case 'ticket_commented': {
      const { applied } = await addTicketActivity(deps, ctx, ticketId, {
        ...key,
        kind: 'comment',
        ...(event.actor.email ? { author: event.actor.email } : {}),
        body: event.comment.body,
        data: { public: event.comment.isPublic },
      });
      return { ...base, result: applied ? 'applied' : 'repeat', ticketId };
    }
    case 'category_changed':
      return categoryChanged(deps, connection, ctx, ticketId, event);
  }
}

async function categoryChanged(
  deps: TicketDeps,
  connection: ConnectionView,
  ctx: RequestContext,
  ticketId: string,
  event: Extract<InboundEvent, { type: 'category_changed' }>,
): Promise<EventOutcome> {
  const base = { eventId: event.eventId, type: event.type };
  if (await wroteRecently(deps.db, connection, ticketId, event.value, deps.clock.now())) {
    const why = 'the value Triage wrote moments ago';
    await recordEcho(deps, ctx, ticketId, event, why);
    return { ...base, result: 'echo', ticketId, why };
  }
  const categoryId = categoryOfValue(connection, event.value);
  if (!categoryId) {
    return { ...base, result: 'ignored', ticketId, why: `"${event.value}" maps to no Triage category` };
  }
  return deps.db.transaction(async (tx) => {
    const person = await personOf(tx, connection, event.actor);
    const label = await recordLabel(
      tx,
      deps.clock,
      { workspaceId: connection.workspaceId, actor: person },
      {
        ticketId,
        categoryId,
        kind: 'helpdesk',
        reasonCode: 'helpdesk_change',
      },
    );
    return { ...base, result: 'label_recorded', ticketId, categoryId, labelId: label.id };
  });
}

async function recordEcho(
  deps: TicketDeps,
  ctx: RequestContext,
  ticketId: string,
  event: InboundEvent,
  why: string,
): Promise<void> {
  await deps.db.transaction((tx) =>
    appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'helpdesk.echo_ignored',
      subjectType: 'ticket',
      subjectId: ticketId,
      payload: {
        eventId: event.eventId,
        type: event.type,
        why,
        ...(event.type === 'category_changed' ? { value: event.value } : {}),
      },
      occurredAt: deps.clock.now(),
    }),
  );
}
