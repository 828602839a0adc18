import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne, type Sql } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { DEFAULT_PROMOTION_POLICY, type PromotionPolicy } from './promotion-gate.js';

const columns = `mode, min_sample AS "minSample", min_category_sample AS "minCategorySample",
  category_tolerance AS "categoryTolerance"`;

/** The workspace's promotion policy; the defaults until an owner changes it. */
export async function promotionPolicyOf(sql: Sql, workspaceId: string): Promise<PromotionPolicy> {
  const row = await maybeOne<PromotionPolicy>(
    sql,
    `SELECT ${columns} FROM promotion_policies WHERE workspace_id = $1`,
    [workspaceId],
  );
  // real columns come back as float4 values such as 0.0199999996; the setting was 0.02.
  return row
    ? { ...row, categoryTolerance: Number(row.categoryTolerance.toFixed(4)) }
    : DEFAULT_PROMOTION_POLICY;
}

export async function updatePromotionPolicy(
  deps: { db: Database; clock: Clock },
  ctx: RequestContext,
  changes: Partial<PromotionPolicy>,
): Promise<PromotionPolicy> {
  return deps.db.transaction(async (tx) => {
    const before = await promotionPolicyOf(tx, ctx.workspaceId);
    const after: PromotionPolicy = { ...before, ...changes };
    const now = deps.clock.now();
    await tx.query(
      `INSERT INTO promotion_policies (workspace_id, mode, min_sample, min_category_sample, category_tolerance, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (workspace_id) DO UPDATE SET mode = $2, min_sample = $3, min_category_sample = $4,
         category_tolerance = $5, updated_at = $6`,
      [ctx.workspaceId, after.mode, after.minSample, after.minCategorySample, after.categoryTolerance, now],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'promotion_policy.updated',
      subjectType: 'workspace',
      subjectId: ctx.workspaceId,
      payload: { before, after },
      occurredAt: now,
    });
    return after;
  });
}
