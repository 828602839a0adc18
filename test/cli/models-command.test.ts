import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoHistory } from '../../src/modules/demo/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { apiClient } from '../http/api-client.js';
import { runTriage } from './run-triage.js';

// `triage train` and `triage models list|show|promote|rollback` as a user runs them: child
// processes that reach a running server through its API.

let app: TestApp;
let cwd: string;

const triage = (...args: string[]) =>
  runTriage(args, {
    cwd,
    env: {
      ...process.env,
      TRIAGE_URL: app.url,
      TRIAGE_API_KEY: app.apiKey,
      TRIAGE_DATA_DIR: path.join(cwd, 'none'),
    },
  });

beforeAll(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'triage-models-cli-'));
  app = await startTestApp();
  const rows = generateDemoHistory({ seed: 5, count: 300 }).map((t) => ({
    externalId: t.externalId,
    subject: t.subject,
    body: t.body,
    category: t.category,
  }));
  const api = apiClient(app.url, { apiKey: app.apiKey });
  expect((await api('POST', '/api/v1/history/import', { rows, createCategories: true })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await app?.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('triage models', () => {
  it('trains with a progress bar: the first model is champion, the next a challenger', async () => {
    const first = await triage('train');
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('training [');
    expect(first.stdout).toContain('model v1 (champion): 300 labelled tickets');
    const second = await triage('train');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('model v2 (challenger)');
    expect(second.stdout).toContain('shadows the champion until the promotion gate decides');
  });

  it('lists every version with its status and metrics, newest first', async () => {
    const listed = await triage('models', 'list');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^v2\s+challenger .* 300 labels, \d+ categories; accuracy \d+\.\d%, ECE \d+\.\d%/,
    );
    expect(lines[1]).toMatch(/^v1\s+champion /);
  });

  it('shows one version with its creator, shadow gate and status history', async () => {
    const shown = await triage('models', 'show', 'v2');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('model v2: challenger');
    expect(shown.stdout).toMatch(/shadow: 0 labelled tickets.*gate insufficient_sample/);
    expect(shown.stdout).toMatch(/created \d{4}-\d\d-\d\d \d\d:\d\d by \S+/);
    expect(shown.stdout).toMatch(/model\.trained\s+\S/);
    expect(shown.stdout).toContain('model.challenger_started');
    const missing = await triage('models', 'show', '9');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Model v9 was not found');
  });

  it('promotes a version and rolls back to the previous champion', async () => {
    const promoted = await triage('models', 'promote', '2');
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain('v2 is the champion; v1 retired');
    const rolled = await triage('models', 'rollback');
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain('rolled back: v1 is the champion again; v2 retired');
    const listed = await triage('models', 'list');
    expect(listed.stdout).toMatch(/v2\s+retired/);
    expect(listed.stdout).toMatch(/v1\s+champion/);
    const again = await triage('models', 'rollback');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('there is nothing to roll back to. (model_not_promotable)');
  });
});
