import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLabelledCsv } from './labelled-csv.js';
import { runTriage } from './run-triage.js';

// `triage eval` as a user runs it: a child process on CSV files, no database, no server.

let dir: string;

const csv = (name: string, perCategory: number, seed: number, categories: string[]) =>
  writeLabelledCsv(dir, name, perCategory, seed, categories);

const triage = (...args: string[]) => runTriage(args, { cwd: dir });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'triage-eval-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('triage eval', () => {
  it('prints the JSON summary on the last line, out-of-scope figures included', async () => {
    const inScope = ['billing', 'login', 'shipping'];
    const train = csv('train.csv', 30, 1, [...inScope, 'oos']);
    const val = csv('val.csv', 12, 2, [...inScope, 'oos']);
    const test = csv('test.csv', 15, 3, [...inScope, 'oos']);
    const { code, stdout } = await triage(
      'eval',
      '--train',
      train,
      '--val',
      val,
      '--test',
      test,
      '--out-of-scope-label',
      'oos',
      '--json',
    );
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(summary).sort()).toEqual(
      [
        'accuracy',
        'coverageAtPrecision',
        'ece',
        'macroF1',
        'modelBytes',
        'outOfScope',
        'predictP50Ms',
        'predictP99Ms',
        'trainSeconds',
      ].sort(),
    );
    expect(summary.accuracy).toBeGreaterThan(0.9);
    expect(Object.keys(summary.coverageAtPrecision)).toEqual(['0.95', '0.99']);
    expect(summary.outOfScope.recall).toBeGreaterThan(0.8);
    expect(summary.outOfScope.inScopeAccuracy).toBeGreaterThan(0.8);
    expect(summary.modelBytes).toBeGreaterThan(0);
  }, 60_000);

  it('prints a table without --json', async () => {
    const train = csv('t2.csv', 20, 4, ['billing', 'login']);
    const { code, stdout } = await triage('eval', '--train', train, '--test', train);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Accuracy\s+\d+\.\d+ %/);
    expect(stdout).toMatch(/Validation rows\s+none \(3-fold cross-fitting on train\)/);
  }, 60_000);

  it('exits 2 with a clear message when training is impossible or columns are missing', async () => {
    const one = csv('one.csv', 10, 5, ['billing']);
    const single = await triage('eval', '--train', one, '--test', one);
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/at least two categories/);

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'foo,bar\n1,2\n');
    const columns = await triage('eval', '--train', bad, '--test', bad);
    expect(columns.code).toBe(2);
    expect(columns.stderr).toMatch(/category/);
  }, 60_000);
});
