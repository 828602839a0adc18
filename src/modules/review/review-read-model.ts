import type { Sql } from '../../platform/db/database.js';

// What reviewers see: the open items of a queue in deadline order, with the ticket, the
// AI's proposal and why, the deadline and who holds the claim. Second reviews are listed
// apart and never carry the first reviewer's answer.

export type QueueFilter = 'all' | 'mine' | 'unclaimed' | 'overdue';

export interface Viewer {
  workspaceId: string;
  userId: string | null;
}

export interface ReviewQueueItem {
  id: string;
  ticketId: string;
  queueId: string;
  queueName: string;
  kind: 'first' | 'second';
  reason: string;
  createdAt: Date;
  dueAt: Date;
  overdue: boolean;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: Date | null;
  subject: string;
  body: string;
  requester: string | null;
  outcome: string;
  suggestedCategoryId: string | null;
  suggestedCategoryName: string | null;
  confidence: number | null;
  modelVersion: number | null;
  rule: string;
  ranked: { categoryId: string; name: string; probability: number }[] | null;
  explanation: unknown;
}

const itemSelect = `
  SELECT r.id, r.ticket_id AS "ticketId", r.queue_id AS "queueId", q.name AS "queueName", r.kind, r.reason,
         r.created_at AS "createdAt", r.due_at AS "dueAt", r.due_at < $2 AS overdue,
         r.claimed_by AS "claimedBy", cu.name AS "claimedByName", r.claimed_at AS "claimedAt",
         t.subject, t.body, t.requester, d.outcome,
         coalesce(cm.id, CASE WHEN c.retired_at IS NULL THEN c.id END) AS "suggestedCategoryId",
         coalesce(cm.name, CASE WHEN c.retired_at IS NULL THEN c.name END) AS "suggestedCategoryName",
         d.confidence, d.model_version AS "modelVersion", d.rule,
         p.ranked, p.explanation
    FROM review_items r
    JOIN review_queues q ON q.id = r.queue_id
    JOIN tickets t ON t.id = r.ticket_id
    JOIN decisions d ON d.id = r.decision_id
    -- In the shadow rollout stage the prediction is recorded for measurement only, never shown.
    LEFT JOIN predictions p ON p.id = d.prediction_id AND d.reason IS DISTINCT FROM 'rollout_shadow'
    LEFT JOIN categories c ON c.id = d.category_id
    -- A suggestion of a category merged since reads as the category it went into (accepting records
    -- that); one split or retired since is no suggestion any more.
    LEFT JOIN categories cm ON cm.id = c.merged_into_id AND cm.retired_at IS NULL
    LEFT JOIN users cu ON cu.id = r.claimed_by`;

/** Collects query parameters as conditions need them ($1 workspace and $2 now are always there). */
class Params {
  readonly values: unknown[];
  constructor(workspaceId: string, now: Date) {
    this.values = [workspaceId, now];
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function filterCondition(filter: QueueFilter, viewer: Viewer, params: Params): string {
  switch (filter) {
    case 'all':
      return 'true';
    case 'mine':
      return viewer.userId ? `r.claimed_by = ${params.add(viewer.userId)}` : 'false';
    case 'unclaimed':
      return 'r.claimed_by IS NULL';
    case 'overdue':
      return 'r.due_at < $2';
  }
}

async function listItems(
  sql: Sql,
  params: Params,
  conditions: string[],
  limit: number,
): Promise<{ items: ReviewQueueItem[]; total: number }> {
  const rows = await sql.query<ReviewQueueItem & { total: number }>(
    `${itemSelect.replace('SELECT', 'SELECT count(*) OVER ()::int AS total,')}
      WHERE r.workspace_id = $1 AND r.status = 'open' AND ${conditions.join(' AND ')}
      ORDER BY r.due_at, r.id
      LIMIT ${params.add(limit)}`,
    params.values,
  );
  const total = rows[0]?.total ?? 0;
  return { items: rows.map(({ total: _, ...item }) => item), total };
}

/** Open first reviews, soonest deadline first; of one queue or of all. */
export function listReviewItems(
  sql: Sql,
  viewer: Viewer,
  options: { queueId?: string; filter: QueueFilter; limit: number },
  now: Date,
): Promise<{ items: ReviewQueueItem[]; total: number }> {
  const params = new Params(viewer.workspaceId, now);
  const conditions = ["r.kind = 'first'", filterCondition(options.filter, viewer, params)];
  if (options.queueId) conditions.push(`r.queue_id = ${params.add(options.queueId)}`);
  return listItems(sql, params, conditions, options.limit);
}

/**
 * The open second reviews this person may do: in queues they work, not of a ticket they
 * reviewed first, and not claimed by someone else. An API key sees all of them.
 */
export function listSecondReviewsFor(
  sql: Sql,
  viewer: Viewer,
  options: { limit: number },
  now: Date,
): Promise<{ items: ReviewQueueItem[]; total: number }> {
  const params = new Params(viewer.workspaceId, now);
  const conditions = ["r.kind = 'second'"];
  if (viewer.userId) {
    const me = params.add(viewer.userId);
    conditions.push(
      `(r.claimed_by IS NULL OR r.claimed_by = ${me})`,
      `NOT EXISTS (SELECT 1 FROM review_items f WHERE f.id = r.first_item_id AND f.resolved_by = ${me})`,
      `(q.owner_user_id = ${me} OR q.fallback_owner_user_id = ${me}
        OR EXISTS (SELECT 1 FROM review_queue_members m WHERE m.queue_id = q.id AND m.user_id = ${me}))`,
    );
  }
  return listItems(sql, params, conditions, options.limit);
}

export interface QueueSummary {
  id: string;
  key: string;
  name: string;
  ownerUserId: string | null;
  ownerName: string | null;
  fallbackOwnerUserId: string | null;
  fallbackOwnerName: string | null;
  slaMinutes: number;
  isDefault: boolean;
  members: { id: string; name: string }[];
  categories: { id: string; name: string }[];
  /** Whether the viewer may claim and resolve this queue's items. */
  canWork: boolean;
  counts: { open: number; unclaimed: number; overdue: number; mine: number; secondReviews: number };
}

/** The live queues, default first, with their people, categories and open-item counts. */
export async function listQueueSummaries(sql: Sql, viewer: Viewer, now: Date): Promise<QueueSummary[]> {
  return sql.query<QueueSummary>(
    `SELECT q.id, q.key, q.name, q.owner_user_id AS "ownerUserId", ou.name AS "ownerName",
            q.fallback_owner_user_id AS "fallbackOwnerUserId", fu.name AS "fallbackOwnerName",
            q.sla_minutes AS "slaMinutes", q.is_default AS "isDefault",
            coalesce((SELECT jsonb_agg(jsonb_build_object('id', u.id, 'name', u.name) ORDER BY u.name)
                        FROM review_queue_members m JOIN users u ON u.id = m.user_id WHERE m.queue_id = q.id),
                     '[]'::jsonb) AS members,
            coalesce((SELECT jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name) ORDER BY c.name)
                        FROM review_queue_categories qc JOIN categories c ON c.id = qc.category_id
                       WHERE qc.queue_id = q.id AND c.retired_at IS NULL),
                     '[]'::jsonb) AS categories,
            -- coalesce: a queue without owners compares NULL, which is "no", not "unknown".
            coalesce(q.owner_user_id = $3 OR q.fallback_owner_user_id = $3
              OR EXISTS (SELECT 1 FROM review_queue_members m WHERE m.queue_id = q.id AND m.user_id = $3), false)
              AS "canWork",
            jsonb_build_object(
              'open', count(r.id) FILTER (WHERE r.kind = 'first'),
              'unclaimed', count(r.id) FILTER (WHERE r.kind = 'first' AND r.claimed_by IS NULL),
              'overdue', count(r.id) FILTER (WHERE r.kind = 'first' AND r.due_at < $2),
              'mine', count(r.id) FILTER (WHERE r.kind = 'first' AND r.claimed_by = $3),
              'secondReviews', count(r.id) FILTER (WHERE r.kind = 'second')) AS counts
       FROM review_queues q
       LEFT JOIN users ou ON ou.id = q.owner_user_id
       LEFT JOIN users fu ON fu.id = q.fallback_owner_user_id
       LEFT JOIN review_items r ON r.queue_id = q.id AND r.status = 'open'
      WHERE q.workspace_id = $1 AND q.archived_at IS NULL
      GROUP BY q.id, ou.name, fu.name
      ORDER BY q.is_default DESC, q.name`,
    [viewer.workspaceId, now, viewer.userId],
  );
}
