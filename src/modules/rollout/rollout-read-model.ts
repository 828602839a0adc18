import type { Sql } from '../../platform/db/database.js';
import {
  evaluateGates,
  type Gate,
  type GateResult,
  nextStage,
  type Stage,
  type TargetStage,
} from './rollout-gates.js';
import { cellKey, EMPTY_METRICS, gateMetricsWithPrevious } from './rollout-metrics.js';
import { type StepUpView, stepUpView } from './rollout-step-ups.js';
import { allGates, type RolloutDeps } from './rollout-store.js';

// The rollout ladder (cohorts × categories × stages, with the gates of each next step evaluated
// now) and its history (the rollout events).

export interface LadderCell {
  cohortId: string | null;
  categoryId: string;
  stage: Stage;
  nextStage: TargetStage | null;
  /** The gates into the next stage with their current values over the window, and the window before's. */
  nextGates: GateResult[];
  /** The last check of the stage's own gates (since it began), which can roll it back. */
  stageGates: GateResult[];
  evaluatedAt: Date | null;
  rolledBackReason: string | null;
  pendingStepUp: StepUpView | null;
}

export interface Ladder {
  windowDays: number;
  autoApprovers: number;
  cohorts: {
    id: string;
    name: string;
    position: number;
    isControl: boolean;
    members: { id: string; name: string; email: string }[];
  }[];
  categories: { id: string; name: string }[];
  gates: Record<TargetStage, Gate[]>;
  cells: LadderCell[];
}

const DAY_MS = 86_400_000;

export async function rolloutLadder(sql: Sql, deps: RolloutDeps, workspaceId: string): Promise<Ladder> {
  const now = deps.clock.now();
  const windowDays = deps.config.rollout.windowDays;
  const since = new Date(now.getTime() - windowDays * DAY_MS);
  // This window and the one before it (each gate's trend), in one pass.
  const { current: metrics, previous: before } = await gateMetricsWithPrevious(
    sql,
    workspaceId,
    new Date(since.getTime() - windowDays * DAY_MS),
    since,
    now,
  );
  const gates = await allGates(sql, workspaceId);
  const cohortRows = await sql.query<Omit<Ladder['cohorts'][number], 'members'>>(
    `SELECT id, name, position, is_control AS "isControl" FROM rollout_cohorts WHERE workspace_id = $1 ORDER BY position`,
    [workspaceId],
  );
  const memberRows = await sql.query<{ cohortId: string; id: string; name: string; email: string }>(
    `SELECT m.cohort_id AS "cohortId", u.id, u.name, u.email FROM rollout_cohort_members m JOIN users u ON u.id = m.user_id
      WHERE m.workspace_id = $1 ORDER BY u.name`,
    [workspaceId],
  );
  const categories = await sql.query<{ id: string; name: string }>(
    'SELECT id, name FROM categories WHERE workspace_id = $1 AND retired_at IS NULL ORDER BY name',
    [workspaceId],
  );
  const stageRows = await sql.query<{
    cohortId: string | null;
    categoryId: string;
    stage: Stage;
    gateResults: GateResult[];
    evaluatedAt: Date | null;
    rolledBackReason: string | null;
  }>(
    `SELECT cohort_id AS "cohortId", category_id AS "categoryId", stage, gate_results AS "gateResults",
            evaluated_at AS "evaluatedAt", rolled_back_reason AS "rolledBackReason"
       FROM rollout_stages WHERE workspace_id = $1`,
    [workspaceId],
  );
  const pending = await sql.query<{ id: string; cohortId: string; categoryId: string }>(
    `SELECT id, cohort_id AS "cohortId", category_id AS "categoryId" FROM rollout_step_ups
      WHERE workspace_id = $1 AND status = 'pending'`,
    [workspaceId],
  );
  const stored = new Map(stageRows.map((r) => [cellKey(r.cohortId, r.categoryId), r]));
  const pendingByCell = new Map(pending.map((p) => [cellKey(p.cohortId, p.categoryId), p.id]));
  const cells: LadderCell[] = [];
  for (const cohort of [...cohortRows, null]) {
    for (const category of categories) {
      const key = cellKey(cohort?.id ?? null, category.id);
      const row = stored.get(key);
      // A cohort starts off; the workspace default is auto until set; the control cohort stays off.
      const stage: Stage = cohort?.isControl ? 'off' : (row?.stage ?? (cohort ? 'off' : 'auto'));
      const next = cohort && !cohort.isControl ? nextStage(stage) : null;
      const pendingId = pendingByCell.get(key);
      cells.push({
        cohortId: cohort?.id ?? null,
        categoryId: category.id,
        stage,
        nextStage: next,
        nextGates: next
          ? evaluateGates(gates[next], metrics.get(key) ?? EMPTY_METRICS, before.get(key) ?? EMPTY_METRICS)
          : [],
        stageGates: row?.gateResults ?? [],
        evaluatedAt: row?.evaluatedAt ?? null,
        rolledBackReason: row?.rolledBackReason ?? null,
        pendingStepUp: pendingId ? await stepUpView(sql, workspaceId, pendingId) : null,
      });
    }
  }
  return {
    windowDays,
    autoApprovers: deps.config.rollout.autoApprovers,
    cohorts: cohortRows.map((c) => ({ ...c, members: memberRows.filter((m) => m.cohortId === c.id) })),
    categories,
    gates,
    cells,
  };
}

export interface RolloutHistoryEntry {
  seq: number;
  action: string;
  actorName: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

export async function rolloutHistory(
  sql: Sql,
  workspaceId: string,
  limit: number,
): Promise<RolloutHistoryEntry[]> {
  const rows = await sql.query<RolloutHistoryEntry>(
    `SELECT seq, action, actor_name AS "actorName", occurred_at AS "occurredAt", payload
       FROM events WHERE workspace_id = $1 AND action LIKE 'rollout.%' ORDER BY seq DESC LIMIT $2`,
    [workspaceId, limit],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}
