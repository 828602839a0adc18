import type { Sql } from '../../platform/db/database.js';
import { decisionPolicyOf } from '../decisions/index.js';
import { type ChampionCache, ticketPredictor } from '../learning/index.js';
import { reviewSettings } from '../review/index.js';
import type { Stage, TicketStage } from '../rollout/index.js';
import type { StoryWorld } from './simulated-ticket-story.js';

/**
 * What a simulated day's tickets are decided against, read once: the champion, the decision
 * policy, each person's cohort and the stages (the rule of the rollout module's ticketStage: a
 * person in a cohort gets that cohort's stage, off for the control cohort and until set; anyone
 * else the workspace default, auto until set), the review queues and the second-review share.
 */
export async function loadStoryWorld(
  sql: Sql,
  champions: ChampionCache,
  input: { workspaceId: string; categoryIds: Map<string, string>; until: number },
): Promise<StoryWorld> {
  const { workspaceId } = input;
  const policy = await decisionPolicyOf(sql, workspaceId);
  const members = new Map(
    (
      await sql.query<{ userId: string; cohortId: string; name: string; isControl: boolean }>(
        `SELECT m.user_id AS "userId", c.id AS "cohortId", c.name, c.is_control AS "isControl"
           FROM rollout_cohort_members m JOIN rollout_cohorts c ON c.id = m.cohort_id WHERE m.workspace_id = $1`,
        [workspaceId],
      )
    ).map((m) => [m.userId, m]),
  );
  const stages = new Map(
    (
      await sql.query<{ cohortId: string | null; categoryId: string; stage: Stage }>(
        `SELECT cohort_id AS "cohortId", category_id AS "categoryId", stage FROM rollout_stages WHERE workspace_id = $1`,
        [workspaceId],
      )
    ).map((s) => [`${s.cohortId ?? 'default'}:${s.categoryId}`, s.stage]),
  );
  const queues = await sql.query<{ categoryId: string | null; id: string; slaMinutes: number }>(
    `SELECT qc.category_id AS "categoryId", q.id, q.sla_minutes AS "slaMinutes"
       FROM review_queues q LEFT JOIN review_queue_categories qc ON qc.queue_id = q.id
      WHERE q.workspace_id = $1 AND q.archived_at IS NULL AND (q.is_default OR qc.category_id IS NOT NULL)
      ORDER BY q.is_default`,
    [workspaceId],
  );
  const defaultQueue = queues.find((q) => q.categoryId === null)!;
  return {
    workspaceId,
    predict: await ticketPredictor(sql, champions, workspaceId, policy.targetPrecision),
    policy,
    stageOf: (agent, categoryId): TicketStage => {
      const cohort = members.get(agent.userId);
      const stage = (cohortId: string | null) =>
        categoryId ? stages.get(`${cohortId ?? 'default'}:${categoryId}`) : undefined;
      if (!cohort) return { stage: stage(null) ?? 'auto', cohortId: null, scope: 'the workspace default' };
      if (cohort.isControl)
        return { stage: 'off', cohortId: cohort.cohortId, scope: `control cohort ${cohort.name}` };
      return {
        stage: stage(cohort.cohortId) ?? 'off',
        cohortId: cohort.cohortId,
        scope: `cohort ${cohort.name}`,
      };
    },
    queueOf: (categoryId) =>
      queues.find((q) => q.categoryId !== null && q.categoryId === categoryId) ?? defaultQueue,
    secondReviewShare: (await reviewSettings(sql, workspaceId)).secondReviewShare,
    categoryIds: input.categoryIds,
    until: input.until,
  };
}
