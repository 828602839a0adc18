import type { Clock } from '../../platform/clock.js';
import { json, maybeOne, one, type Sql } from '../../platform/db/database.js';
import { type Actor, actorId, appendEvent, appendEvents } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';

// 'dispute': a category owner's ruling on a dispute; 'review': a blind second reviewer's answer
// (recorded, but it never sets the ticket's category: it measures agreement, see training-labels.ts);
// 'helpdesk': a person's change in a connected helpdesk; 'taxonomy': migrated by a merge or split map.
export type LabelKind = 'import' | 'accept' | 'correct' | 'dispute' | 'review' | 'helpdesk' | 'taxonomy';

/**
 * Why a label was recorded, machine-readable. Every label is a person's word (or an imported
 * history's): the AI's own decisions never become labels, so a model never trains on itself.
 */
export const labelReasonCodes = [
  'accepted_suggestion',
  'accepted_applied',
  'corrected_prediction',
  'corrected_category',
  'second_review',
  'dispute_upheld',
  'dispute_overturned',
  'imported',
  'helpdesk_change',
  'category_merged',
  'category_split',
] as const;
export type LabelReasonCode = (typeof labelReasonCodes)[number];

export interface Label {
  id: string;
  seq: number;
  ticketId: string;
  categoryId: string;
  previousCategoryId: string | null;
  kind: LabelKind;
  /** Null only on labels recorded before reason codes existed. */
  reasonCode: LabelReasonCode | null;
  actorType: string;
  actorId: string | null;
  createdAt: Date;
}

/**
 * Called in the transaction that records a person's label in Triage (a review's answer, a
 * dispute's ruling), so effects on other systems — writing the category back to the helpdesk
 * the ticket came from — commit with the label or not at all.
 */
export type LabelHook = (
  tx: Sql,
  labelled: { workspaceId: string; label: Label; actor: Actor },
) => Promise<void>;

const columns = `id, seq, ticket_id AS "ticketId", category_id AS "categoryId",
  previous_category_id AS "previousCategoryId", kind, reason_code AS "reasonCode", actor_type AS "actorType",
  actor_id AS "actorId", created_at AS "createdAt"`;

/**
 * Records that a person (or an imported history) says `ticketId` belongs to `categoryId`,
 * sets the ticket's category (except for a blind second review's 'review' label), and appends
 * the event — all in the caller's transaction.
 */
export async function recordLabel(
  tx: Sql,
  clock: Clock,
  ctx: RequestContext,
  input: {
    ticketId: string;
    categoryId: string;
    kind: LabelKind;
    reasonCode: LabelReasonCode;
    /** What the AI proposed, the label's "from" when the ticket had no category yet (a suggestion). */
    proposedCategoryId?: string | null;
  },
): Promise<Label> {
  if (ctx.actor.type === 'ai') throw new Error('The AI cannot record a label: labels are human-confirmed.');
  const previous = await maybeOne<{ categoryId: string | null }>(
    tx,
    'SELECT category_id AS "categoryId" FROM tickets WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
    [input.ticketId, ctx.workspaceId],
  );
  const label = await one<Label>(
    tx,
    `INSERT INTO labels (workspace_id, ticket_id, category_id, previous_category_id, kind, reason_code, actor_type,
       actor_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${columns}`,
    [
      ctx.workspaceId,
      input.ticketId,
      input.categoryId,
      previous?.categoryId ?? input.proposedCategoryId ?? null,
      input.kind,
      input.reasonCode,
      ctx.actor.type,
      actorId(ctx.actor),
      clock.now(),
    ],
  );
  if (input.kind !== 'review') {
    await tx.query(
      `UPDATE tickets SET category_id = $3, category_set_by = 'human', updated_at = $4 WHERE id = $1 AND workspace_id = $2`,
      [input.ticketId, ctx.workspaceId, input.categoryId, clock.now()],
    );
  }
  await appendEvent(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: 'label.recorded',
    subjectType: 'ticket',
    subjectId: input.ticketId,
    payload: {
      labelId: label.id,
      labelSeq: label.seq,
      kind: input.kind,
      reasonCode: input.reasonCode,
      categoryId: input.categoryId,
      previousCategoryId: label.previousCategoryId,
    },
    occurredAt: clock.now(),
  });
  return label;
}

/** The latest label that set the ticket's category (a second review's answer does not). */
export const latestLabelOf = (sql: Sql, ticketId: string) =>
  maybeOne<Label>(
    sql,
    `SELECT ${columns} FROM labels WHERE ticket_id = $1 AND kind <> 'review' ORDER BY seq DESC LIMIT 1`,
    [ticketId],
  );

/**
 * Records `import` labels for tickets created in the same transaction (they have no
 * earlier category), in bulk: one INSERT for the labels, one for the tickets' category,
 * one for the events.
 */
export async function recordImportLabels(
  tx: Sql,
  clock: Clock,
  ctx: RequestContext,
  items: readonly { ticketId: string; categoryId: string }[],
): Promise<void> {
  if (items.length === 0) return;
  const now = clock.now();
  const labels = await tx.query<{ id: string; seq: number; ticketId: string; categoryId: string }>(
    `INSERT INTO labels (workspace_id, ticket_id, category_id, kind, reason_code, actor_type, actor_id, created_at)
     SELECT $1, x."ticketId", x."categoryId", 'import', 'imported', $2, $3, $4
       FROM jsonb_to_recordset($5::jsonb) AS x("ticketId" uuid, "categoryId" uuid, ord integer)
      ORDER BY x.ord
     RETURNING id, seq, ticket_id AS "ticketId", category_id AS "categoryId"`,
    [
      ctx.workspaceId,
      ctx.actor.type,
      actorId(ctx.actor),
      now,
      json(items.map((item, ord) => ({ ...item, ord }))),
    ],
  );
  await tx.query(
    `UPDATE tickets t SET category_id = x."categoryId", category_set_by = 'human', updated_at = $2
       FROM jsonb_to_recordset($3::jsonb) AS x("ticketId" uuid, "categoryId" uuid)
      WHERE t.id = x."ticketId" AND t.workspace_id = $1`,
    [ctx.workspaceId, now, json(items)],
  );
  await appendEvents(
    tx,
    labels
      .sort((a, b) => a.seq - b.seq)
      .map((label) => ({
        workspaceId: ctx.workspaceId,
        actor: ctx.actor,
        action: 'label.recorded',
        subjectType: 'ticket',
        subjectId: label.ticketId,
        payload: {
          labelId: label.id,
          labelSeq: label.seq,
          kind: 'import',
          reasonCode: 'imported',
          categoryId: label.categoryId,
          previousCategoryId: null,
        },
        occurredAt: now,
      })),
  );
}
