import type { Clock } from '../../platform/clock.js';
import { type Database, json, maybeOne, one, type Sql } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import type { Autonomy } from './autonomy.js';

export interface Category {
  id: string;
  key: string;
  name: string;
  description: string;
  examples: string[];
  counterExamples: string[];
  ownerUserId: string | null;
  /** How far the AI may go for this category (see decisions/decide-action). */
  autonomy: Autonomy;
  createdAt: Date;
  updatedAt: Date;
  retiredAt: Date | null;
}

export interface CategoryInput {
  key?: string;
  name: string;
  description?: string;
  examples?: string[];
  counterExamples?: string[];
  ownerUserId?: string | null;
  autonomy?: Autonomy;
}

export type CategoryChanges = Partial<Omit<CategoryInput, 'key'>>;

export interface CategoryDeps {
  db: Database;
  clock: Clock;
}

const columns = `id, key, name, description, examples, counter_examples AS "counterExamples",
  owner_user_id AS "ownerUserId", autonomy,
  created_at AS "createdAt", updated_at AS "updatedAt", retired_at AS "retiredAt"`;

/** The columns of a `Category`, for other reads of the categories table in this module. */
export const categoryColumns = columns;

/** A stable, URL-safe key derived from a name: "Login & Access" → "login-access". */
export function categoryKeyOf(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return key || 'category';
}

export async function createCategory(
  deps: CategoryDeps,
  ctx: RequestContext,
  input: CategoryInput,
): Promise<Category> {
  return deps.db.transaction((tx) => insertCategory(tx, deps.clock, ctx, input));
}

/** Inserts within a caller's transaction (the history import creates categories on the fly). */
export async function insertCategory(tx: Sql, clock: Clock, ctx: RequestContext, input: CategoryInput) {
  const key = input.key ?? categoryKeyOf(input.name);
  const clash = await maybeOne<{ key: string }>(
    tx,
    `SELECT key FROM categories WHERE workspace_id = $1 AND (key = $2 OR (lower(name) = lower($3) AND retired_at IS NULL))`,
    [ctx.workspaceId, key, input.name],
  );
  if (clash)
    throw new AppError('conflict', `A category named "${input.name}" or keyed "${key}" already exists.`);
  const category = await one<Category>(
    tx,
    `INSERT INTO categories (workspace_id, key, name, description, examples, counter_examples, owner_user_id,
       autonomy)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8) RETURNING ${columns}`,
    [
      ctx.workspaceId,
      key,
      input.name,
      input.description ?? '',
      json(input.examples ?? []),
      json(input.counterExamples ?? []),
      input.ownerUserId ?? null,
      input.autonomy ?? 'auto',
    ],
  );
  await appendEvent(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: 'category.created',
    subjectType: 'category',
    subjectId: category.id,
    payload: { key, name: input.name },
    occurredAt: clock.now(),
  });
  return category;
}

export async function updateCategory(
  deps: CategoryDeps,
  ctx: RequestContext,
  id: string,
  changes: CategoryChanges,
): Promise<Category> {
  return deps.db.transaction(async (tx) => {
    const before = await maybeOne<Category>(
      tx,
      `SELECT ${columns} FROM categories WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [ctx.workspaceId, id],
    );
    if (!before) throw notFound('Category', id);
    const after = { ...before, ...changes };
    if (changes.name && changes.name.toLowerCase() !== before.name.toLowerCase()) {
      const clash = await maybeOne(
        tx,
        `SELECT 1 FROM categories WHERE workspace_id = $1 AND lower(name) = lower($2) AND retired_at IS NULL AND id <> $3`,
        [ctx.workspaceId, changes.name, id],
      );
      if (clash) throw new AppError('conflict', `A category named "${changes.name}" already exists.`);
    }
    const updated = await one<Category>(
      tx,
      `UPDATE categories SET name = $3, description = $4, examples = $5::jsonb, counter_examples = $6::jsonb,
         owner_user_id = $7, autonomy = $8, updated_at = $9
       WHERE workspace_id = $1 AND id = $2 RETURNING ${columns}`,
      [
        ctx.workspaceId,
        id,
        after.name,
        after.description,
        json(after.examples),
        json(after.counterExamples),
        after.ownerUserId,
        after.autonomy,
        deps.clock.now(),
      ],
    );
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'category.updated',
      subjectType: 'category',
      subjectId: id,
      payload: { before: pick(before, changes), after: pick(updated, changes) },
      occurredAt: deps.clock.now(),
    });
    return updated;
  });
}

const pick = (c: Category, changes: CategoryChanges) =>
  Object.fromEntries(Object.keys(changes).map((k) => [k, c[k as keyof Category]]));

export async function retireCategory(deps: CategoryDeps, ctx: RequestContext, id: string): Promise<Category> {
  return deps.db.transaction(async (tx) => {
    const updated = await maybeOne<Category>(
      tx,
      `UPDATE categories SET retired_at = $3, updated_at = $3
        WHERE workspace_id = $1 AND id = $2 AND retired_at IS NULL RETURNING ${columns}`,
      [ctx.workspaceId, id, deps.clock.now()],
    );
    if (!updated) throw notFound('Live category', id);
    await appendEvent(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'category.retired',
      subjectType: 'category',
      subjectId: id,
      payload: { key: updated.key, name: updated.name },
      occurredAt: deps.clock.now(),
    });
    return updated;
  });
}

export async function listCategories(
  sql: Sql,
  workspaceId: string,
  includeRetired = false,
): Promise<Category[]> {
  return sql.query<Category>(
    `SELECT ${columns} FROM categories WHERE workspace_id = $1 ${includeRetired ? '' : 'AND retired_at IS NULL'}
      ORDER BY name`,
    [workspaceId],
  );
}

export async function getCategory(sql: Sql, workspaceId: string, id: string): Promise<Category | undefined> {
  return maybeOne<Category>(sql, `SELECT ${columns} FROM categories WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
  ]);
}

/** Finds a live category by id, key or name, or fails with `unknown_category`. */
export async function requireLiveCategory(sql: Sql, workspaceId: string, ref: string): Promise<Category> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const found = await maybeOne<Category>(
    sql,
    `SELECT ${columns} FROM categories
      WHERE workspace_id = $1 AND retired_at IS NULL AND (id = $2::uuid OR key = $3 OR lower(name) = lower($3))
      LIMIT 1`,
    [workspaceId, isUuid ? ref : null, ref],
  );
  if (!found) throw new AppError('unknown_category', `There is no live category "${ref}" in this workspace.`);
  return found;
}
