import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import { type Database, json, maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { canonicalJson } from '../../platform/events/canonical-json.js';
import { appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { type DecideTicketDeps, decideTicket } from '../decisions/index.js';
import { recordAssignment } from './ticket-assignments.js';
import type { NewTicket } from './ticket-types.js';

export interface TicketDeps extends DecideTicketDeps {
  db: Database;
  clock: Clock;
}

const normalisedDate = (value: string | undefined) => (value ? new Date(value).toISOString() : null);

/** The content that makes two creation requests "the same ticket". */
export function ticketContentHash(input: NewTicket): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        subject: input.subject ?? '',
        body: input.body ?? '',
        requester: input.requester ?? null,
        channel: input.channel ?? null,
        assignee: input.assignee ?? null,
        createdAt: normalisedDate(input.createdAt),
        customFields: input.customFields ?? {},
      }),
    )
    .digest('hex');
}

/**
 * Takes in a ticket, idempotently on (source, externalId): a repeat with the same content
 * returns the existing ticket, a repeat with other content is a conflict. A new ticket is
 * classified and decided in the same transaction, so it is never stored without a decision.
 */
export async function receiveTicket(
  deps: TicketDeps,
  ctx: RequestContext,
  input: NewTicket,
): Promise<{ ticketId: string; created: boolean }> {
  if (!input.subject?.trim() && !input.body?.trim()) {
    throw new AppError('validation_failed', 'A ticket needs a subject or a body.');
  }
  const contentHash = ticketContentHash(input);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const inserted = await maybeOne<{ id: string }>(
      tx,
      `INSERT INTO tickets (workspace_id, source, external_id, subject, body, requester, channel, assignee,
         custom_fields, content_hash, external_created_at, received_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $12)
       ON CONFLICT (workspace_id, source, external_id) DO NOTHING RETURNING id`,
      [
        ctx.workspaceId,
        input.source,
        input.externalId,
        input.subject ?? '',
        input.body ?? '',
        input.requester ?? null,
        input.channel ?? null,
        input.assignee ?? null,
        json(input.customFields ?? {}),
        contentHash,
        normalisedDate(input.createdAt),
        now,
      ],
    );
    if (!inserted) return existingTicket(tx, ctx.workspaceId, input, contentHash);
    await recordAssignment(tx, {
      workspaceId: ctx.workspaceId,
      ticketId: inserted.id,
      from: null,
      to: input.assignee ?? null,
      at: now,
    });
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'ticket.received',
      subjectType: 'ticket',
      subjectId: inserted.id,
      payload: { source: input.source, externalId: input.externalId, channel: input.channel ?? null },
      occurredAt: now,
    });
    await decideTicket(tx, deps, {
      workspaceId: ctx.workspaceId,
      ticketId: inserted.id,
      subject: input.subject ?? '',
      body: input.body ?? '',
    });
    return { ticketId: inserted.id, created: true };
  });
}

async function existingTicket(tx: Sql, workspaceId: string, input: NewTicket, contentHash: string) {
  const existing = await maybeOne<{ id: string; contentHash: string }>(
    tx,
    `SELECT id, content_hash AS "contentHash" FROM tickets WHERE workspace_id = $1 AND source = $2 AND external_id = $3`,
    [workspaceId, input.source, input.externalId],
  );
  if (!existing) throw new Error('ticket vanished between insert and read');
  if (existing.contentHash !== contentHash) {
    throw new AppError(
      'external_id_conflict',
      `A ticket with source "${input.source}" and externalId "${input.externalId}" already exists with different content; send changes as an update.`,
      { ticketId: existing.id },
    );
  }
  return { ticketId: existing.id, created: false };
}
