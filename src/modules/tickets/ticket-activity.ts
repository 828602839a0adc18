import { createHash } from 'node:crypto';
import { json, maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { canonicalJson } from '../../platform/events/canonical-json.js';
import { appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { redecideTicket } from '../decisions/index.js';
import type { TicketDeps } from './receive-ticket.js';
import { recordAssignment } from './ticket-assignments.js';
import type { TicketChanges } from './ticket-types.js';

export interface ActivityKey {
  /** Defaults to the ticket's own source. */
  source?: string;
  eventId: string;
}

export interface CommentInput extends ActivityKey {
  kind: 'comment' | 'event';
  author?: string;
  body?: string;
  type?: string;
  data?: Record<string, unknown>;
}

interface LockedTicket {
  id: string;
  source: string;
  subject: string;
  body: string;
  assignee: string | null;
  requester: string | null;
  customFields: Record<string, unknown>;
}

async function lockTicket(tx: Sql, workspaceId: string, ticketId: string): Promise<LockedTicket> {
  const ticket = await maybeOne<LockedTicket>(
    tx,
    `SELECT id, source, subject, body, assignee, requester, custom_fields AS "customFields"
       FROM tickets WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
    [workspaceId, ticketId],
  );
  if (!ticket) throw notFound('Ticket', ticketId);
  return ticket;
}

/**
 * Stores an activity once per (source, eventId). Returns false when the same activity was
 * already stored (a retry), and fails when the id was used for different content.
 */
async function recordActivityOnce(
  tx: Sql,
  ctx: RequestContext,
  ticket: LockedTicket,
  key: ActivityKey,
  kind: 'update' | 'comment' | 'event',
  payload: Record<string, unknown>,
  now: Date,
): Promise<boolean> {
  const source = key.source ?? ticket.source;
  const hash = createHash('sha256')
    .update(canonicalJson({ ticketId: ticket.id, kind, payload }))
    .digest('hex');
  const inserted = await maybeOne(
    tx,
    `INSERT INTO ticket_activities (workspace_id, ticket_id, source, event_id, kind, payload, content_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
     ON CONFLICT (workspace_id, source, event_id) DO NOTHING RETURNING id`,
    [ctx.workspaceId, ticket.id, source, key.eventId, kind, json(payload), hash, now],
  );
  if (inserted) return true;
  const existing = await maybeOne<{ contentHash: string }>(
    tx,
    `SELECT content_hash AS "contentHash" FROM ticket_activities WHERE workspace_id = $1 AND source = $2 AND event_id = $3`,
    [ctx.workspaceId, source, key.eventId],
  );
  if (existing?.contentHash !== hash) {
    throw new AppError(
      'event_id_conflict',
      `Event "${key.eventId}" from source "${source}" was already used for a different change.`,
    );
  }
  return false;
}

function onlyDiffering(ticket: LockedTicket, given: TicketChanges): TicketChanges {
  const changes: TicketChanges = {};
  if (given.subject !== undefined && given.subject !== ticket.subject) changes.subject = given.subject;
  if (given.body !== undefined && given.body !== ticket.body) changes.body = given.body;
  if (given.assignee !== undefined && given.assignee !== ticket.assignee) changes.assignee = given.assignee;
  const fields = Object.entries(given.customFields ?? {}).filter(
    ([name, value]) => JSON.stringify(ticket.customFields[name]) !== JSON.stringify(value),
  );
  if (fields.length > 0) changes.customFields = Object.fromEntries(fields);
  return changes;
}

export async function updateTicket(
  deps: TicketDeps,
  ctx: RequestContext,
  ticketId: string,
  key: ActivityKey,
  given: TicketChanges,
): Promise<{ applied: boolean }> {
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ctx.workspaceId, ticketId);
    const now = deps.clock.now();
    const fresh = await recordActivityOnce(tx, ctx, ticket, key, 'update', { changes: given }, now);
    if (!fresh) return { applied: false };
    // Helpdesks that can only send every value as it is now (a Zendesk trigger) send unchanged
    // ones too: only what differs is written, and only a new subject or body re-decides.
    const changes = onlyDiffering(ticket, given);
    if (Object.keys(changes).length === 0) return { applied: true };
    const after = {
      ...ticket,
      ...changes,
      customFields: { ...ticket.customFields, ...(changes.customFields ?? {}) },
    };
    await tx.query(
      `UPDATE tickets SET subject = $3, body = $4, assignee = $5, custom_fields = $6::jsonb, updated_at = $7
        WHERE workspace_id = $1 AND id = $2`,
      [ctx.workspaceId, ticketId, after.subject, after.body, after.assignee, json(after.customFields), now],
    );
    if (changes.assignee !== undefined) {
      await recordAssignment(tx, {
        workspaceId: ctx.workspaceId,
        ticketId,
        from: ticket.assignee,
        to: changes.assignee,
        at: now,
      });
    }
    const changed = Object.keys(changes) as (keyof TicketChanges)[];
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'ticket.updated',
      subjectType: 'ticket',
      subjectId: ticketId,
      payload: {
        eventId: key.eventId,
        before: Object.fromEntries(changed.map((f) => [f, ticket[f]])),
        after: Object.fromEntries(changed.map((f) => [f, after[f]])),
      },
      occurredAt: now,
    });
    if (changes.subject !== undefined || changes.body !== undefined) {
      await redecideTicket(tx, deps, { ...ticketRef(ctx, ticketId), trigger: 'content_changed' });
    }
    return { applied: true };
  });
}

export async function addTicketActivity(
  deps: TicketDeps,
  ctx: RequestContext,
  ticketId: string,
  input: CommentInput,
): Promise<{ applied: boolean }> {
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ctx.workspaceId, ticketId);
    const now = deps.clock.now();
    const payload = {
      author: input.author ?? null,
      body: input.body ?? null,
      type: input.type ?? null,
      data: input.data ?? {},
    };
    const fresh = await recordActivityOnce(tx, ctx, ticket, input, input.kind, payload, now);
    if (!fresh) return { applied: false };
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: input.kind === 'comment' ? 'ticket.commented' : 'ticket.event',
      subjectType: 'ticket',
      subjectId: ticketId,
      payload: { eventId: input.eventId, ...payload },
      occurredAt: now,
    });
    if (isCustomerReply(ticket, input)) {
      await redecideTicket(tx, deps, { ...ticketRef(ctx, ticketId), trigger: 'customer_reply' });
    }
    return { applied: true };
  });
}

const ticketRef = (ctx: RequestContext, ticketId: string) => ({
  workspaceId: ctx.workspaceId,
  ticketId,
  actor: ctx.actor,
});

/** A comment by the ticket's requester with some text: the customer said more about the request. */
function isCustomerReply(ticket: LockedTicket, input: CommentInput): boolean {
  return (
    input.kind === 'comment' &&
    Boolean(input.body?.trim()) &&
    ticket.requester !== null &&
    input.author?.trim().toLowerCase() === ticket.requester.trim().toLowerCase()
  );
}
