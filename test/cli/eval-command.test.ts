import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmbeddingsTestServer,
  startEmbeddingsTestServer,
  TEST_API_KEY,
} from '../../src/modules/embeddings/test-support/embeddings-test-server.js';

// `triage eval` as a user runs it: a child process, real CSV files and a real HTTP embedding server.

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/triage.js', import.meta.url));
let dir: string;
let server: EmbeddingsTestServer;
let trainFile: string;
let testFile: string;

const TOPICS: Record<string, string[]> = {
  card: ['card', 'arrived', 'delivery', 'post', 'mail'],
  refund: ['refund', 'money', 'back', 'return', 'charge'],
  pin: ['pin', 'blocked', 'code', 'unlock', 'forgot'],
};

function csv(perCategory: number, offset: number): string {
  const lines = ['text,category'];
  for (let i = 0; i < perCategory; i++) {
    for (const [category, words] of Object.entries(TOPICS)) {
      const pick = (k: number) => words[(i * 7 + k * 3 + offset) % words.length]!;
      lines.push(`"my ${pick(0)} ${pick(1)} please ${pick(2)}",${category}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function triage(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, TRIAGE_EMBEDDINGS_URL: '', TRIAGE_EMBEDDINGS_MODEL: '', ...env },
      cwd: dir,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const evaluate = (env: Record<string, string>, ...args: string[]) =>
  triage(env, 'eval', '--train', trainFile, '--test', testFile, ...args);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'triage-eval-'));
  trainFile = path.join(dir, 'train.csv');
  testFile = path.join(dir, 'test.csv');
  writeFileSync(trainFile, csv(20, 0));
  writeFileSync(testFile, csv(6, 1));
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
      '--embeddings-url',
      server.url,
      '--embeddings-model',
      'test-model',
      '--json',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(summary.accuracy).toBeGreaterThan(0.8);
    expect(summary.embedding).toMatchObject({ provider: 'openai-compatible:test-model', dimensions: 16 });
    expect(summary.trainSeconds).toBeGreaterThanOrEqual(summary.embedding.trainSeconds);
    // 60 training rows in batches of 25, then one request per test row.
    expect(server.requests.length - before).toBe(3 + 18);
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
