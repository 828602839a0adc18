import { randomBytes } from 'node:crypto';
import { one, type Sql } from '../db/database.js';

/** A workspace of its own for one test, so what the test writes never meets another's. */
export async function createTestWorkspace(sql: Sql): Promise<string> {
  const slug = `test-${randomBytes(4).toString('hex')}`;
  const { id } = await one<{ id: string }>(
    sql,
    'INSERT INTO workspaces (slug, name) VALUES ($1, $1) RETURNING id',
    [slug],
  );
  return id;
}
