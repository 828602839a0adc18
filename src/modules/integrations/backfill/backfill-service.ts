import { AppError, notFound } from '../../../platform/errors/app-error.js';
import { appendEvent } from '../../../platform/events/index.js';
import type { RequestContext } from '../../access/index.js';
import { connectionForUse } from '../connection-store.js';
import type { IntegrationDeps } from '../connections-service.js';
import { connectorOf } from '../connector-registry.js';
import {
  activeRunOf,
  type BackfillRun,
  type BackfillStatus,
  getBackfillRun,
  insertBackfillRun,
  setRunStatus,
} from './backfill-store.js';

// What people do with backfills: start one, pause, resume or cancel it. The worker does the
// reading (backfill-job.ts); each change of a run's state is an event.

export const MAX_BACKFILL_MONTHS = 36;

/** The instant `months` calendar months before `now` (UTC). */
export function monthsBefore(now: Date, months: number): Date {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - months);
  return since;
}

export async function startBackfill(
  deps: IntegrationDeps,
  ctx: RequestContext,
  connectionId: string,
  input: { months?: number; since?: string },
): Promise<BackfillRun> {
  const now = deps.clock.now();
  const since = input.since !== undefined ? new Date(input.since) : monthsBefore(now, input.months ?? 12);
  if (Number.isNaN(since.getTime()) || since > now)
    throw new AppError('validation_failed', 'since must be a time in the past.');
  if (since < monthsBefore(now, MAX_BACKFILL_MONTHS))
    throw new AppError('validation_failed', `A backfill reaches at most ${MAX_BACKFILL_MONTHS} months back.`);
  return deps.db.transaction(async (tx) => {
    const found = await connectionForUse(tx, deps.secrets(), connectionId, ctx.workspaceId);
    if (!found) throw notFound('Connection', connectionId);
    const connector = connectorOf(found.view.kind);
    if (!connector.listPastTickets)
      throw new AppError(
        'backfill_unsupported',
        `The ${connector.displayName} connector cannot list past tickets, so it cannot backfill.`,
      );
    // Serialises starts on one connection, so the check below and the insert cannot interleave.
    await tx.query('SELECT id FROM connections WHERE id = $1 FOR UPDATE', [connectionId]);
    const active = await activeRunOf(tx, connectionId);
    if (active) throw activeConflict(active);
    const run = await insertBackfillRun(tx, {
      workspaceId: ctx.workspaceId,
      connectionId,
      since,
      requestedBy: ctx.actor,
      now,
    });
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'backfill.started',
      subjectType: 'backfill_run',
      subjectId: run.id,
      payload: { connectionId, since: since.toISOString() },
      occurredAt: now,
    });
    return run;
  });
}

const activeConflict = (active: BackfillRun) =>
  new AppError(
    'backfill_active',
    `This connection already has a backfill that is ${active.status}; cancel it or wait for it to finish.`,
    { runId: active.id },
  );

const transitions: Record<
  'pause' | 'resume' | 'cancel',
  { from: BackfillStatus[]; to: BackfillStatus; done: string }
> = {
  pause: { from: ['queued', 'running'], to: 'paused', done: 'paused' },
  resume: { from: ['paused', 'failed'], to: 'queued', done: 'resumed' },
  cancel: { from: ['queued', 'running', 'paused', 'failed'], to: 'cancelled', done: 'cancelled' },
};

/**
 * Pauses, resumes (a paused or failed run carries on at its cursor) or cancels a run. A worker
 * reading a page of it notices at that page's commit and stops without saving the page.
 */
export async function changeBackfill(
  deps: Pick<IntegrationDeps, 'db' | 'clock'>,
  ctx: RequestContext,
  connectionId: string,
  runId: string,
  action: keyof typeof transitions,
): Promise<BackfillRun> {
  const { from, to, done } = transitions[action];
  return deps.db.transaction(async (tx) => {
    const run = await getBackfillRun(tx, ctx.workspaceId, runId, { forUpdate: true });
    if (!run || run.connectionId !== connectionId) throw notFound('Backfill', runId);
    if (!from.includes(run.status))
      throw new AppError('conflict', `A backfill that is ${run.status} cannot be ${done}.`);
    if (action === 'resume') {
      const active = await activeRunOf(tx, connectionId);
      if (active && active.id !== run.id) throw activeConflict(active);
    }
    const now = deps.clock.now();
    const changed = await setRunStatus(tx, run.id, to, now, {
      resetAttempts: action === 'resume',
      ...(action === 'resume' ? { lastError: null } : {}),
    });
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: `backfill.${done}`,
      subjectType: 'backfill_run',
      subjectId: run.id,
      payload: { connectionId, before: run.status, after: to, cursor: run.cursor },
      occurredAt: now,
    });
    return changed;
  });
}
