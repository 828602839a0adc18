import type { EvaluationReport } from './evaluate-classifier.js';
import type { CategoryScore } from './metrics.js';

/** The machine-readable summary: a stable set of keys that scripts and CI compare across runs. */
export type EvaluationSummary = Pick<
  EvaluationReport,
  | 'accuracy'
  | 'macroF1'
  | 'ece'
  | 'coverageAtPrecision'
  | 'trainSeconds'
  | 'predictP50Ms'
  | 'predictP99Ms'
  | 'modelBytes'
  | 'outOfScope'
>;

export function summarise(report: EvaluationReport): EvaluationSummary {
  const summary: EvaluationSummary = {
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    ece: report.ece,
    coverageAtPrecision: { ...report.coverageAtPrecision },
    trainSeconds: report.trainSeconds,
    predictP50Ms: report.predictP50Ms,
    predictP99Ms: report.predictP99Ms,
    modelBytes: report.modelBytes,
  };
  // Absent rather than null when there were no out-of-scope rows, so its presence means something.
  if (report.outOfScope) summary.outOfScope = { ...report.outOfScope };
  return summary;
}

/** Lowest F1 first; among equals the larger category first, since it costs more tickets. */
export function worstCategories(scores: readonly CategoryScore[], count: number): CategoryScore[] {
  return [...scores]
    .sort(
      (a, b) =>
        a.f1 - b.f1 ||
        b.support - a.support ||
        (a.category < b.category ? -1 : a.category > b.category ? 1 : 0),
    )
    .slice(0, count);
}

const percent = (value: number) => `${(value * 100).toFixed(2)} %`;

function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  if (bytes < 1024) return exact;
  const [size, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / (1024 * 1024), 'MiB'];
  return `${size.toFixed(2)} ${unit} (${exact})`;
}

/** Human-readable report as lines of text (no trailing newlines). */
export function formatEvaluationReport(report: EvaluationReport, worstCount = 5): string[] {
  const figures: [string, string][] = [
    ['Train rows', String(report.trainRows)],
    [
      'Validation rows',
      report.validationRows > 0 ? String(report.validationRows) : 'none (3-fold cross-fitting on train)',
    ],
    ['Test rows', String(report.testRows)],
    ['Accuracy', percent(report.accuracy)],
    ['Macro F1', report.macroF1.toFixed(4)],
    ['ECE (15 bins)', report.ece.toFixed(4)],
    ['Coverage @ precision 0.95', percent(report.coverageAtPrecision['0.95'])],
    ['Coverage @ precision 0.99', percent(report.coverageAtPrecision['0.99'])],
    ['Train time', `${report.trainSeconds.toFixed(2)} s`],
    ['Predict p50', `${report.predictP50Ms.toFixed(3)} ms`],
    ['Predict p99', `${report.predictP99Ms.toFixed(3)} ms`],
    ['Model size', formatBytes(report.modelBytes)],
    ['Model load', `${report.modelLoadMs.toFixed(1)} ms`],
    ['In-scope rows flagged out of scope', percent(report.inScopeFlagRate)],
  ];
  if (report.outOfScope) {
    figures.push(
      ['Out-of-scope recall', percent(report.outOfScope.recall)],
      ['In-scope accuracy (right, not flagged)', percent(report.outOfScope.inScopeAccuracy)],
    );
  }
  const labelWidth = Math.max(...figures.map(([label]) => label.length));
  const lines = [
    'Classifier evaluation',
    ...figures.map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value}`),
  ];

  const worst = worstCategories(report.perCategory, worstCount);
  if (worst.length > 0) {
    const nameWidth = Math.max('Category'.length, ...worst.map((score) => score.category.length));
    lines.push(
      '',
      `Worst ${worst.length} categories by F1`,
      `  ${'Category'.padEnd(nameWidth)}      F1  Precision  Recall  Support`,
      ...worst.map(
        (score) =>
          `  ${score.category.padEnd(nameWidth)}  ${score.f1.toFixed(4).padStart(6)}  ${score.precision
            .toFixed(4)
            .padStart(9)}  ${score.recall.toFixed(4).padStart(6)}  ${String(score.support).padStart(7)}`,
      ),
    );
  }
  return lines;
}
