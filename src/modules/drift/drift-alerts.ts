import { json, type Sql } from '../../platform/db/database.js';
import { type Actor, appendEvent, systemActor } from '../../platform/events/index.js';
import { notify } from '../notifications/index.js';
import type { DriftFigures, Severity } from './drift-detectors.js';
import { type DriftKind, driftNotification } from './drift-messages.js';
import type { DriftOwnership } from './drift-owner.js';

// Writing drift alerts: open (with its owner, event and webhook), update, resolve. Each in the
// caller's transaction, each with its event.

/** The actor of what a drift check does on its own. */
export const driftActor: Actor = systemActor('Triage drift watch');

export interface ClusterExample {
  ticketId: string;
  subject: string;
}

export interface AlertContent {
  kind: DriftKind;
  key: string;
  severity: Severity;
  title: string;
  figures: DriftFigures | null;
  examples: ClusterExample[];
  memberTicketIds: string[];
  categoryId: string | null;
}

export interface LiveAlert {
  id: string;
  key: string;
  kind: DriftKind;
  status: 'open' | 'acknowledged' | 'resolved';
  severity: Severity;
  memberTicketIds: string[];
  figures: DriftFigures | null;
}

type DriftAction =
  | 'drift.alert_opened'
  | 'drift.alert_updated'
  | 'drift.alert_acknowledged'
  | 'drift.alert_resolved';

export async function appendDriftEvent(
  tx: Sql,
  workspaceId: string,
  alertId: string,
  action: DriftAction,
  payload: Record<string, unknown>,
  at: Date,
  actor: Actor = driftActor,
): Promise<void> {
  await appendEvent(tx, {
    workspaceId,
    actor,
    action,
    subjectType: 'drift_alert',
    subjectId: alertId,
    payload: { alertId, ...payload },
    occurredAt: at,
  });
}

const figuresSummary = (f: DriftFigures | null) =>
  f
    ? { metric: f.metric, current: f.current, baseline: f.baseline, threshold: f.threshold, sample: f.sample }
    : null;

/**
 * Opens an alert, or returns null when a live alert with the same key appeared meanwhile (the
 * partial unique index decides). Notifies through the outbox and appends `drift.alert_opened`.
 */
export async function openAlert(
  tx: Sql,
  workspaceId: string,
  content: AlertContent,
  ownership: DriftOwnership,
  now: Date,
): Promise<string | null> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO drift_alerts (workspace_id, kind, key, severity, title, figures, examples, member_ticket_ids,
       category_id, owner_user_id, owner_reason, opened_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $12)
     ON CONFLICT (workspace_id, key) WHERE status <> 'resolved' DO NOTHING RETURNING id`,
    [
      workspaceId,
      content.kind,
      content.key,
      content.severity,
      content.title,
      json(content.figures),
      json(content.examples),
      json(content.memberTicketIds),
      content.categoryId,
      ownership.owner?.id ?? null,
      ownership.reason,
      now,
    ],
  );
  if (!row) return null;
  const notified = await notify(
    tx,
    workspaceId,
    driftNotification({
      alertId: row.id,
      kind: content.kind,
      severity: content.severity,
      title: content.title,
      figures: content.figures,
      ownership,
      examples: content.examples,
      occurredAt: now,
    }),
  );
  const notNotified = notified > 0 ? null : 'no notification endpoint is enabled';
  if (notNotified) {
    await tx.query('UPDATE drift_alerts SET not_notified_reason = $2 WHERE id = $1', [row.id, notNotified]);
  }
  await appendDriftEvent(
    tx,
    workspaceId,
    row.id,
    'drift.alert_opened',
    {
      kind: content.kind,
      key: content.key,
      severity: content.severity,
      title: content.title,
      figures: figuresSummary(content.figures),
      exampleTicketIds: content.examples.map((e) => e.ticketId),
      categoryId: content.categoryId,
      ownerUserId: ownership.owner?.id ?? null,
      ownerName: ownership.owner?.name ?? null,
      ownerReason: ownership.reason,
      notNotifiedReason: notNotified,
    },
    now,
  );
  return row.id;
}

/** Brings a live alert's figures up to date; an event only when something a person reads changed. */
export async function updateAlert(
  tx: Sql,
  workspaceId: string,
  alert: LiveAlert,
  content: AlertContent,
  now: Date,
): Promise<boolean> {
  const changed =
    alert.severity !== content.severity ||
    alert.figures?.current !== content.figures?.current ||
    alert.memberTicketIds.length !== content.memberTicketIds.length;
  if (!changed) return false;
  await tx.query(
    `UPDATE drift_alerts SET severity = $2, title = $3, figures = $4::jsonb, examples = $5::jsonb,
            member_ticket_ids = $6::jsonb, category_id = $7, updated_at = $8
      WHERE id = $1`,
    [
      alert.id,
      content.severity,
      content.title,
      json(content.figures),
      json(content.examples),
      json(content.memberTicketIds),
      content.categoryId,
      now,
    ],
  );
  await appendDriftEvent(
    tx,
    workspaceId,
    alert.id,
    'drift.alert_updated',
    {
      severity: content.severity,
      previousSeverity: alert.severity,
      figures: figuresSummary(content.figures),
      members: content.memberTicketIds.length,
    },
    now,
  );
  return true;
}

/** Closes a live alert: automatically when its condition cleared, or by a person. */
export async function resolveAlert(
  tx: Sql,
  workspaceId: string,
  alertId: string,
  how:
    | { automatic: true; note: string }
    | { automatic: false; note: string | null; userId: string | null; actor: Actor; actorName: string },
  now: Date,
): Promise<void> {
  await tx.query(
    `UPDATE drift_alerts SET status = 'resolved', resolved_at = $2, resolved_by = $3, resolved_by_name = $4,
            resolution_note = $5, resolved_automatically = $6, updated_at = $2
      WHERE id = $1`,
    [
      alertId,
      now,
      how.automatic ? null : how.userId,
      how.automatic ? 'Triage drift watch' : how.actorName,
      how.note,
      how.automatic,
    ],
  );
  await appendDriftEvent(
    tx,
    workspaceId,
    alertId,
    'drift.alert_resolved',
    { automatic: how.automatic, note: how.note },
    now,
    how.automatic ? driftActor : how.actor,
  );
}
