import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { predict, type TrainingExample, trainModel } from './index.js';

// The data set lives outside the repository (../shared/data/banking77 relative to the repo root).
const dataDir = new URL('../../../../shared/data/banking77/', import.meta.url);
const trainFile = fileURLToPath(new URL('train.csv', dataDir));
const testFile = fileURLToPath(new URL('test.csv', dataDir));
const available = existsSync(trainFile) && existsSync(testFile);

function load(file: string): TrainingExample[] {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  return rows.map((row, index) => ({ id: `${index}`, body: row.text ?? '', category: row.category ?? '' }));
}

describe('Banking77 benchmark', () => {
  if (!available) console.warn(`Skipping Banking77 benchmark: ${trainFile} or ${testFile} not found.`);

  it.skipIf(!available)(
    'reaches at least 85% accuracy on the test split (skipped when the data set is absent)',
    () => {
      const train = load(trainFile);
      const test = load(testFile);
      expect(train.length).toBeGreaterThan(10_000);
      expect(test.length).toBe(3080);
      const model = trainModel(train);
      let correct = 0;
      for (const example of test) {
        if (predict(model, example, { explain: false }).ranked[0]!.category === example.category) correct++;
      }
      const accuracy = correct / test.length;
      console.info(`Banking77 test accuracy: ${(accuracy * 100).toFixed(2)}%`);
      expect(accuracy).toBeGreaterThanOrEqual(0.85);
    },
    120_000,
  );
});
