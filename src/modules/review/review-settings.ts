import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne, one, type Sql } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';

// Workspace-level review settings. A workspace without a row has the defaults, so
// creating a workspace needs no settings row.

export interface ReviewSettings {
  /** The share of resolved review items that also go, blind, to a second reviewer. */
  secondReviewShare: number;
}

export const defaultReviewSettings: ReviewSettings = { secondReviewShare: 0.05 };

export async function reviewSettings(sql: Sql, workspaceId: string): Promise<ReviewSettings> {
  const row = await maybeOne<ReviewSettings>(
    sql,
    `SELECT second_review_share AS "secondReviewShare" FROM review_settings WHERE workspace_id = $1`,
    [workspaceId],
  );
  return row ?? defaultReviewSettings;
}

export async function updateReviewSettings(
  deps: { db: Database; clock: Clock },
  ctx: RequestContext,
  changes: Partial<ReviewSettings>,
): Promise<ReviewSettings> {
  return deps.db.transaction(async (tx) => {
    const before = await reviewSettings(tx, ctx.workspaceId);
    const after = { ...before, ...changes };
    const stored = await one<ReviewSettings>(
      tx,
      `INSERT INTO review_settings (workspace_id, second_review_share, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET second_review_share = EXCLUDED.second_review_share,
         updated_at = EXCLUDED.updated_at
       RETURNING second_review_share AS "secondReviewShare"`,
      [ctx.workspaceId, after.secondReviewShare, deps.clock.now()],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'review.settings_updated',
      subjectType: 'workspace',
      subjectId: ctx.workspaceId,
      payload: { before, after: stored },
      occurredAt: deps.clock.now(),
    });
    return stored;
  });
}
