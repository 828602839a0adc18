import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

// Forward-only, numbered plain-SQL migrations (NNNN_name.sql), identical on PGlite and
// PostgreSQL. A checksum catches an edited migration: merged migrations are never changed.

export const migrationsDir = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number.parseInt(file.slice(0, 4), 10),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

// Any constant works; it only has to be the same in every Triage process.
const MIGRATION_LOCK = 727_274_001;

export async function migrate(db: Database, migrations: Migration[] = readMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    // Serialises concurrent starters (several API/worker processes on one PostgreSQL).
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = await tx.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const byVersion = new Map(applied.map((m) => [m.version, m]));
    const ran: string[] = [];
    for (const m of migrations) {
      const done = byVersion.get(m.version);
      if (done) {
        if (done.checksum !== m.checksum) {
          throw new Error(
            `Migration ${m.name} was edited after it was applied; add a new migration instead.`,
          );
        }
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      ran.push(m.name);
    }
    return ran;
  });
}

export async function pendingMigrations(db: Database): Promise<string[]> {
  const all = readMigrations();
  const rows = await db
    .query<{ version: number }>('SELECT version FROM schema_migrations')
    .catch(() => [] as { version: number }[]);
  const have = new Set(rows.map((r) => r.version));
  return all.filter((m) => !have.has(m.version)).map((m) => m.name);
}
