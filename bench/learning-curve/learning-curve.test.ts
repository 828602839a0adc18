import { describe, expect, it } from 'vitest';
import { syntheticTickets } from '../../src/modules/classifier/test-support/synthetic-tickets.js';
import type { LabelledRow } from '../../src/modules/evaluation/index.js';
import { type CurveProgress, runLearningCurve, seededShuffle } from './learning-curve.js';
import { renderLearningCurveMarkdown } from './learning-curve-markdown.js';

const rows = (perCategory: number, seed: number) =>
  syntheticTickets(perCategory, seed).map((t) => ({ body: t.body, category: t.category as string }));

describe('seededShuffle', () => {
  it('is the same order for the same seed, another for another, and keeps every row', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(seededShuffle(items, 7)).toEqual(seededShuffle(items, 7));
    expect(seededShuffle(items, 7)).not.toEqual(seededShuffle(items, 8));
    expect([...seededShuffle(items, 7)].sort((a, b) => a - b)).toEqual(items);
  });
});

describe('runLearningCurve', () => {
  const train: LabelledRow[] = seededShuffle(rows(25, 3), 1);
  const test: LabelledRow[] = rows(10, 99);
  const progress: CurveProgress[] = [];
  const points = runLearningCurve(train, test, { batchSize: 40, onProgress: (p) => progress.push(p) });

  it('scores both variants after every batch until every row is used', () => {
    expect(points.map((p) => p.labels)).toEqual([40, 80, 100]);
    // Both start from the same model.
    expect(points[0]!.online).toEqual(points[0]!.retrained);
    expect(points[0]!.onlineMsPerCorrection).toBe(0);
    expect(points[1]!.onlineMsPerCorrection).toBeGreaterThan(0);
    for (const p of points) {
      expect(p.retrained.accuracy).toBeGreaterThan(0.5);
      expect(p.online.coverage).toBeGreaterThanOrEqual(0);
    }
    expect(progress.filter((p) => p.step === 'scored')).toHaveLength(3);
  });

  it('renders a table row per batch and both curves in the charts', () => {
    const markdown = renderLearningCurveMarkdown(points, {
      date: '2026-01-01T00:00:00.000Z',
      machine: 'test machine',
      seed: 1,
      batchSize: 40,
      trainRows: train.length,
      testRows: test.length,
      command: 'npm run bench:learning-curve',
    });
    expect(markdown).toContain('## Learning curve');
    expect(markdown.match(/^\| \d+ \| \d+ \|/gm)).toHaveLength(3);
    expect(markdown.match(/^ {2}line \[/gm)).toHaveLength(2);
    expect(markdown).toContain('x-axis "labels" ["40", "80", "100"]');
    expect(markdown.match(/ online {5}/g)).toHaveLength(3);
  });
});
