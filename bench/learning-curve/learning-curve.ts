// The learning curve: labels arrive in batches as corrections; after each batch, the model that
// learned them online (learnOne, no retrain) and a model retrained on every label so far are scored
// on the same test set. Pure apart from the clock; the runner reads the data and writes the docs.
import { performance } from 'node:perf_hooks';
import {
  deserializeModel,
  learnOne,
  type Model,
  predict,
  serializeModel,
  trainModel,
} from '../../src/modules/classifier/index.js';
import { accuracy, coverageAtPrecision, type LabelledRow } from '../../src/modules/evaluation/index.js';

export interface Scores {
  accuracy: number;
  /** Share of test rows that can be auto-applied at precision ≥ COVERAGE_PRECISION (test-set oracle). */
  coverage: number;
}

export interface CurvePoint {
  /** 1-based; batch 1 is the starting model, trained on the first batch. */
  batch: number;
  labels: number;
  online: Scores;
  retrained: Scores;
  /** Mean wall time of one learnOne call over this batch's labels (0 for batch 1). */
  onlineMsPerCorrection: number;
  /** Wall time of trainModel on all labels so far. */
  retrainSeconds: number;
}

export type CurveProgress =
  | { step: 'training'; batch: number; batches: number; labels: number }
  | { step: 'learning online'; batch: number; batches: number; labels: number }
  | { step: 'scored'; point: CurvePoint; batches: number };

export const COVERAGE_PRECISION = 0.99;

/** Seeded Fisher-Yates (mulberry32), so the arrival order is the same on every machine and run. */
export function seededShuffle<T>(rows: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...rows];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function score(model: Model, test: readonly LabelledRow[]): Scores {
  const gold = test.map((row) => row.category);
  const items = test.map((row) => {
    const top = predict(model, row, { explain: false, topK: 1 }).ranked[0]!;
    return { category: top.category, confidence: top.probability };
  });
  return {
    accuracy: accuracy(
      gold,
      items.map((item) => item.category),
    ),
    coverage: coverageAtPrecision(
      items.map((item, i) => ({ confidence: item.confidence, correct: item.category === gold[i] })),
      COVERAGE_PRECISION,
    ),
  };
}

export function runLearningCurve(
  train: readonly LabelledRow[],
  test: readonly LabelledRow[],
  options: { batchSize: number; onProgress?: (progress: CurveProgress) => void },
): CurvePoint[] {
  const { batchSize } = options;
  const report = options.onProgress ?? (() => undefined);
  const batches = Math.ceil(train.length / batchSize);
  const points: CurvePoint[] = [];
  let online: Model | undefined;
  for (let batch = 1; batch <= batches; batch++) {
    const labels = Math.min(train.length, batch * batchSize);
    const seen = train.slice(0, labels);
    let onlineMs = 0;
    if (online) {
      report({ step: 'learning online', batch, batches, labels });
      const arriving = train.slice((batch - 1) * batchSize, labels);
      const started = performance.now();
      for (const row of arriving) learnOne(online, row);
      onlineMs = (performance.now() - started) / arriving.length;
    }
    report({ step: 'training', batch, batches, labels });
    const started = performance.now();
    const retrained = trainModel(seen);
    const retrainSeconds = (performance.now() - started) / 1000;
    // Both variants start from the same model, the one trained on the first batch; a copy, because
    // learnOne changes the model it is given.
    if (!online) online = deserializeModel(serializeModel(retrained));
    const point: CurvePoint = {
      batch,
      labels,
      online: score(online, test),
      retrained: score(retrained, test),
      onlineMsPerCorrection: onlineMs,
      retrainSeconds,
    };
    points.push(point);
    report({ step: 'scored', point, batches });
  }
  return points;
}
