import { maybeOne, type Sql } from '../../platform/db/database.js';
import type { Stage } from './rollout-gates.js';

export interface TicketStage {
  stage: Stage;
  /** The cohort of the ticket's assignee; null for the workspace default. */
  cohortId: string | null;
  /** Sentence for the decision's rule: whose stage applied. */
  scope: string;
}

/**
 * The stage that applies to a ticket whose predicted category is `categoryId`. The assignee (free
 * text from the helpdesk) is matched to a workspace member by e-mail, case-insensitively, or by
 * user id; the stage is that member's cohort's (a control cohort is always off, a cohort without a
 * stage for the category is off). Unassigned tickets, unknown assignees and people in no cohort
 * get the workspace default for the category, which is `auto` until set — so a workspace without
 * rollout settings decides exactly as before.
 */
export async function ticketStage(
  tx: Sql,
  workspaceId: string,
  ticketId: string,
  categoryId: string | null,
): Promise<TicketStage> {
  const row = await maybeOne<{
    cohortId: string | null;
    cohortName: string | null;
    isControl: boolean | null;
    stage: Stage | null;
    defaultStage: Stage | null;
  }>(
    tx,
    `SELECT co.id AS "cohortId", co.name AS "cohortName", co.is_control AS "isControl",
            cs.stage, ds.stage AS "defaultStage"
       FROM tickets t
       LEFT JOIN LATERAL (
         SELECT m.user_id FROM memberships ms JOIN users u ON u.id = ms.user_id
           JOIN rollout_cohort_members m ON m.workspace_id = ms.workspace_id AND m.user_id = u.id
          WHERE ms.workspace_id = t.workspace_id AND t.assignee IS NOT NULL
            AND (lower(u.email) = lower(trim(t.assignee)) OR u.id::text = trim(t.assignee))
          LIMIT 1) person ON true
       LEFT JOIN rollout_cohort_members cm ON cm.workspace_id = t.workspace_id AND cm.user_id = person.user_id
       LEFT JOIN rollout_cohorts co ON co.id = cm.cohort_id
       LEFT JOIN rollout_stages cs ON cs.workspace_id = t.workspace_id AND cs.cohort_id = co.id AND cs.category_id = $3
       LEFT JOIN rollout_stages ds ON ds.workspace_id = t.workspace_id AND ds.cohort_id IS NULL AND ds.category_id = $3
      WHERE t.workspace_id = $1 AND t.id = $2`,
    [workspaceId, ticketId, categoryId],
  );
  if (!row?.cohortId) {
    return { stage: row?.defaultStage ?? 'auto', cohortId: null, scope: 'the workspace default' };
  }
  if (row.isControl)
    return { stage: 'off', cohortId: row.cohortId, scope: `control cohort ${row.cohortName}` };
  return { stage: row.stage ?? 'off', cohortId: row.cohortId, scope: `cohort ${row.cohortName}` };
}
