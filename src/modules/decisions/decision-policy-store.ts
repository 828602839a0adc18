import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne, type Sql } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { DEFAULT_DECISION_POLICY, type DecisionPolicy } from './decide-action.js';

const columns = `target_precision AS "targetPrecision", suggest_threshold AS "suggestThreshold",
  out_of_scope_cutoff AS "outOfScopeCutoff"`;

/** The workspace's decision policy settings; the defaults until someone changes one. */
export async function decisionPolicyOf(sql: Sql, workspaceId: string): Promise<DecisionPolicy> {
  const row = await maybeOne<DecisionPolicy>(
    sql,
    `SELECT ${columns} FROM decision_policies WHERE workspace_id = $1`,
    [workspaceId],
  );
  return row ?? DEFAULT_DECISION_POLICY;
}

/** Changes some settings; the event records before and after so the change can be audited. */
export async function updateDecisionPolicy(
  deps: { db: Database; clock: Clock },
  ctx: RequestContext,
  changes: Partial<DecisionPolicy>,
): Promise<DecisionPolicy> {
  return deps.db.transaction(async (tx) => {
    const before = await decisionPolicyOf(tx, ctx.workspaceId);
    const after: DecisionPolicy = { ...before, ...changes };
    const now = deps.clock.now();
    await tx.query(
      `INSERT INTO decision_policies (workspace_id, target_precision, suggest_threshold, out_of_scope_cutoff, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id) DO UPDATE SET target_precision = $2, suggest_threshold = $3,
         out_of_scope_cutoff = $4, updated_at = $5`,
      [ctx.workspaceId, after.targetPrecision, after.suggestThreshold, after.outOfScopeCutoff, now],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'decision_policy.updated',
      subjectType: 'workspace',
      subjectId: ctx.workspaceId,
      payload: { before, after },
      occurredAt: now,
    });
    // Read back: real columns round to float4, and that is what decisions will use.
    return decisionPolicyOf(tx, ctx.workspaceId);
  });
}
