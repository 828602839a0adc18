import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateClassifier, readLabelledCsv } from '../src/modules/evaluation/index.js';

const dataDir = fileURLToPath(new URL('../../shared/data/banking77/', import.meta.url));

/** Banking77 (77 intents, 10,003 train / 3,080 test): quality, speed and size of the classifier. */
export async function benchClassifier() {
  if (!existsSync(`${dataDir}/train.csv`)) {
    console.log(`skipped: ${dataDir} not found (the shared data sets sit beside the project)`);
    return;
  }
  const report = evaluateClassifier({
    train: readLabelledCsv(`${dataDir}/train.csv`),
    test: readLabelledCsv(`${dataDir}/test.csv`),
  });
  const rows: [string, string][] = [
    ['accuracy', report.accuracy.toFixed(4)],
    ['macro F1', report.macroF1.toFixed(4)],
    ['ECE', report.ece.toFixed(4)],
    ['coverage at precision 0.95', report.coverageAtPrecision['0.95'].toFixed(4)],
    ['coverage at precision 0.99', report.coverageAtPrecision['0.99'].toFixed(4)],
    ['train seconds', report.trainSeconds.toFixed(2)],
    ['predict p50 ms', report.predictP50Ms.toFixed(3)],
    ['predict p99 ms', report.predictP99Ms.toFixed(3)],
    ['model MB', (report.modelBytes / 1e6).toFixed(1)],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(28)} ${v}`);
}
