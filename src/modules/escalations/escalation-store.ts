import { randomUUID } from 'node:crypto';
import { maybeOne, one, type Sql } from '../../platform/db/database.js';
import { type Actor, appendEvent, systemActor } from '../../platform/events/index.js';
import { notify } from '../notifications/index.js';
import { onCallAt } from '../staffing/index.js';
import { type EscalationNotice, escalationNotification } from './escalation-messages.js';
import type { Person, QueueOwners } from './escalation-owner.js';

// The SQL of escalations and the steps every way of opening or raising one shares: who the
// queue's people are, the row itself, its event, and its notification.

/** The actor of what the sweep and the dead-letter hook do on their own. */
export const escalationsActor: Actor = systemActor('Triage escalations');

export type EscalationKind = 'overdue_review' | 'dead_letter';

export interface QueueForEscalation {
  id: string;
  name: string;
  slaMinutes: number;
  owners: QueueOwners;
}

interface QueueOwnersRow {
  id: string;
  workspaceId: string;
  name: string;
  slaMinutes: number;
  ownerId: string | null;
  ownerName: string | null;
  fallbackId: string | null;
  fallbackName: string | null;
  adminId: string | null;
  adminName: string | null;
}

const person = (id: string | null, name: string | null): Person | null =>
  id ? { id, name: name ?? 'someone' } : null;

/**
 * A queue with its owner, fallback owner, the person on call at `at` and the workspace's
 * earliest admin; disabled people count as absent.
 */
export async function queueForEscalation(tx: Sql, queueId: string, at: Date): Promise<QueueForEscalation> {
  const row = await one<QueueOwnersRow>(
    tx,
    `SELECT q.id, q.workspace_id AS "workspaceId", q.name, q.sla_minutes AS "slaMinutes",
            o.id AS "ownerId", o.name AS "ownerName", f.id AS "fallbackId", f.name AS "fallbackName",
            a.id AS "adminId", a.name AS "adminName"
       FROM review_queues q
       LEFT JOIN users o ON o.id = q.owner_user_id AND o.disabled_at IS NULL
       LEFT JOIN users f ON f.id = q.fallback_owner_user_id AND f.disabled_at IS NULL
       LEFT JOIN LATERAL (
         SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.workspace_id = q.workspace_id AND m.role = 'admin' AND u.disabled_at IS NULL
          ORDER BY m.created_at, u.id LIMIT 1) a ON true
      WHERE q.id = $1`,
    [queueId],
  );
  const onCall = await onCallAt(tx, row.workspaceId, at);
  return {
    id: row.id,
    name: row.name,
    slaMinutes: row.slaMinutes,
    owners: {
      queueName: row.name,
      owner: person(row.ownerId, row.ownerName),
      fallbackOwner: person(row.fallbackId, row.fallbackName),
      admin: person(row.adminId, row.adminName),
      onCall: onCall ? { id: onCall.id, name: onCall.name } : null,
    },
  };
}

export interface NewEscalation {
  workspaceId: string;
  kind: EscalationKind;
  reviewItemId: string | null;
  outboxId: string | null;
  ticketId: string | null;
  queueId: string;
  ownerUserId: string | null;
  ownerReason: string;
  dueAt: Date;
  openedAt: Date;
}

/**
 * Inserts an open level-1 escalation, or returns null when its review item or dead letter
 * already has an open one (the partial unique indexes decide, so concurrent sweeps and a
 * hook that runs twice open exactly one).
 */
export async function insertEscalation(tx: Sql, e: NewEscalation): Promise<string | null> {
  // The conflict target names the partial index, so its predicate must be written out literally.
  const conflictTarget =
    e.kind === 'overdue_review'
      ? `(review_item_id) WHERE status = 'open'`
      : `(outbox_id) WHERE status = 'open'`;
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO escalations (id, workspace_id, kind, review_item_id, outbox_id, ticket_id, queue_id,
       owner_user_id, owner_reason, due_at, opened_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT ${conflictTarget} DO NOTHING RETURNING id`,
    [
      randomUUID(),
      e.workspaceId,
      e.kind,
      e.reviewItemId,
      e.outboxId,
      e.ticketId,
      e.queueId,
      e.ownerUserId,
      e.ownerReason,
      e.dueAt,
      e.openedAt,
    ],
  );
  return row?.id ?? null;
}

/** What the event helpers need to know of an escalation. */
export interface EscalationRef {
  id: string;
  workspaceId: string;
  ticketId: string | null;
  outboxId: string | null;
}

/** The event subject of an escalation: its ticket when it has one, else the dead effect. */
export function eventSubject(e: EscalationRef) {
  if (e.ticketId) return { subjectType: 'ticket', subjectId: e.ticketId };
  if (e.outboxId) return { subjectType: 'outbox_effect', subjectId: e.outboxId };
  return { subjectType: 'escalation', subjectId: e.id };
}

export async function appendEscalationEvent(
  tx: Sql,
  e: EscalationRef,
  action: 'escalation.opened' | 'escalation.raised' | 'escalation.resolved',
  payload: Record<string, unknown>,
  at: Date,
  actor: Actor = escalationsActor,
): Promise<void> {
  await appendEvent(tx, {
    workspaceId: e.workspaceId,
    actor,
    action,
    ...eventSubject(e),
    payload: { escalationId: e.id, ...payload },
    occurredAt: at,
  });
}

/**
 * Tells people that an escalation was opened or raised: notifies through the outbox (unless
 * `suppressed` says why not), stores why nobody was notified if so, and appends the event with
 * who owns it now, why, and by when. `details` adds what only this kind of escalation knows.
 */
export async function announceEscalation(
  tx: Sql,
  e: EscalationRef,
  action: 'escalation.opened' | 'escalation.raised',
  notice: EscalationNotice,
  suppressed: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  const notNotified =
    suppressed ??
    ((await notify(tx, e.workspaceId, escalationNotification(notice))) > 0
      ? null
      : 'no notification endpoint is enabled');
  await tx.query('UPDATE escalations SET not_notified_reason = $2 WHERE id = $1', [e.id, notNotified]);
  const { ownership } = notice;
  await appendEscalationEvent(
    tx,
    e,
    action,
    {
      kind: notice.kind,
      level: notice.level,
      ...details,
      ownerUserId: ownership.owner?.id ?? null,
      ownerName: ownership.owner?.name ?? null,
      ownerReason: ownership.reason,
      dueAt: notice.dueAt.toISOString(),
      notNotifiedReason: notNotified,
    },
    notice.occurredAt,
  );
}

/** A dead notification is not notified about: the message could die the same way, forever. */
export const NOTIFICATION_LOOP_REASON =
  'the failed effect is itself a notification; notifying about it could fail the same way and loop';

export async function isWorkspaceAdmin(sql: Sql, workspaceId: string, userId: string): Promise<boolean> {
  const row = await maybeOne<{ role: string }>(
    sql,
    'SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2',
    [workspaceId, userId],
  );
  return row?.role === 'admin';
}
