import { maybeOne, type Sql } from '../../platform/db/database.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';
import type { Decision } from './decide-action.js';
import { type DecideTicketDeps, decideTicket } from './decide-ticket.js';

export type RedecideTrigger = 'content_changed' | 'customer_reply';

// The latest replies are what a changed request is most likely about; older ones add little and
// the classifier caps its input anyway.
const MAX_REPLIES = 5;

/**
 * Predicts and decides a ticket again after its subject or body changed or its customer replied,
 * in the caller's transaction — unless a person already set its category: a human's choice is
 * never overwritten by the AI (the skip is recorded as an event, so the history says why).
 * The text is the subject, the body and the customer's latest replies.
 */
export async function redecideTicket(
  tx: Sql,
  deps: DecideTicketDeps,
  input: { workspaceId: string; ticketId: string; trigger: RedecideTrigger; actor: Actor },
): Promise<Decision | null> {
  const ticket = await maybeOne<{ subject: string; body: string; setBy: string | null; replies: string[] }>(
    tx,
    `SELECT t.subject, t.body, t.category_set_by AS "setBy",
            coalesce((SELECT array_agg(body ORDER BY created_at) FROM (
                SELECT a.payload->>'body' AS body, a.created_at FROM ticket_activities a
                 WHERE a.ticket_id = t.id AND a.kind = 'comment' AND a.payload->>'body' IS NOT NULL
                   AND lower(a.payload->>'author') = lower(t.requester)
                 ORDER BY a.created_at DESC LIMIT ${MAX_REPLIES}) latest), '{}') AS replies
       FROM tickets t WHERE t.workspace_id = $1 AND t.id = $2`,
    [input.workspaceId, input.ticketId],
  );
  if (!ticket) return null;
  if (ticket.setBy === 'human') {
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: 'decision.kept',
      subjectType: 'ticket',
      subjectId: input.ticketId,
      payload: { trigger: input.trigger, reason: 'a person set the category; the AI does not overwrite it' },
      occurredAt: deps.clock.now(),
    });
    return null;
  }
  const body = [ticket.body, ...ticket.replies].filter((part) => part.trim() !== '').join('\n\n');
  return decideTicket(tx, deps, {
    workspaceId: input.workspaceId,
    ticketId: input.ticketId,
    subject: ticket.subject,
    body,
  });
}
