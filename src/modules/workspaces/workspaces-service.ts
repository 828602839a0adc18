import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne, one, type Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { type Actor, appendEvent } from '../../platform/events/index.js';
import { ensureDefaultQueue } from '../review/index.js';

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
}

const columns = 'id, slug, name, created_at AS "createdAt"';

export async function createWorkspace(
  deps: { db: Database; clock: Clock },
  input: { slug: string; name: string },
  actor: Actor,
): Promise<Workspace> {
  return deps.db.transaction((tx) => insertWorkspace(tx, deps.clock, input, actor));
}

export async function insertWorkspace(
  tx: Sql,
  clock: Clock,
  input: { slug: string; name: string },
  actor: Actor,
): Promise<Workspace> {
  if (await maybeOne(tx, 'SELECT 1 FROM workspaces WHERE slug = $1', [input.slug])) {
    throw new AppError('conflict', `A workspace with slug "${input.slug}" already exists.`);
  }
  const ws = await one<Workspace>(
    tx,
    `INSERT INTO workspaces (slug, name) VALUES ($1, $2) RETURNING ${columns}`,
    [input.slug, input.name],
  );
  await appendEvent(tx, {
    workspaceId: ws.id,
    actor,
    action: 'workspace.created',
    subjectType: 'workspace',
    subjectId: ws.id,
    payload: { slug: ws.slug, name: ws.name },
    occurredAt: clock.now(),
  });
  // Born with its catch-all review queue, so every review item has somewhere to go.
  await ensureDefaultQueue(tx, clock, ws.id, actor);
  return ws;
}

export const listWorkspaces = (db: Database) =>
  db.query<Workspace>(`SELECT ${columns} FROM workspaces ORDER BY created_at`);

export const workspaceBySlug = (db: Database, slug: string) =>
  maybeOne<Workspace>(db, `SELECT ${columns} FROM workspaces WHERE slug = $1`, [slug]);
