import { maybeOne, type Sql } from '../../platform/db/database.js';
import type { DeadLetter } from '../../platform/outbox/index.js';
import { recordEscalatedDecision } from '../decisions/index.js';
import { WEBHOOK_NOTIFICATION } from '../notifications/index.js';
import { dueAt, ensureDefaultQueue } from '../review/index.js';
import { deadLetterRule, type FailedEffect } from './escalation-messages.js';
import { levelOneOwner } from './escalation-owner.js';
import {
  announceEscalation,
  escalationsActor,
  insertEscalation,
  NOTIFICATION_LOOP_REASON,
  queueForEscalation,
} from './escalation-store.js';

// The outbox's dead-letter hook: a write-back or notification that kept failing becomes an
// escalation with an owner, in the very transaction that makes it dead, so a dead letter is
// never without one. Registered as `onDeadLetter` in src/composition.ts.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The uuids an effect names: `payload.ticketId`, then any in its ordering key. */
function namedIds(deadLetter: DeadLetter): string[] {
  const fromPayload = typeof deadLetter.payload.ticketId === 'string' ? [deadLetter.payload.ticketId] : [];
  return [...fromPayload, ...(deadLetter.orderingKey.match(UUID) ?? [])]
    .filter((id) => new RegExp(`^${UUID.source}$`, 'i').test(id))
    .map((id) => id.toLowerCase());
}

interface TicketOfEffect {
  id: string;
  subject: string;
  /** The live queue its category (or its latest decision's) is mapped to, if any. */
  queueId: string | null;
  latestDecisionId: string | null;
}

/** The workspace's ticket the effect is about, with the queue its category routes to. */
async function ticketOfEffect(tx: Sql, deadLetter: DeadLetter): Promise<TicketOfEffect | undefined> {
  const ids = namedIds(deadLetter);
  if (ids.length === 0) return undefined;
  return maybeOne<TicketOfEffect>(
    tx,
    `SELECT t.id, t.subject, q.id AS "queueId", d.id AS "latestDecisionId"
       FROM tickets t
       LEFT JOIN LATERAL (SELECT id, category_id FROM decisions WHERE ticket_id = t.id
                           ORDER BY created_at DESC, id DESC LIMIT 1) d ON true
       LEFT JOIN review_queue_categories qc ON qc.category_id = COALESCE(t.category_id, d.category_id)
       LEFT JOIN review_queues q ON q.id = qc.queue_id AND q.archived_at IS NULL
      WHERE t.workspace_id = $1 AND t.id = ANY($2::uuid[])
      ORDER BY array_position($2::uuid[], t.id) LIMIT 1`,
    [deadLetter.workspaceId, ids],
  );
}

/**
 * Opens a `dead_letter` escalation for an effect that will not be tried again, owned by the
 * owner of the queue its ticket's category routes to (else the default queue's owner), with
 * the event `escalation.opened`. A ticket it names is recorded as escalated (except for a
 * notification, whose own ticket already has its outcome). People are notified unless the
 * dead effect is itself a notification: that could fail the same way, again and again; the
 * escalation records why nobody was notified. A dead letter that already has an open
 * escalation (replayed and dead again) keeps that one.
 */
export async function openDeadLetterEscalation(tx: Sql, deadLetter: DeadLetter): Promise<void> {
  const at = deadLetter.deadAt;
  const ticket = await ticketOfEffect(tx, deadLetter);
  const queueId =
    ticket?.queueId ??
    (await ensureDefaultQueue(tx, { now: () => at }, deadLetter.workspaceId, escalationsActor)).id;
  const queue = await queueForEscalation(tx, queueId, at);
  const ownership = levelOneOwner(queue.owners);
  const ownerDue = dueAt(at, queue.slaMinutes);
  const id = await insertEscalation(tx, {
    workspaceId: deadLetter.workspaceId,
    kind: 'dead_letter',
    reviewItemId: null,
    outboxId: deadLetter.id,
    ticketId: ticket?.id ?? null,
    queueId: queue.id,
    ownerUserId: ownership.owner?.id ?? null,
    ownerReason: ownership.reason,
    dueAt: ownerDue,
    openedAt: at,
  });
  if (!id) return;
  const isNotification = deadLetter.kind === WEBHOOK_NOTIFICATION;
  const effect: FailedEffect = {
    kind: deadLetter.kind,
    attempts: deadLetter.attempt,
    lastError: deadLetter.lastError,
  };
  await announceEscalation(
    tx,
    { id, workspaceId: deadLetter.workspaceId, ticketId: ticket?.id ?? null, outboxId: deadLetter.id },
    'escalation.opened',
    {
      escalationId: id,
      kind: 'dead_letter',
      queueName: queue.name,
      ticket: ticket ? { subject: ticket.subject } : null,
      ticketId: ticket?.id ?? null,
      effect: { kind: deadLetter.kind, attempts: deadLetter.attempt },
      level: 1,
      ownership,
      since: at,
      dueAt: ownerDue,
      lastError: deadLetter.lastError,
      occurredAt: at,
    },
    isNotification ? NOTIFICATION_LOOP_REASON : null,
    {
      outboxId: deadLetter.id,
      effectKind: deadLetter.kind,
      attempts: deadLetter.attempt,
      lastError: deadLetter.lastError,
      queueId: queue.id,
    },
  );
  if (ticket?.latestDecisionId && !isNotification) {
    await recordEscalatedDecision(tx, {
      workspaceId: deadLetter.workspaceId,
      ticketId: ticket.id,
      previousDecisionId: ticket.latestDecisionId,
      reason: 'dead_letter',
      rule: deadLetterRule(effect, ownership),
      inputs: { escalationId: id, outboxId: deadLetter.id, effectKind: deadLetter.kind, level: 1 },
      actor: escalationsActor,
      at,
    });
  }
}
