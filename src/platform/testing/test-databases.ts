import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openPglite, openPostgres } from '../db/database.js';
import { migrate } from '../db/migrate.js';

// Data-layer and HTTP tests run against every database this machine offers: embedded
// PGlite always, PostgreSQL when TEST_DATABASE_URL is set or a server answers on
// 127.0.0.1:5432. Each PostgreSQL test database is created for the test file and dropped
// after it. CI sets TRIAGE_REQUIRE_POSTGRES=1 so a missing server fails instead of skipping.

export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  open(): Promise<TestDatabase>;
}

export interface TestDatabase {
  db: Database;
  /** The connection string for PostgreSQL targets (to start a second process on it). */
  url?: string;
  dispose(): Promise<void>;
}

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const pgliteTarget: DatabaseTarget = {
  name: 'pglite',
  async open() {
    const image = new Blob([readFileSync(inject('pgliteImage'))]);
    const db = await openPglite(undefined, image);
    await migrate(db);
    return { db, dispose: () => db.close() };
  },
};

const postgresTarget: DatabaseTarget = {
  name: 'postgres',
  async open() {
    const name = `triage_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = openPostgres(url.toString(), { max: 5 });
    await migrate(db);
    return {
      db,
      url: url.toString(),
      async dispose() {
        await db.close();
        await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  },
};

let cached: Promise<{ targets: DatabaseTarget[]; skipped?: string }> | undefined;

export function databaseTargets(): Promise<{ targets: DatabaseTarget[]; skipped?: string }> {
  cached ??= (async () => {
    if (await postgresAnswers()) return { targets: [pgliteTarget, postgresTarget] };
    const reason = `PostgreSQL variants skipped: no server answered at ${new URL(adminUrl).host} (set TEST_DATABASE_URL to run them).`;
    if (process.env.TRIAGE_REQUIRE_POSTGRES === '1') {
      throw new Error(`TRIAGE_REQUIRE_POSTGRES=1 but ${reason}`);
    }
    return { targets: [pgliteTarget], skipped: reason };
  })();
  return cached;
}
