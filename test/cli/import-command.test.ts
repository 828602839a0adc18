import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/cli/workspace-gateway.js';
import { createServices } from '../../src/composition.js';
import { firstStart } from '../../src/first-start.js';
import { createCategory } from '../../src/modules/categories/index.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { systemActor } from '../../src/platform/events/index.js';

// The CLI as a user runs it: a child process on a real PGlite data folder.

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

const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

async function ticketCount() {
  const services = await createServices(loadConfig({ TRIAGE_DATA_DIR: dataDir }));
  const [row] = await services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
  await services.db.close();
  return row!.n;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'triage-cli-'));
  dataDir = path.join(dir, 'data');
  const services = await createServices(loadConfig({ TRIAGE_DATA_DIR: dataDir, TRIAGE_DEMO: 'false' }));
  await firstStart(services);
  const [ws] = await services.db.query<{ id: string }>('SELECT id FROM workspaces');
  const ctx = { workspaceId: ws!.id, actor: systemActor('test') };
  await createCategory(services, ctx, { name: 'Billing' });
  await createCategory(services, ctx, { name: 'Login and access' });
  await services.db.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('triage import', () => {
  it('refuses a file without the needed columns, in one line, importing nothing', async () => {
    const r = await triage('import', file('no-columns.csv', 'foo,bar\n1,2\n'));
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/needs a text column/);
    expect(await ticketCount()).toBe(0);
  });

  const partlyBad = [
    'text,category',
    '"My invoice shows the wrong amount",billing',
    '"I cannot log in,\nthe reset mail never arrives",Login and access',
    ',billing',
    '"Where is the export button",data-export',
  ].join('\n');

  it('imports nothing from a partly bad file unless asked to skip invalid rows', async () => {
    const r = await triage('import', file('partly-bad.csv', partlyBad));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/2 invalid row\(s\), nothing imported; first: row 3/);
    expect(await ticketCount()).toBe(0);
  });

  it('with --skip-invalid imports the good rows and reports the rest with reasons', async () => {
    const r = await triage('import', '--skip-invalid', file('partly-bad.csv', partlyBad));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/accepted: {2}2 new, 0 already present/);
    expect(r.stdout).toMatch(/rejected: {2}2/);
    expect(r.stdout).toMatch(/row 3: needs a text, subject or body/);
    expect(r.stdout).toMatch(/row 4: unknown category "data-export"/);
    expect(await ticketCount()).toBe(2);
    const again = await triage('import', '--skip-invalid', file('partly-bad.csv', partlyBad));
    expect(again.stdout).toMatch(/0 new, 2 already present/);
    expect(await ticketCount()).toBe(2);
  });

  it('imports JSON Lines and creates missing categories when asked', async () => {
    const lines = [
      JSON.stringify({
        externalId: 'j1',
        subject: 'Export',
        body: 'How do I export to CSV?',
        category: 'Data export',
      }),
      JSON.stringify({
        externalId: 'j2',
        title: 'Refund',
        description: 'Please refund me',
        label: 'Refunds',
      }),
    ].join('\n');
    const r = await triage('import', '--create-categories', file('history.jsonl', lines));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/new categories: Data export, Refunds/);
    expect(await ticketCount()).toBe(4);
  });

  it('refuses to open a data folder another process holds', async () => {
    const release = await lockDataDir(dataDir);
    try {
      const r = await triage('train');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/in use by another Triage process/);
    } finally {
      await release();
    }
  });
});
