import type { Clock } from '../../platform/clock.js';
import { json, maybeOne, one, type Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { type Actor, actorId, actorName, appendEvents } from '../../platform/events/index.js';
import type { Autonomy } from '../categories/index.js';
import type { CategoryMap, ChangeEffect, ChangeKind, TaxonomyChange } from './taxonomy-types.js';

// The SQL of taxonomy changes. Labels and events are only ever appended; categories are
// renamed or retired in place (their rows stay, so history keeps resolving them).

export interface CategoryRow {
  id: string;
  key: string;
  name: string;
  ownerUserId: string | null;
  autonomy: Autonomy;
  retiredAt: Date | null;
}

export const changeColumns = `id, version, kind, category_map AS "categoryMap", effect, note,
  actor_type AS "actorType", actor_id AS "actorId", actor_name AS "actorName", created_at AS "createdAt"`;

/** The next taxonomy version; the workspace row stays locked until the change commits. */
export async function nextTaxonomyVersion(tx: Sql, workspaceId: string): Promise<number> {
  const { version } = await one<{ version: number }>(
    tx,
    `UPDATE workspaces SET taxonomy_version = taxonomy_version + 1 WHERE id = $1
     RETURNING taxonomy_version AS version`,
    [workspaceId],
  );
  return version;
}

export async function insertChange(
  tx: Sql,
  input: {
    workspaceId: string;
    version: number;
    kind: ChangeKind;
    categoryMap: CategoryMap;
    effect: ChangeEffect;
    note: string;
    actor: Actor;
    at: Date;
  },
): Promise<TaxonomyChange> {
  return one<TaxonomyChange>(
    tx,
    `INSERT INTO taxonomy_changes (workspace_id, version, kind, category_map, effect, note, actor_type, actor_id,
       actor_name, created_at)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10) RETURNING ${changeColumns}`,
    [
      input.workspaceId,
      input.version,
      input.kind,
      json(input.categoryMap),
      json(input.effect),
      input.note,
      input.actor.type,
      actorId(input.actor),
      actorName(input.actor),
      input.at,
    ],
  );
}

/** A category a change names, locked: `unknown_category` if absent, `category_retired` if retired. */
export async function requireChangeable(tx: Sql, workspaceId: string, id: string): Promise<CategoryRow> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const row = isUuid
    ? await maybeOne<CategoryRow>(
        tx,
        `SELECT id, key, name, owner_user_id AS "ownerUserId", autonomy, retired_at AS "retiredAt"
           FROM categories WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
        [workspaceId, id],
      )
    : undefined;
  if (!row) throw new AppError('unknown_category', `There is no category "${id}" in this workspace.`);
  if (row.retiredAt) {
    throw new AppError('category_retired', `"${row.name}" was already retired; choose a live category.`, {
      categoryId: row.id,
    });
  }
  return row;
}

export async function assertNameFree(tx: Sql, workspaceId: string, name: string, exceptId?: string) {
  const clash = await maybeOne<{ id: string; name: string }>(
    tx,
    `SELECT id, name FROM categories
      WHERE workspace_id = $1 AND retired_at IS NULL AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid`,
    [workspaceId, name, exceptId ?? null],
  );
  if (clash) {
    throw new AppError('duplicate_category_name', `A live category is already named "${clash.name}".`, {
      categoryId: clash.id,
    });
  }
}

/** A key not yet used in the workspace (keys stay unique across retired categories too). */
export async function freeKey(tx: Sql, workspaceId: string, base: string): Promise<string> {
  const taken = new Set(
    (
      await tx.query<{ key: string }>(`SELECT key FROM categories WHERE workspace_id = $1 AND key LIKE $2`, [
        workspaceId,
        `${base.slice(0, 58)}%`,
      ])
    ).map((r) => r.key),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const key = `${base.slice(0, 58)}-${n}`;
    if (!taken.has(key)) return key;
  }
}

/** Tickets whose current category is one of `categoryIds`: by their latest label, else as the AI set it. */
export async function ticketsIn(
  tx: Sql,
  workspaceId: string,
  categoryIds: readonly string[],
): Promise<{ ticketId: string; categoryId: string; labelled: boolean }[]> {
  return tx.query(
    `WITH latest AS (
       SELECT DISTINCT ON (ticket_id) ticket_id, category_id FROM labels
        WHERE workspace_id = $1 ORDER BY ticket_id, seq DESC)
     SELECT l.ticket_id AS "ticketId", l.category_id AS "categoryId", true AS labelled
       FROM latest l WHERE l.category_id = ANY($2::uuid[])
     UNION ALL
     SELECT t.id, t.category_id, false FROM tickets t
      WHERE t.workspace_id = $1 AND t.category_id = ANY($2::uuid[]) AND t.category_set_by = 'ai'
        AND NOT EXISTS (SELECT 1 FROM latest l WHERE l.ticket_id = t.id)
     ORDER BY 1`,
    [workspaceId, categoryIds],
  );
}

export interface MovedTicket {
  ticketId: string;
  from: string;
  to: string;
  labelled: boolean;
}

/**
 * Moves tickets to their new category by the change's map. A labelled ticket gets a new label
 * (kind 'taxonomy', `previous_category_id` the old category, the person making the change as
 * actor); a ticket only the AI had categorised keeps `category_set_by = 'ai'` and gets an event.
 * Old labels and events stay as they were.
 */
export async function moveTickets(
  tx: Sql,
  clock: Clock,
  input: { workspaceId: string; actor: Actor; reasonCode: string; version: number },
  moves: readonly MovedTicket[],
): Promise<number> {
  if (moves.length === 0) return 0;
  const now = clock.now();
  const labelled = moves.filter((m) => m.labelled);
  const labels = await tx.query<{
    id: string;
    seq: number;
    ticketId: string;
    categoryId: string;
    from: string;
  }>(
    `INSERT INTO labels (workspace_id, ticket_id, category_id, previous_category_id, kind, reason_code, actor_type,
       actor_id, created_at)
     SELECT $1, x."ticketId", x."to", x."from", 'taxonomy', $2, $3, $4, $5
       FROM jsonb_to_recordset($6::jsonb) AS x("ticketId" uuid, "from" uuid, "to" uuid, ord integer)
      ORDER BY x.ord
     RETURNING id, seq, ticket_id AS "ticketId", category_id AS "categoryId", previous_category_id AS "from"`,
    [
      input.workspaceId,
      input.reasonCode,
      input.actor.type,
      actorId(input.actor),
      now,
      json(labelled.map((m, ord) => ({ ...m, ord }))),
    ],
  );
  // The ticket's current category follows, where it still is the old one.
  await tx.query(
    `UPDATE tickets t SET category_id = x."to", updated_at = $2
       FROM jsonb_to_recordset($3::jsonb) AS x("ticketId" uuid, "from" uuid, "to" uuid)
      WHERE t.id = x."ticketId" AND t.workspace_id = $1 AND t.category_id = x."from"`,
    [input.workspaceId, now, json(moves)],
  );
  const base = { workspaceId: input.workspaceId, actor: input.actor, subjectType: 'ticket', occurredAt: now };
  await appendEvents(tx, [
    ...labels
      .sort((a, b) => a.seq - b.seq)
      .map((label) => ({
        ...base,
        action: 'label.recorded',
        subjectId: label.ticketId,
        payload: {
          labelId: label.id,
          labelSeq: label.seq,
          kind: 'taxonomy',
          reasonCode: input.reasonCode,
          categoryId: label.categoryId,
          previousCategoryId: label.from,
          taxonomyVersion: input.version,
        },
      })),
    ...moves
      .filter((m) => !m.labelled)
      .map((m) => ({
        ...base,
        action: 'ticket.category_remapped',
        subjectId: m.ticketId,
        payload: {
          categoryId: m.to,
          previousCategoryId: m.from,
          reasonCode: input.reasonCode,
          taxonomyVersion: input.version,
        },
      })),
  ]);
  return labels.length;
}

export async function retireCategories(
  tx: Sql,
  input: { workspaceId: string; ids: readonly string[]; changeId: string; at: Date },
): Promise<void> {
  await tx.query(
    `UPDATE categories SET retired_at = $3, updated_at = $3, retired_by_change_id = $4
      WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND retired_at IS NULL`,
    [input.workspaceId, input.ids, input.at, input.changeId],
  );
}

/** The merge alias: the model's probability for the merged categories goes to `into`. */
export async function markMergedInto(tx: Sql, ids: readonly string[], into: string): Promise<void> {
  await tx.query(`UPDATE categories SET merged_into_id = $2 WHERE id = ANY($1::uuid[])`, [ids, into]);
}

export async function renameCategory(tx: Sql, id: string, name: string, at: Date): Promise<void> {
  await tx.query(`UPDATE categories SET name = $2, updated_at = $3 WHERE id = $1`, [id, name, at]);
}

/** The change's final map and effect, known only once it has been carried out. */
export async function completeChange(
  tx: Sql,
  id: string,
  outcome: { map: CategoryMap; effect: ChangeEffect },
): Promise<void> {
  await tx.query(`UPDATE taxonomy_changes SET category_map = $2::jsonb, effect = $3::jsonb WHERE id = $1`, [
    id,
    json(outcome.map),
    json(outcome.effect),
  ]);
}

/** A category created by a merge or split works in the queue its (first) predecessor was in. */
export async function inheritQueue(tx: Sql, fromCategoryId: string, toCategoryId: string): Promise<void> {
  await tx.query(
    `INSERT INTO review_queue_categories (category_id, queue_id)
     SELECT $2, queue_id FROM review_queue_categories WHERE category_id = $1
     ON CONFLICT (category_id) DO NOTHING`,
    [fromCategoryId, toCategoryId],
  );
}
