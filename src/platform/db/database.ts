import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

// The data layer speaks plain SQL through this small interface so the same queries and
// migrations run on embedded PGlite and on PostgreSQL. Conventions that keep both
// drivers identical: JSON parameters are passed as strings and cast with ::jsonb
// (see `json`), counts are cast to ::int, ids are uuid text.

export type Row = Record<string, unknown>;

export interface Sql {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Serialises a value for a `$n::jsonb` parameter the same way on both drivers. */
export const json = (value: unknown): string => JSON.stringify(value ?? null);

export async function one<T>(sql: Sql, text: string, params?: readonly unknown[]): Promise<T> {
  const rows = await sql.query<T>(text, params);
  if (rows.length !== 1) throw new Error(`Expected one row, got ${rows.length}: ${text.slice(0, 80)}`);
  return rows[0]!;
}

export async function maybeOne<T>(
  sql: Sql,
  text: string,
  params?: readonly unknown[],
): Promise<T | undefined> {
  const rows = await sql.query<T>(text, params);
  return rows[0];
}

// int8 (counts, sums) as JS numbers: every value we store fits in 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client erroring (e.g. server restart) must not crash the process.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    async query<T>(text: string, params?: readonly unknown[]) {
      const result = await pool.query(text, params as unknown[] | undefined);
      return result.rows as T[];
    },
    async exec(text: string) {
      await pool.query(text);
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Sql = {
          async query<R>(text: string, params?: readonly unknown[]) {
            return (await client.query(text, params as unknown[] | undefined)).rows as R[];
          },
          async exec(text: string) {
            await client.query(text);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Opens embedded PostgreSQL in `dataDir`, or in memory when it is undefined. `image` is a
 * data-folder dump to start from (tests use a migrated image: loading one takes about a
 * second where a fresh initdb takes about five).
 */
export async function openPglite(
  dataDir: string | undefined,
  image?: Blob,
): Promise<Database & { dumpImage(): Promise<Blob> }> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = new PGlite({ ...(dataDir ? { dataDir } : {}), ...(image ? { loadDataDir: image } : {}) });
  await db.waitReady;
  return {
    kind: 'pglite',
    async query<T>(text: string, params?: readonly unknown[]) {
      return (await db.query<T>(text, params as unknown[] | undefined)).rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>) {
      return db.transaction(async (t) =>
        fn({
          async query<R>(text: string, params?: readonly unknown[]) {
            return (await t.query<R>(text, params as unknown[] | undefined)).rows;
          },
          async exec(text: string) {
            await t.exec(text);
          },
        }),
      );
    },
    close: () => db.close(),
    dumpImage: async () => (await db.dumpDataDir('none')) as Blob,
  };
}

export async function openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
