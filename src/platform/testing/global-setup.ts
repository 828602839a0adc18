import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../db/database.js';
import { migrate } from '../db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteImage: string;
  }
}

// Builds one migrated PGlite data folder image per test run; every test database starts
// from it instead of running initdb again.
export default async function setup(project: TestProject) {
  const db = await openPglite(undefined);
  await migrate(db);
  const dump = await db.dumpImage();
  await db.close();
  const file = path.join(tmpdir(), `triage-pglite-image-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteImage', file);
}
