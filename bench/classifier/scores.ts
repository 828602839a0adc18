import {
  accuracy,
  type ConfidenceItem,
  coverageAtPrecision,
  type EvaluationReport,
  expectedCalibrationError,
  macroF1,
  percentile,
} from '../../src/modules/evaluation/index.js';
import type { FastTextResult } from './fasttext-runner.js';

/** The figures compared side by side; both systems are scored by the same metric functions. */
export interface SystemScores {
  accuracy: number;
  macroF1: number;
  ece: number;
  coverage95: number;
  coverage99: number;
  trainSeconds: number;
  predictP50Ms: number;
  predictP99Ms: number;
  modelBytes: number;
}

export interface PublishedResult {
  system: string;
  accuracy: number;
}

export interface SettingResult {
  /** Short name, e.g. "full" or "10-shot". */
  setting: string;
  trainRows: number;
  testRows: number;
  triage: SystemScores;
  /** Absent when the baseline did not run; `fastTextNote` then says why. */
  fastText?: SystemScores;
  fastTextNote?: string;
  published: PublishedResult;
}

export const PAPER =
  'Casanueva et al. 2020, "Efficient Intent Detection with Dual Sentence Encoders", arXiv:2003.04807';

export function triageScores(report: EvaluationReport): SystemScores {
  return {
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    ece: report.ece,
    coverage95: report.coverageAtPrecision['0.95'],
    coverage99: report.coverageAtPrecision['0.99'],
    trainSeconds: report.trainSeconds,
    predictP50Ms: report.predictP50Ms,
    predictP99Ms: report.predictP99Ms,
    modelBytes: report.modelBytes,
  };
}

/** Scores fastText's predictions against `goldLabels` (already in `__label__` form). */
export function fastTextScores(result: FastTextResult, goldLabels: readonly string[]): SystemScores {
  const predicted = result.predictions.map((prediction) => prediction.label);
  const items: ConfidenceItem[] = result.predictions.map((prediction, index) => ({
    // fastText computes exp(log(p + 1e-5)), so a sure prediction can come back as 1.00001; the
    // calibration metric rejects values above 1, and the clamp changes nothing else.
    confidence: Math.min(1, Math.max(0, prediction.probability)),
    correct: prediction.label === goldLabels[index],
  }));
  return {
    accuracy: accuracy(goldLabels, predicted),
    macroF1: macroF1(goldLabels, predicted),
    ece: expectedCalibrationError(items),
    coverage95: coverageAtPrecision(items, 0.95),
    coverage99: coverageAtPrecision(items, 0.99),
    trainSeconds: result.trainSeconds,
    predictP50Ms: percentile(result.predictMs, 50),
    predictP99Ms: percentile(result.predictMs, 99),
    modelBytes: result.modelBytes,
  };
}

export interface MetricRow {
  key: keyof SystemScores;
  title: string;
  format: (value: number) => string;
  /** Whether Triage/fastText is a meaningful figure (it is not for an error rate such as ECE). */
  ratio: boolean;
}

const fixed = (digits: number) => (value: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export const METRIC_ROWS: readonly MetricRow[] = [
  { key: 'accuracy', title: 'accuracy', format: fixed(4), ratio: true },
  { key: 'macroF1', title: 'macro F1', format: fixed(4), ratio: true },
  { key: 'coverage95', title: 'coverage at precision 0.95', format: fixed(4), ratio: true },
  { key: 'coverage99', title: 'coverage at precision 0.99', format: fixed(4), ratio: true },
  { key: 'ece', title: 'ECE (15 bins)', format: fixed(4), ratio: false },
  { key: 'trainSeconds', title: 'training seconds', format: fixed(2), ratio: true },
  { key: 'predictP50Ms', title: 'predict p50 ms', format: fixed(3), ratio: true },
  { key: 'predictP99Ms', title: 'predict p99 ms', format: fixed(3), ratio: true },
  { key: 'modelBytes', title: 'model size', format: megabytes, ratio: true },
];

/** Triage divided by fastText, or "—" when there is nothing to divide by. */
export function formatRatio(triage: number, fastText: number | undefined): string {
  if (fastText === undefined || !Number.isFinite(triage) || !(fastText > 0)) return '—';
  return `${(triage / fastText).toFixed(2)}×`;
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}
