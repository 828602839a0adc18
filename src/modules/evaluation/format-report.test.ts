import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from './evaluate-classifier.js';
import { formatEvaluationReport, summarise, worstCategories } from './format-report.js';

const score = (category: string, f1: number, support: number) => ({
  category,
  precision: f1,
  recall: f1,
  f1,
  support,
});

const report: EvaluationReport = {
  accuracy: 0.9,
  macroF1: 0.85,
  ece: 0.02,
  coverageAtPrecision: { '0.95': 0.7, '0.99': 0.4 },
  trainSeconds: 1.5,
  predictP50Ms: 0.05,
  predictP99Ms: 0.2,
  modelBytes: 2 * 1024 * 1024,
  modelLoadMs: 12,
  trainRows: 100,
  validationRows: 0,
  inScopeFlagRate: 0.05,
  testRows: 40,
  perCategory: [score('a', 0.9, 10), score('b', 0.5, 5), score('c', 0.5, 8), score('d', 1, 3)],
};

describe('summarise', () => {
  it('keeps exactly the summary keys and adds outOfScope only when present', () => {
    expect(Object.keys(summarise(report))).toEqual([
      'accuracy',
      'macroF1',
      'ece',
      'coverageAtPrecision',
      'trainSeconds',
      'predictP50Ms',
      'predictP99Ms',
      'modelBytes',
    ]);
    const withOutOfScope = summarise({ ...report, outOfScope: { recall: 0, inScopeAccuracy: 0.9 } });
    expect(withOutOfScope.outOfScope).toEqual({ recall: 0, inScopeAccuracy: 0.9 });
  });
});

describe('worstCategories', () => {
  it('orders by F1, then larger support first', () => {
    expect(worstCategories(report.perCategory, 3).map((s) => s.category)).toEqual(['c', 'b', 'a']);
  });
});

describe('formatEvaluationReport', () => {
  it('prints the figures and the worst categories', () => {
    const text = formatEvaluationReport(report, 2).join('\n');
    expect(text).toMatch(/Accuracy\s+90\.00 %/);
    expect(text).toMatch(/Coverage @ precision 0\.95\s+70\.00 %/);
    expect(text).toMatch(/Model size\s+2\.00 MiB \(2,097,152 bytes\)/);
    expect(text).toContain('Worst 2 categories by F1');
    expect(text).not.toContain('Out-of-scope');
    expect(
      formatEvaluationReport({ ...report, outOfScope: { recall: 0, inScopeAccuracy: 0.9 } }).join('\n'),
    ).toMatch(/Out-of-scope recall\s+0\.00 %/);
  });
});
