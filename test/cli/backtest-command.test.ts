import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLabelledCsv } from './labelled-csv.js';
import { runTriage } from './run-triage.js';

// `triage backtest` as a user runs it: a child process on CSV files, writing nothing.

let dir: string;

const triage = (...args: string[]) => runTriage(args, { cwd: dir });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'triage-backtest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('triage backtest', () => {
  const categories = ['billing', 'login', 'shipping'];

  it('prints the figures as JSON on the last line', async () => {
    const train = writeLabelledCsv(dir, 'train.csv', 30, 1, categories);
    const test = writeLabelledCsv(dir, 'test.csv', 20, 2, categories);
    const { code, stdout } = await triage(
      'backtest',
      '--train',
      train,
      '--test',
      test,
      '--target-precision',
      '0.95',
      '--json',
    );
    expect(code).toBe(0);
    const figures = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(Object.keys(figures)).toEqual([
      'autoShare',
      'autoPrecision',
      'suggestShare',
      'suggestTop3Hit',
      'reviewShare',
      'touchesPer100',
      'minutesSavedPer100',
    ]);
    expect(figures.autoShare + figures.suggestShare + figures.reviewShare).toBeCloseTo(1, 9);
    expect(figures.minutesSavedPer100).toBeCloseTo((100 - figures.touchesPer100) * 1.5, 9);
  }, 60_000);

  it('prints a readable table, honouring --minutes-per-ticket', async () => {
    const train = writeLabelledCsv(dir, 'train2.csv', 30, 3, categories);
    const { code, stdout } = await triage(
      'backtest',
      '--train',
      train,
      '--test',
      train,
      '--minutes-per-ticket',
      '3',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/Applied automatically\s+\d+\.\d %/);
    expect(stdout).toMatch(/at 3 min per ticket/);
  }, 60_000);

  it('exits 2 with a clear message on bad options or impossible training', async () => {
    const train = writeLabelledCsv(dir, 'train3.csv', 5, 4, categories);
    const badTarget = await triage(
      'backtest',
      '--train',
      train,
      '--test',
      train,
      '--target-precision',
      'high',
    );
    expect(badTarget.code).toBe(2);
    expect(badTarget.stderr).toMatch(/--target-precision must be a number from 0.5 to 1/);
    const one = writeLabelledCsv(dir, 'one.csv', 5, 5, ['billing']);
    const single = await triage('backtest', '--train', one, '--test', one);
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/at least two categories/);
  }, 60_000);
});
