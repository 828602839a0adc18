/**
 * `evaluateClassifier` with the classifier's embedding view: every row is embedded first, through
 * whatever Embedder the caller passes (an HTTP provider, word vectors), then trained and predicted as
 * usual. What the embedding costs is counted, not hidden:
 *
 * - training (and validation) rows are embedded in the embedder's batches, and that time is added to `trainSeconds`
 *   (a retrain has to embed its history too, unless embeddings are cached, which Triage does not do);
 * - `modelBytes` adds what the embedder keeps in memory to embed a ticket (a word-vector table);
 * - test rows are embedded one request each, as a ticket arriving at intake would be, and that
 *   latency is reported on its own (`embedding.perRowP50Ms/P99Ms`) beside the classifier's
 *   `predictP50Ms/P99Ms`, which stay the predict call alone. A ticket waits for both.
 */
import { performance } from 'node:perf_hooks';
import type { Embedder } from '../embeddings/index.js';
import { embeddingText } from '../embeddings/index.js';
import {
  type EvaluateClassifierOptions,
  type EvaluationReport,
  evaluateClassifier,
} from './evaluate-classifier.js';
import { percentile } from './metrics.js';
import type { LabelledRow } from './read-labelled-csv.js';

export interface EmbeddingCost {
  provider: string;
  dimensions: number;
  /** Embedding the training (and validation) rows in batches; already included in the report's trainSeconds. */
  trainSeconds: number;
  /** One embedding request per test row; not included in predictP50Ms/predictP99Ms. */
  perRowP50Ms: number;
  perRowP99Ms: number;
}

export interface EmbeddedEvaluation {
  report: EvaluationReport;
  embedding: EmbeddingCost;
}

export type EmbeddingPhase =
  | { phase: 'embedding-train' }
  | { phase: 'embedding-test'; done: number; total: number };

export async function evaluateWithEmbeddings(
  options: EvaluateClassifierOptions & {
    embedder: Embedder;
    onEmbeddingProgress?: (progress: EmbeddingPhase) => void;
  },
): Promise<EmbeddedEvaluation> {
  const { embedder, onEmbeddingProgress, ...evaluation } = options;
  onEmbeddingProgress?.({ phase: 'embedding-train' });
  const trainStart = performance.now();
  const trainVectors = await embedder.embed(evaluation.train.map(embeddingText));
  // Validation rows are part of training (calibration), so their embedding time counts there too.
  const validationVectors =
    evaluation.validation === undefined
      ? undefined
      : await embedder.embed(evaluation.validation.map(embeddingText));
  const trainSeconds = (performance.now() - trainStart) / 1000;

  const testVectors: Float32Array[] = [];
  const perRowMs: number[] = [];
  for (const row of evaluation.test) {
    const start = performance.now();
    const [vector] = await embedder.embed([embeddingText(row)]);
    perRowMs.push(performance.now() - start);
    testVectors.push(vector!);
    onEmbeddingProgress?.({
      phase: 'embedding-test',
      done: testVectors.length,
      total: evaluation.test.length,
    });
  }

  const withVectors = (rows: readonly LabelledRow[], vectors: Float32Array[]) =>
    rows.map((row, index) => ({ ...row, embedding: vectors[index]! }));
  const report = evaluateClassifier({
    ...evaluation,
    train: withVectors(evaluation.train, trainVectors),
    test: withVectors(evaluation.test, testVectors),
    ...(evaluation.validation === undefined || validationVectors === undefined
      ? {}
      : { validation: withVectors(evaluation.validation, validationVectors) }),
    embeddingProvider: embedder.provider,
  });
  return {
    report: {
      ...report,
      trainSeconds: report.trainSeconds + trainSeconds,
      modelBytes: report.modelBytes + (embedder.residentBytes ?? 0),
    },
    embedding: {
      provider: embedder.provider,
      dimensions: trainVectors[0]?.length ?? 0,
      trainSeconds,
      perRowP50Ms: percentile(perRowMs, 50),
      perRowP99Ms: percentile(perRowMs, 99),
    },
  };
}

/** Lines to print after the report, saying where the embedding time went. */
export function formatEmbeddingCost(cost: EmbeddingCost): string[] {
  return [
    `Embeddings: ${cost.provider}, ${cost.dimensions} dimensions`,
    `  embedding the training rows took ${cost.trainSeconds.toFixed(2)} s (included in Train time above)`,
    `  embedding one test row took p50 ${cost.perRowP50Ms.toFixed(1)} ms, p99 ${cost.perRowP99Ms.toFixed(1)} ms` +
      ' (one request per row; NOT included in Predict p50/p99 above, which time the classifier alone:' +
      ' a ticket waits for both)',
  ];
}
