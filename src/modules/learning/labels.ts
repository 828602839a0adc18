import type { Clock } from '../../platform/clock.js';
import { maybeOne, one, type Sql } from '../../platform/db/database.js';
import { actorId, appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';

export type LabelKind = 'import' | 'accept' | 'correct';

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
