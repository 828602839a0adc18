import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/composition.js';
import { firstStart } from '../../src/first-start.js';
import { importHistoryBatch } from '../../src/modules/imports/index.js';
import { categoryOverview } from '../../src/modules/taxonomy/index.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { systemActor } from '../../src/platform/events/index.js';

// `triage categories …` as a user runs it: a child process on a real PGlite data folder.

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/triage.js', import.meta.url));
let dir: string;
let dataDir: string;

async function triage(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, TRIAGE_DATA_DIR: dataDir, PORT: '9', TRIAGE_URL: '', TRIAGE_API_KEY: '' },
      cwd: dir,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function overview() {
  const services = await createServices(loadConfig({ TRIAGE_DATA_DIR: dataDir }));
  const [ws] = await services.db.query<{ id: string }>('SELECT id FROM workspaces');
  const categories = await categoryOverview(services.db, ws!.id);
  await services.db.close();
  return new Map(categories.map((c) => [c.name, c]));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'triage-cli-'));
  dataDir = path.join(dir, 'data');
  const services = await createServices(loadConfig({ TRIAGE_DATA_DIR: dataDir, TRIAGE_DEMO: 'false' }));
  await firstStart(services);
  const [ws] = await services.db.query<{ id: string }>('SELECT id FROM workspaces');
  const rows = ['Billing', 'Payments', 'Shipping'].flatMap((category) =>
    [1, 2].map((n) => ({ externalId: `${category}-${n}`, subject: `${category} ${n}`, category })),
  );
  await importHistoryBatch(services, { workspaceId: ws!.id, actor: systemActor('test') }, rows, {
    createCategories: true,
    source: 'history',
  });
  await services.db.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('triage categories', () => {
  it('previews with --dry-run, then merges, splits and renames as numbered versions', async () => {
    const dry = await triage('categories', 'merge', 'billing', '--into', 'Payments', '--dry-run');
    expect(dry.stdout).toBe(
      'would be taxonomy v1 (merge): 2 tickets moved, 2 labels appended, 0 left to relabel, 0 review items opened, 0 categories created, 1 retired\n',
    );
    expect((await overview()).get('Billing')!.status).toBe('live');

    const merged = await triage('categories', 'merge', 'Billing', '--into', 'payments', '--note', 'one team');
    expect(merged.stdout).toMatch(/^taxonomy v1 \(merge\): 2 tickets moved, 2 labels appended/);
    const split = await triage(
      'categories',
      'split',
      'Shipping',
      '--into',
      'Delivery,Returns',
      '--sample',
      '1',
    );
    expect(split.stdout).toMatch(
      /^taxonomy v2 \(split\): 0 tickets moved, 0 labels appended, 2 left to relabel, 1 review items opened, 2 categories created, 1 retired/,
    );
    expect((await triage('categories', 'rename', 'Payments', 'Money')).stdout).toMatch(
      /^taxonomy v3 \(rename\)/,
    );

    const categories = await overview();
    expect(categories.get('Billing')!.displayName).toBe('Billing (retired, merged into Money)');
    expect(categories.get('Shipping')!.displayName).toBe('Shipping (retired, split into Delivery, Returns)');
    expect(categories.get('Money')!.displayName).toBe('Money (was Payments)');
  });

  it('refuses a mistake in one line', async () => {
    const r = await triage('categories', 'merge', 'Money', '--into', 'money');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe('triage: A category cannot be merged into itself.\n');
  });
});
