import { maybeOne, type Sql } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors/app-error.js';
import type { DisputeListQuery, DisputeView } from './dispute-schemas.js';
import { rulesFallToOwner, rulingRight } from './ruling-right.js';

// Disputes as the people involved see them: the raiser, the disputed party and the one who
// rules each find theirs, with the outcome once ruled.

/** Who is looking: what they may do with each dispute depends on it. */
export interface DisputeViewer {
  workspaceId: string;
  userId: string | null;
  /** Holds 'disputes:rule': may rule where no owner can. */
  canRuleUnowned: boolean;
}

const ref = (prefix: string) =>
  `${prefix}.id AS "${prefix}Id", ${prefix}.key AS "${prefix}Key", ${prefix}.name AS "${prefix}Name"`;

const selectSql = `
  SELECT d.id, d.ticket_id AS "ticketId", t.subject AS "ticketSubject", d.status, d.reason,
         d.created_at AS "createdAt", ${ref('dc')}, ${ref('pc')}, ${ref('rc')},
         d.disputed_actor_type AS "actorType", d.disputed_actor_id AS "actorId",
         d.disputed_actor_name AS "actorName", d.disputed_model_version AS "modelVersion",
         d.disputed_decision_id AS "decisionId", d.disputed_label_id AS "labelId",
         d.raised_by AS "raisedById", raiser.name AS "raisedByName",
         dc.owner_user_id AS "ownerId", owner.name AS "ownerName",
         d.outcome, d.ruling_note AS "rulingNote", d.ruled_by AS "ruledById", ruler.name AS "ruledByName",
         d.ruled_at AS "ruledAt", d.ruling_label_id AS "rulingLabelId", d.withdrawn_at AS "withdrawnAt",
         count(*) OVER ()::int AS total
    FROM disputes d
    JOIN tickets t ON t.id = d.ticket_id
    JOIN categories dc ON dc.id = d.disputed_category_id
    LEFT JOIN categories pc ON pc.id = d.proposed_category_id
    LEFT JOIN categories rc ON rc.id = d.ruling_category_id
    JOIN users raiser ON raiser.id = d.raised_by
    LEFT JOIN users owner ON owner.id = dc.owner_user_id
    LEFT JOIN users ruler ON ruler.id = d.ruled_by`;

// The SQL twin of rulingRight, so "to rule" lists exactly the disputes the viewer may rule.
const mayRuleSql = `d.raised_by <> $2::uuid AND CASE
    WHEN dc.owner_user_id IS NOT NULL AND dc.owner_user_id <> d.raised_by THEN dc.owner_user_id = $2::uuid
    ELSE $3::boolean END`;

type Row = Record<string, unknown>;

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
const str = (v: unknown) => (v == null ? null : String(v));

function categoryOf(row: Row, p: string) {
  return row[`${p}Id`]
    ? { id: String(row[`${p}Id`]), key: String(row[`${p}Key`]), name: String(row[`${p}Name`]) }
    : null;
}

function toView(row: Row, viewer: DisputeViewer): DisputeView {
  const raisedBy = { id: String(row.raisedById), name: String(row.raisedByName) };
  const ownerId = str(row.ownerId);
  const disputedCategory = categoryOf(row, 'dc')!;
  const open = row.status === 'open';
  const ruling = categoryOf(row, 'rc');
  return {
    id: String(row.id),
    ticketId: String(row.ticketId),
    ticketSubject: String(row.ticketSubject),
    status: row.status as DisputeView['status'],
    reason: String(row.reason),
    createdAt: iso(row.createdAt)!,
    disputed: {
      category: disputedCategory,
      actorType: row.actorType as DisputeView['disputed']['actorType'],
      actorId: str(row.actorId),
      actorName: String(row.actorName),
      modelVersion: (row.modelVersion as number | null) ?? null,
      decisionId: str(row.decisionId),
      labelId: str(row.labelId),
    },
    proposedCategory: categoryOf(row, 'pc'),
    raisedBy,
    ruler: rulesFallToOwner(ownerId, raisedBy.id) ? { id: ownerId, name: String(row.ownerName) } : null,
    ruling: ruling
      ? {
          category: ruling,
          outcome: row.outcome as NonNullable<DisputeView['ruling']>['outcome'],
          note: str(row.rulingNote),
          ruledBy: { id: String(row.ruledById), name: String(row.ruledByName) },
          ruledAt: iso(row.ruledAt)!,
          labelId: str(row.rulingLabelId),
        }
      : null,
    withdrawnAt: iso(row.withdrawnAt),
    canRule:
      open &&
      viewer.userId != null &&
      rulingRight({
        userId: viewer.userId,
        raisedBy: raisedBy.id,
        ownerUserId: ownerId,
        ownerName: str(row.ownerName),
        categoryName: disputedCategory.name,
        canRuleUnowned: viewer.canRuleUnowned,
      }).allowed,
    canWithdraw: open && viewer.userId === raisedBy.id,
  };
}

/**
 * Disputes in one of four views. "To rule" is a work queue, oldest first; the others are
 * newest first. Views about the caller are empty for an API key, which is nobody.
 */
export async function listDisputes(
  sql: Sql,
  viewer: DisputeViewer,
  query: DisputeListQuery,
): Promise<{ items: DisputeView[]; total: number }> {
  const rows = await sql.query<Row>(
    `${selectSql}
      WHERE d.workspace_id = $1
        AND ($4::text = 'all'
          OR ($4 = 'mine' AND d.raised_by = $2::uuid)
          OR ($4 = 'about_me' AND d.disputed_actor_type = 'user' AND d.disputed_actor_id = $2::uuid::text)
          OR ($4 = 'to_rule' AND d.status = 'open' AND ${mayRuleSql}))
        AND ($5::text IS NULL OR d.status = $5)
        AND ($6::uuid IS NULL OR d.ticket_id = $6)
      ORDER BY CASE WHEN $4 = 'to_rule' THEN d.created_at END,
               d.created_at DESC, d.id
      LIMIT $7`,
    [
      viewer.workspaceId,
      viewer.userId,
      viewer.canRuleUnowned,
      query.view,
      query.status ?? null,
      query.ticketId ?? null,
      query.limit,
    ],
  );
  return { items: rows.map((r) => toView(r, viewer)), total: (rows[0]?.total as number | undefined) ?? 0 };
}

export async function getDispute(sql: Sql, viewer: DisputeViewer, id: string): Promise<DisputeView> {
  const row = await maybeOne<Row>(sql, `${selectSql} WHERE d.workspace_id = $1 AND d.id = $2`, [
    viewer.workspaceId,
    id,
  ]);
  if (!row) throw notFound('Dispute', id);
  return toView(row, viewer);
}
