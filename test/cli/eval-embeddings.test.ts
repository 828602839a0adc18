import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmbeddingsTestServer,
  startEmbeddingsTestServer,
  TEST_API_KEY,
} from '../../src/modules/embeddings/test-support/embeddings-test-server.js';
import { writeLabelledCsv } from './labelled-csv.js';
import { runTriage } from './run-triage.js';

// `triage eval --embeddings-url` as a user runs it: a child process, CSV files and a real HTTP server.

let dir: string;
let server: EmbeddingsTestServer;
let trainFile: string;
let valFile: string;
let testFile: string;
const CATEGORIES = ['billing', 'login', 'shipping'];

const evaluate = (env: Record<string, string>, ...args: string[]) =>
  runTriage(['eval', '--train', trainFile, '--test', testFile, ...args], {
    cwd: dir,
    env: { ...process.env, TRIAGE_EMBEDDINGS_URL: '', TRIAGE_EMBEDDINGS_MODEL: '', ...env },
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'triage-eval-embeddings-'));
  trainFile = writeLabelledCsv(dir, 'train.csv', 20, 1, CATEGORIES);
  valFile = writeLabelledCsv(dir, 'val.csv', 8, 2, CATEGORIES);
  testFile = writeLabelledCsv(dir, 'test.csv', 6, 3, CATEGORIES);
  server = await startEmbeddingsTestServer({ dimensions: 16 });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('triage eval --embeddings-url', () => {
  it('embeds every row, trains with the embedding view and reports what embedding cost', async () => {
    const before = server.requests.length;
    const result = await evaluate(
      { TRIAGE_EMBEDDINGS_API_KEY: TEST_API_KEY, TRIAGE_EMBEDDINGS_BATCH_SIZE: '25' },
      '--val',
      valFile,
      '--embeddings-url',
      server.url,
      '--embeddings-model',
      'test-model',
      '--json',
    );
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(summary.accuracy).toBeGreaterThan(0.8);
    expect(summary.embedding).toMatchObject({ provider: 'openai-compatible:test-model', dimensions: 16 });
    expect(summary.trainSeconds).toBeGreaterThanOrEqual(summary.embedding.trainSeconds);
    // 60 training rows in batches of 25, 24 validation rows in one batch, then one request per test row.
    expect(server.requests.length - before).toBe(3 + 1 + 18);
  });

  it('says in the text report where the embedding time is counted', async () => {
    const result = await evaluate(
      { TRIAGE_EMBEDDINGS_API_KEY: TEST_API_KEY, TRIAGE_EMBEDDINGS_MODEL: 'test-model' },
      '--embeddings-url',
      server.url,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Embeddings: openai-compatible:test-model, 16 dimensions/);
    expect(result.stdout).toMatch(/included in Train time above/);
    expect(result.stdout).toMatch(/NOT included in Predict p50\/p99 above/);
  });

  it('fails in one line when the provider refuses the key', async () => {
    const result = await evaluate(
      { TRIAGE_EMBEDDINGS_API_KEY: 'wrong-key' },
      '--embeddings-url',
      server.url,
      '--embeddings-model',
      'test-model',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^triage eval: embedding failed \(unauthorized\): .*401/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('needs a model name', async () => {
    const result = await evaluate({}, '--embeddings-url', server.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--embeddings-url needs --embeddings-model/);
  });
});
