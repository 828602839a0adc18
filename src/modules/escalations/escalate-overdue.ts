import type { Database, Sql } from '../../platform/db/database.js';
import { recordEscalatedDecision } from '../decisions/index.js';
import { WEBHOOK_NOTIFICATION } from '../notifications/index.js';
import { dueAt } from '../review/index.js';
import { overdueRule } from './escalation-messages.js';
import { levelOneOwner, levelTwoOwner } from './escalation-owner.js';
import {
  announceEscalation,
  appendEscalationEvent,
  escalationsActor,
  insertEscalation,
  NOTIFICATION_LOOP_REASON,
  queueForEscalation,
} from './escalation-store.js';

// The escalation sweep, run by every worker on a timer. Each step finds candidates without
// locks, then handles each one in its own short transaction that locks the row and checks the
// condition again, so several workers sweeping at once neither wait for each other nor act
// twice, and one row that fails holds back no other.

export interface SweepDeps {
  db: Database;
}

export interface SweepResult {
  /** Escalations closed because their review item was resolved or their dead letter delivered. */
  resolved: number;
  /** Overdue first reviews escalated to their queue's owner. */
  opened: number;
  /** Level-1 escalations past the owner's deadline, raised to the fallback owner. */
  raised: number;
}

export interface SweepOptions {
  /** Candidates per query; a full batch is followed by another. */
  batchSize?: number;
  /** At most this many batches per step and run, so one run ends even under a flood. */
  maxBatches?: number;
}

type Step = {
  candidates: (limit: number) => Promise<string[]>;
  /** Handles one candidate in its transaction; false when it no longer qualifies (or is locked). */
  act: (tx: Sql, id: string) => Promise<boolean>;
};

/**
 * One run of the sweep at `now`: closes escalations whose cause went away, escalates every
 * open first review past its deadline that was never escalated (level 1, queue owner), and
 * raises level-1 escalations whose owner's deadline passed (level 2, fallback owner).
 * Idempotent: running it again at the same `now` changes nothing.
 */
export async function escalateOverdue(
  deps: SweepDeps,
  now: Date,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const batch = options.batchSize ?? 100;
  const maxBatches = options.maxBatches ?? 20;
  const run = async (step: Step) => {
    let done = 0;
    for (let round = 0; round < maxBatches; round++) {
      const ids = await step.candidates(batch);
      let progressed = 0;
      for (const id of ids) if (await deps.db.transaction((tx) => step.act(tx, id))) progressed++;
      done += progressed;
      // What another worker holds or already handled is skipped; without progress, stop.
      if (ids.length < batch || progressed === 0) break;
    }
    return done;
  };
  const { db } = deps;
  const at = now.toISOString();
  const ids = async (sql: string, params: unknown[]) =>
    (await db.query<{ id: string }>(sql, params)).map((r) => r.id);
  const resolved = await run({
    candidates: (limit) =>
      ids(`SELECT e.id FROM escalations e ${SETTLED} ORDER BY e.opened_at LIMIT $1`, [limit]),
    act: (tx, id) => resolveSettled(tx, id, now),
  });
  const opened = await run({
    candidates: (limit) =>
      ids(`SELECT r.id FROM review_items r ${OVERDUE} ORDER BY r.due_at LIMIT $2`, [at, limit]),
    act: (tx, id) => openOverdue(tx, id, now),
  });
  const raised = await run({
    candidates: (limit) =>
      ids(`SELECT e.id FROM escalations e ${RAISE_DUE} ORDER BY e.due_at LIMIT $2`, [at, limit]),
    act: (tx, id) => raiseToFallback(tx, id, now),
  });
  return { resolved, opened, raised };
}

// Each condition is used twice: to find candidates, and again on the locked row (where $1 is
// now, for the conditions that need it).

/** Open escalations whose review item is no longer open, or whose dead letter was delivered. */
const SETTLED = `
  LEFT JOIN review_items r ON r.id = e.review_item_id
  LEFT JOIN outbox o ON o.id = e.outbox_id
  WHERE e.status = 'open'
    AND ((e.kind = 'overdue_review' AND r.status <> 'open') OR (e.kind = 'dead_letter' AND o.status = 'delivered'))`;

/** Open first reviews past their deadline that were never escalated. */
const OVERDUE = `
  WHERE r.status = 'open' AND r.kind = 'first' AND r.due_at < $1
    AND NOT EXISTS (SELECT 1 FROM escalations x WHERE x.review_item_id = r.id)`;

/** Level-1 escalations whose owner's deadline passed. */
const RAISE_DUE = `WHERE e.status = 'open' AND e.level = 1 AND e.due_at < $1`;

interface SettledRow {
  id: string;
  workspaceId: string;
  kind: 'overdue_review' | 'dead_letter';
  ticketId: string | null;
  outboxId: string | null;
  reviewItemId: string | null;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  deliveredAt: Date | null;
}

/** Closes an escalation whose review item a person resolved, or whose dead letter was delivered after a replay. */
async function resolveSettled(tx: Sql, id: string, now: Date): Promise<boolean> {
  const [e] = await tx.query<SettledRow>(
    `SELECT e.id, e.workspace_id AS "workspaceId", e.kind, e.ticket_id AS "ticketId", e.outbox_id AS "outboxId",
            e.review_item_id AS "reviewItemId", r.resolution, r.resolved_by AS "resolvedBy",
            r.resolved_at AS "resolvedAt", o.delivered_at AS "deliveredAt"
       FROM escalations e ${SETTLED} AND e.id = $1
        FOR UPDATE OF e SKIP LOCKED`,
    [id],
  );
  if (!e) return false;
  const settled = e.kind === 'overdue_review' ? await reviewResolution(tx, e) : deliveredAfterReplay(e);
  await tx.query(
    `UPDATE escalations SET status = 'resolved', resolved_at = $2, resolved_by = $3, resolved_by_name = $4,
            resolution_note = $5
      WHERE id = $1`,
    [e.id, now, settled.userId, settled.name, settled.note],
  );
  await appendEscalationEvent(
    tx,
    e,
    'escalation.resolved',
    { automatic: true, resolvedBy: settled.name, note: settled.note },
    now,
  );
  return true;
}

/** Who resolved the review item and how, as the event log recorded the reviewer. */
async function reviewResolution(tx: Sql, e: SettledRow) {
  const [resolved] = await tx.query<{ actorName: string }>(
    `SELECT actor_name AS "actorName" FROM events
      WHERE subject_type = 'ticket' AND subject_id = $1 AND action IN ('review.resolved', 'review.superseded')
        AND payload->>'reviewItemId' = $2
      ORDER BY seq DESC LIMIT 1`,
    [e.ticketId, e.reviewItemId],
  );
  const name = resolved?.actorName ?? 'Triage';
  const note =
    e.resolution === 'superseded'
      ? 'The review item was closed: a newer decision replaced it.'
      : `The review item was resolved (${(e.resolution ?? 'resolved').replace('_', ' ')}) by ${name}.`;
  return { userId: e.resolvedBy, name, note };
}

function deliveredAfterReplay(e: SettledRow) {
  const when = e.deliveredAt ? ` at ${e.deliveredAt.toISOString()}` : '';
  return {
    userId: null,
    name: 'Triage outbox',
    note: `The dead letter was replayed and delivered${when}.`,
  };
}

interface OverdueRow {
  id: string;
  workspaceId: string;
  ticketId: string;
  queueId: string;
  decisionId: string;
  dueAt: Date;
  subject: string;
}

/** Opens the level-1 escalation of an overdue first review and records the ticket as escalated. */
async function openOverdue(tx: Sql, itemId: string, now: Date): Promise<boolean> {
  // Locking the item serialises the sweep with a reviewer resolving it at the same moment.
  const [item] = await tx.query<OverdueRow>(
    `SELECT r.id, r.workspace_id AS "workspaceId", r.ticket_id AS "ticketId", r.queue_id AS "queueId",
            r.decision_id AS "decisionId", r.due_at AS "dueAt", t.subject
       FROM review_items r JOIN tickets t ON t.id = r.ticket_id
       ${OVERDUE} AND r.id = $2
        FOR UPDATE OF r SKIP LOCKED`,
    [now.toISOString(), itemId],
  );
  if (!item) return false;
  const queue = await queueForEscalation(tx, item.queueId, now);
  const ownership = levelOneOwner(queue.owners);
  const ownerDue = dueAt(now, queue.slaMinutes);
  const id = await insertEscalation(tx, {
    workspaceId: item.workspaceId,
    kind: 'overdue_review',
    reviewItemId: item.id,
    outboxId: null,
    ticketId: item.ticketId,
    queueId: queue.id,
    ownerUserId: ownership.owner?.id ?? null,
    ownerReason: ownership.reason,
    dueAt: ownerDue,
    openedAt: now,
  });
  if (!id) return false;
  const escalation = { id, workspaceId: item.workspaceId, ticketId: item.ticketId, outboxId: null };
  await announceEscalation(
    tx,
    escalation,
    'escalation.opened',
    {
      escalationId: id,
      kind: 'overdue_review',
      queueName: queue.name,
      ticket: { subject: item.subject },
      ticketId: item.ticketId,
      effect: null,
      level: 1,
      ownership,
      since: item.dueAt,
      dueAt: ownerDue,
      lastError: null,
      occurredAt: now,
    },
    null,
    { reviewItemId: item.id, queueId: queue.id, overdueSince: item.dueAt.toISOString() },
  );
  // After the escalation's own event, so the ticket's history reads in the order it happened.
  const rule = overdueRule(item.dueAt, ownership);
  await recordEscalatedDecision(tx, {
    workspaceId: item.workspaceId,
    ticketId: item.ticketId,
    previousDecisionId: item.decisionId,
    reason: 'overdue',
    rule,
    inputs: {
      escalationId: id,
      reviewItemId: item.id,
      queueId: queue.id,
      overdueSince: item.dueAt.toISOString(),
      ownerUserId: ownership.owner?.id ?? null,
      level: 1,
    },
    actor: escalationsActor,
    at: now,
  });
  return true;
}

interface RaiseRow {
  id: string;
  workspaceId: string;
  kind: 'overdue_review' | 'dead_letter';
  ticketId: string | null;
  outboxId: string | null;
  queueId: string;
  ownerUserId: string | null;
  ownerName: string | null;
  subject: string | null;
  reviewDueAt: Date | null;
  openedAt: Date;
  effectKind: string | null;
  effectAttempts: number | null;
  lastError: string | null;
}

/** Hands a level-1 escalation whose owner's deadline passed to the queue's fallback owner. */
async function raiseToFallback(tx: Sql, id: string, now: Date): Promise<boolean> {
  const [e] = await tx.query<RaiseRow>(
    `SELECT e.id, e.workspace_id AS "workspaceId", e.kind, e.ticket_id AS "ticketId", e.outbox_id AS "outboxId",
            e.queue_id AS "queueId", e.owner_user_id AS "ownerUserId", u.name AS "ownerName", t.subject,
            r.due_at AS "reviewDueAt", e.opened_at AS "openedAt", o.kind AS "effectKind",
            o.attempts AS "effectAttempts", o.last_error AS "lastError"
       FROM escalations e
       LEFT JOIN users u ON u.id = e.owner_user_id
       LEFT JOIN tickets t ON t.id = e.ticket_id
       LEFT JOIN review_items r ON r.id = e.review_item_id
       LEFT JOIN outbox o ON o.id = e.outbox_id
       ${RAISE_DUE} AND e.id = $2
        FOR UPDATE OF e SKIP LOCKED`,
    [now.toISOString(), id],
  );
  if (!e) return false;
  const queue = await queueForEscalation(tx, e.queueId, now);
  const current = e.ownerUserId ? { id: e.ownerUserId, name: e.ownerName ?? 'someone' } : null;
  const ownership = levelTwoOwner(queue.owners, current);
  // The fallback owner gets as long as the reviewers and the owner had.
  const ownerDue = dueAt(now, queue.slaMinutes);
  await tx.query(
    `UPDATE escalations SET level = 2, owner_user_id = $2, owner_reason = $3, due_at = $4, raised_to_fallback_at = $5
      WHERE id = $1`,
    [e.id, ownership.owner?.id ?? null, ownership.reason, ownerDue, now],
  );
  await announceEscalation(
    tx,
    e,
    'escalation.raised',
    {
      escalationId: e.id,
      kind: e.kind,
      queueName: queue.name,
      ticket: e.subject === null ? null : { subject: e.subject },
      ticketId: e.ticketId,
      effect: e.effectKind ? { kind: e.effectKind, attempts: e.effectAttempts ?? 0 } : null,
      level: 2,
      ownership,
      since: e.reviewDueAt ?? e.openedAt,
      dueAt: ownerDue,
      lastError: e.lastError,
      occurredAt: now,
    },
    e.effectKind === WEBHOOK_NOTIFICATION ? NOTIFICATION_LOOP_REASON : null,
    { fromUserId: e.ownerUserId },
  );
  return true;
}
