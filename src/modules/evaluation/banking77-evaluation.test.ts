import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateClassifier } from './evaluate-classifier.js';
import { summarise } from './format-report.js';
import { readLabelledCsv } from './read-labelled-csv.js';

// The data set lives outside the repository (../shared/data/banking77 relative to the repo root), so
// this test runs only where it has been downloaded.
const trainFile = fileURLToPath(new URL('../../../../shared/data/banking77/train.csv', import.meta.url));
const testFile = fileURLToPath(new URL('../../../../shared/data/banking77/test.csv', import.meta.url));
const available = existsSync(trainFile) && existsSync(testFile);

describe('evaluateClassifier on Banking77', () => {
  if (!available) {
    console.warn(`Skipping the Banking77 evaluation: ${trainFile} or ${testFile} not found.`);
  }

  it.skipIf(!available)(
    'reaches 88% accuracy and auto-applies some tickets at 95% precision',
    () => {
      const report = evaluateClassifier({
        train: readLabelledCsv(trainFile),
        test: readLabelledCsv(testFile),
      });
      console.info(`Banking77 evaluation: ${JSON.stringify(summarise(report))}`);
      expect(report.testRows).toBe(3080);
      expect(report.accuracy).toBeGreaterThanOrEqual(0.88);
      expect(report.coverageAtPrecision['0.95']).toBeGreaterThan(0);
    },
    180_000,
  );
});
