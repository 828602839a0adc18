import type { Sql } from '../../platform/db/database.js';
import { listDriftAlerts } from '../drift/index.js';
import { listEscalations } from '../escalations/index.js';
import { type RolloutDeps, rolloutLadder } from '../rollout/index.js';

// The report's sections that read the state of operations rather than the metric rollups: open
// and overdue escalations, live drift alerts, and the next step of the rollout.

export interface EscalationSection {
  /** As of the moment the report is generated. */
  open: number;
  overdue: number;
  /** Opened and resolved during the week. */
  openedInWeek: number;
  resolvedInWeek: number;
  /** The longest-waiting open ones. */
  oldest: { kind: string; queueName: string; ownerName: string | null; since: Date; overdue: boolean }[];
}

export interface DriftSection {
  live: number;
  alerts: { title: string; severity: string; ownerName: string | null; openedAt: Date }[];
}

export interface RolloutCell {
  cohortName: string;
  categoryName: string;
}

export interface RolloutSection {
  /** Cells whose gates into the next stage pass and that nobody has asked to step up yet. */
  ready: (RolloutCell & { from: string; to: string })[];
  /** Step ups waiting for approvals. */
  pending: (RolloutCell & { to: string; approvals: number; needed: number; requestedBy: string })[];
  /** Automatic rollbacks during the week, with their reasons. */
  rollbacks: (RolloutCell & { from: string; to: string; reason: string; at: Date })[];
  /** Live cells (suggest or auto) out of all cohort × category cells (control cohort left out). */
  liveCells: number;
  cells: number;
}

const TOP = 5;

export async function escalationSection(
  sql: Sql,
  workspaceId: string,
  week: { start: Date; end: Date },
  now: Date,
): Promise<EscalationSection> {
  const { items, counts } = await listEscalations(
    sql,
    { workspaceId, userId: null },
    { status: 'open', mine: false, limit: 500 },
    now,
  );
  const [inWeek] = await sql.query<{ opened: number; resolved: number }>(
    `SELECT count(*) FILTER (WHERE opened_at >= $2 AND opened_at < $3)::int AS opened,
            count(*) FILTER (WHERE resolved_at >= $2 AND resolved_at < $3)::int AS resolved
       FROM escalations WHERE workspace_id = $1`,
    [workspaceId, week.start, week.end],
  );
  const overdue = items.filter((e) => e.dueAt.getTime() < now.getTime());
  return {
    open: counts.open,
    overdue: overdue.length,
    openedInWeek: inWeek?.opened ?? 0,
    resolvedInWeek: inWeek?.resolved ?? 0,
    oldest: items.slice(0, TOP).map((e) => ({
      kind: e.kind,
      queueName: e.queue.name,
      ownerName: e.owner?.name ?? null,
      since: e.since,
      overdue: e.dueAt.getTime() < now.getTime(),
    })),
  };
}

export async function driftSection(sql: Sql, workspaceId: string): Promise<DriftSection> {
  const { items, counts } = await listDriftAlerts(sql, workspaceId, { status: 'live', limit: TOP });
  return {
    live: counts.open + counts.acknowledged,
    alerts: items.map((a) => ({
      title: a.title,
      severity: a.severity,
      ownerName: a.owner?.name ?? null,
      openedAt: a.openedAt,
    })),
  };
}

export async function rolloutSection(
  deps: RolloutDeps,
  workspaceId: string,
  week: { start: Date; end: Date },
): Promise<RolloutSection> {
  const ladder = await rolloutLadder(deps.db, deps, workspaceId);
  const cohortName = new Map(ladder.cohorts.map((c) => [c.id, c.name]));
  const categoryName = new Map(ladder.categories.map((c) => [c.id, c.name]));
  const names = (cohortId: string | null, categoryId: string): RolloutCell => ({
    cohortName: cohortId ? (cohortName.get(cohortId) ?? 'a removed cohort') : 'Everyone else (default)',
    categoryName: categoryName.get(categoryId) ?? 'a retired category',
  });
  // The control cohort never gets the AI: its cells are no step of the rollout.
  const control = new Set(ladder.cohorts.filter((c) => c.isControl).map((c) => c.id));
  const cohortCells = ladder.cells.filter((c) => c.cohortId !== null && !control.has(c.cohortId));
  const rollbacks = await deps.db.query<{
    at: Date;
    cohortId: string | null;
    categoryId: string;
    from: string;
    to: string;
    reason: string;
  }>(
    `SELECT occurred_at AS at, payload->>'cohortId' AS "cohortId", payload->>'categoryId' AS "categoryId",
            payload->>'from' AS "from", payload->>'to' AS "to", payload->>'reason' AS reason
       FROM events WHERE workspace_id = $1 AND action = 'rollout.rolled_back'
        AND occurred_at >= $2 AND occurred_at < $3 ORDER BY seq`,
    [workspaceId, week.start, week.end],
  );
  return {
    ready: cohortCells
      .filter((c) => c.nextStage && !c.pendingStepUp && c.nextGates.every((g) => g.pass))
      .map((c) => ({ ...names(c.cohortId, c.categoryId), from: c.stage, to: c.nextStage! })),
    pending: cohortCells
      .filter((c) => c.pendingStepUp)
      .map((c) => ({
        ...names(c.cohortId, c.categoryId),
        to: c.pendingStepUp!.toStage,
        approvals: c.pendingStepUp!.approvals.length,
        needed: c.pendingStepUp!.approvalsNeeded,
        requestedBy: c.pendingStepUp!.requestedByName,
      })),
    rollbacks: rollbacks.map((r) => ({ ...names(r.cohortId, r.categoryId), ...r, at: new Date(r.at) })),
    liveCells: cohortCells.filter((c) => c.stage === 'suggest' || c.stage === 'auto').length,
    cells: cohortCells.length,
  };
}
