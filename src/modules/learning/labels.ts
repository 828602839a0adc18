import type { Clock } from '../../platform/clock.js';
import { json, maybeOne, one, type Sql } from '../../platform/db/database.js';
import { actorId, appendEvent, appendEvents } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';

// 'dispute': a category owner's ruling on a dispute; 'review': a further reviewer's choice;
// 'helpdesk': a person's change in a connected helpdesk; 'taxonomy': migrated by a merge or split map.
export type LabelKind = 'import' | 'accept' | 'correct' | 'dispute' | 'review' | 'helpdesk' | 'taxonomy';

export interface Label {
  id: string;
  seq: number;
  ticketId: string;
  categoryId: string;
  previousCategoryId: string | null;
  kind: LabelKind;
  actorType: string;
  actorId: string | null;
  createdAt: Date;
}

const columns = `id, seq, ticket_id AS "ticketId", category_id AS "categoryId",
  previous_category_id AS "previousCategoryId", kind, actor_type AS "actorType", actor_id AS "actorId",
  created_at AS "createdAt"`;

/**
 * Records that a person (or an imported history) says `ticketId` belongs to `categoryId`,
 * sets the ticket's category, and appends the event — all in the caller's transaction.
 */
export async function recordLabel(
  tx: Sql,
  clock: Clock,
  ctx: RequestContext,
  input: { ticketId: string; categoryId: string; kind: LabelKind },
): Promise<Label> {
  const previous = await maybeOne<{ categoryId: string | null }>(
    tx,
    'SELECT category_id AS "categoryId" FROM tickets WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
    [input.ticketId, ctx.workspaceId],
  );
  const label = await one<Label>(
    tx,
    `INSERT INTO labels (workspace_id, ticket_id, category_id, previous_category_id, kind, actor_type, actor_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${columns}`,
    [
      ctx.workspaceId,
      input.ticketId,
      input.categoryId,
      previous?.categoryId ?? null,
      input.kind,
      ctx.actor.type,
      actorId(ctx.actor),
      clock.now(),
    ],
  );
  await tx.query(
    `UPDATE tickets SET category_id = $3, category_set_by = 'human', updated_at = $4 WHERE id = $1 AND workspace_id = $2`,
    [input.ticketId, ctx.workspaceId, input.categoryId, clock.now()],
  );
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
      categoryId: input.categoryId,
      previousCategoryId: label.previousCategoryId,
    },
    occurredAt: clock.now(),
  });
  return label;
}

export const latestLabelOf = (sql: Sql, ticketId: string) =>
  maybeOne<Label>(sql, `SELECT ${columns} FROM labels WHERE ticket_id = $1 ORDER BY seq DESC LIMIT 1`, [
    ticketId,
  ]);

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
    `INSERT INTO labels (workspace_id, ticket_id, category_id, kind, actor_type, actor_id, created_at)
     SELECT $1, x."ticketId", x."categoryId", 'import', $2, $3, $4
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
          categoryId: label.categoryId,
          previousCategoryId: null,
        },
        occurredAt: now,
      })),
  );
}
