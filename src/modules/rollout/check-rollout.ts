import type { Sql } from '../../platform/db/database.js';
import { systemActor } from '../../platform/events/index.js';
import { recordRollback, stepBack } from './roll-back-stage.js';
import { noticeOwner, rollbackOwner } from './rollback-notice.js';
import {
  breachedGates,
  describeGate,
  evaluateGates,
  type GateResult,
  type Stage,
  type TargetStage,
} from './rollout-gates.js';
import { cellKey, EMPTY_METRICS, gateMetricsByCell } from './rollout-metrics.js';
import { allGates, type RolloutDeps, saveEvaluation } from './rollout-store.js';

/** The actor of what the rollout check does on its own. */
export const rolloutActor = systemActor('Triage rollout gates');

export interface RolloutCheckResult {
  evaluated: number;
  rolledBack: number;
}

const DAY_MS = 86_400_000;

interface LiveCell {
  id: string;
  cohortId: string | null;
  cohortName: string | null;
  categoryId: string;
  categoryName: string;
  stage: Stage;
  changedAt: Date;
}

/**
 * Evaluates the gates of every stage beyond off and stores the values (what the ladder shows).
 * A stage is judged on the evidence gathered since it began (within the window): a rolled-back
 * stage is not blamed for what happened one stage higher, so a breach steps back once. A live stage (suggest, auto) whose own gates are
 * breached goes back one step, with the reason recorded, an event, and a notification to the
 * category's owner through the outbox; a step up waiting for approval for that cell is cancelled.
 * Running it again finds nothing new to roll back until the lower stage gathers its own evidence.
 */
export async function checkRollout(deps: RolloutDeps, workspaceId: string): Promise<RolloutCheckResult> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const since = new Date(now.getTime() - deps.config.rollout.windowDays * DAY_MS);
    const gates = await allGates(tx, workspaceId);
    const cells = await tx.query<LiveCell>(
      `SELECT s.id, s.cohort_id AS "cohortId", co.name AS "cohortName", s.category_id AS "categoryId",
              c.name AS "categoryName", s.stage, s.changed_at AS "changedAt"
         FROM rollout_stages s JOIN categories c ON c.id = s.category_id
         LEFT JOIN rollout_cohorts co ON co.id = s.cohort_id
        WHERE s.workspace_id = $1 AND s.stage <> 'off' ORDER BY s.id`,
      [workspaceId],
    );
    let rolledBack = 0;
    for (const cell of cells) {
      const from = new Date(Math.max(since.getTime(), new Date(cell.changedAt).getTime()));
      const metrics = await gateMetricsByCell(tx, workspaceId, from, now, cell);
      const results = evaluateGates(
        gates[cell.stage as TargetStage],
        metrics.get(cellKey(cell.cohortId, cell.categoryId)) ?? EMPTY_METRICS,
      );
      await saveEvaluation(tx, cell.id, results, now);
      const breached = cell.stage === 'suggest' || cell.stage === 'auto' ? breachedGates(results) : [];
      if (breached.length > 0) {
        await rollBack(tx, workspaceId, cell, breached, now, Boolean(deps.config.rollout.ownerEmail));
        rolledBack++;
      }
    }
    return { evaluated: cells.length, rolledBack };
  });
}

async function rollBack(
  tx: Sql,
  workspaceId: string,
  cell: LiveCell,
  breached: GateResult[],
  now: Date,
  byEmail: boolean,
): Promise<void> {
  const who = cell.cohortName ? `cohort ${cell.cohortName}` : 'the workspace default';
  const reason = `${breached.map(describeGate).join('; ')} breached the gate at ${cell.stage}`;
  const { to, cancelled } = await stepBack(tx, workspaceId, cell, reason, now);
  const owner = await rollbackOwner(tx, workspaceId, cell.categoryId);
  const notice = await noticeOwner(
    tx,
    workspaceId,
    owner,
    {
      key: `rollout:${cell.id}:rolled_back:${now.toISOString()}`,
      orderingKey: `rollout:${cell.id}`,
      title: `Rollout rolled back: ${cell.categoryName} for ${who} is ${to} again`,
      text: `The AI stepped back from ${cell.stage} to ${to} on its own because ${reason}.`,
      fields: [
        { label: 'Category', value: cell.categoryName },
        { label: 'Cohort', value: cell.cohortName ?? 'workspace default' },
        ...breached.map((b) => ({ label: b.metric.replace(/_/g, ' '), value: describeGate(b) })),
      ],
      occurredAt: now,
    },
    byEmail,
  );
  await recordRollback(
    tx,
    { workspaceId, actor: rolloutActor },
    { cell, to, reason, cancelled },
    {
      breached,
      ownerUserId: owner?.id ?? null,
      ownerName: owner?.name ?? null,
      ownerReason: owner?.reason ?? null,
      notifiedBy: notice.channel,
      notified: notice.enqueued,
    },
    now,
  );
}

/** Workspaces with any stage beyond off, for the worker. */
export async function workspacesWithRollout(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT DISTINCT workspace_id AS id FROM rollout_stages WHERE stage <> 'off'`,
  );
  return rows.map((r) => r.id);
}
