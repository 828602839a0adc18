import { describe, expect, it } from 'vitest';
import { TrainingError } from '../classifier/index.js';
import { type EvaluationProgress, evaluateClassifier } from './evaluate-classifier.js';
import { EvaluationInputError } from './evaluation-input-error.js';
import type { LabelledRow } from './read-labelled-csv.js';

// A generator of our own rather than the classifier's test fixture, so these tests do not break when
// that module reshapes its test support.
const VOCABULARY: Record<string, string[]> = {
  billing: ['invoice', 'charged', 'refund', 'payment', 'receipt', 'overcharged'],
  login: ['password', 'login', 'locked', 'reset', 'username', 'credentials'],
  shipping: ['delivery', 'package', 'tracking', 'courier', 'parcel', 'delayed'],
};
const FILLER = ['hello', 'please', 'help', 'my', 'the', 'problem', 'with', 'today', 'urgent'];
const OUT_OF_SCOPE_WORDS = ['weather', 'football', 'recipe', 'holiday', 'music', 'garden'];

function tickets(perCategory: number, seed: number, outOfScope = 0): LabelledRow[] {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pick = (words: readonly string[]) => words[Math.floor(random() * words.length)]!;
  const sentence = (words: readonly string[]) =>
    Array.from({ length: 8 }, () => (random() < 0.4 ? pick(words) : pick(FILLER))).join(' ');
  const rows: LabelledRow[] = [];
  for (let i = 0; i < perCategory; i++) {
    for (const [category, words] of Object.entries(VOCABULARY)) {
      rows.push({ subject: `${pick(FILLER)} ${pick(words)}`, body: sentence(words), category });
    }
  }
  for (let i = 0; i < outOfScope; i++) rows.push({ body: sentence(OUT_OF_SCOPE_WORDS), category: 'other' });
  return rows;
}

describe('evaluateClassifier', () => {
  const train = tickets(30, 1);
  const test = tickets(20, 2);

  it('reports quality, calibration, coverage, speed and size on a synthetic set', () => {
    const progress: EvaluationProgress[] = [];
    const report = evaluateClassifier({ train, test, onProgress: (event) => progress.push(event) });

    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.9);
    expect(report.ece).toBeGreaterThanOrEqual(0);
    expect(report.ece).toBeLessThan(0.5);
    expect(report.coverageAtPrecision['0.95']).toBeGreaterThan(0);
    expect(report.coverageAtPrecision['0.99']).toBeLessThanOrEqual(report.coverageAtPrecision['0.95']);
    expect(report.trainSeconds).toBeGreaterThan(0);
    expect(report.predictP50Ms).toBeGreaterThan(0);
    expect(report.predictP99Ms).toBeGreaterThanOrEqual(report.predictP50Ms);
    expect(report.modelBytes).toBeGreaterThan(0);
    expect(report).toMatchObject({ trainRows: 90, testRows: 60 });
    expect(report.perCategory.map((score) => score.category)).toEqual(['billing', 'login', 'shipping']);
    expect(report.perCategory.reduce((sum, score) => sum + score.support, 0)).toBe(60);
    expect(report).not.toHaveProperty('outOfScope');

    expect(progress[0]).toEqual({ phase: 'training', done: 0, total: 60 });
    expect(progress.filter((event) => event.phase === 'predicting')).toHaveLength(60);
    expect(progress.at(-1)).toEqual({ phase: 'predicting', done: 60, total: 60 });
  });

  it('never trains out-of-scope rows, flags most of them and never auto-applies a flagged row', () => {
    const withOther = evaluateClassifier({
      train: tickets(30, 1, 15),
      test: tickets(20, 2, 60),
      outOfScopeLabel: 'other',
    });
    const plain = evaluateClassifier({ train, test });

    expect(withOther.trainRows).toBe(90);
    expect(withOther.testRows).toBe(120);
    // The in-scope figures are those of the same model on the same in-scope rows.
    expect(withOther.accuracy).toBe(plain.accuracy);
    expect(withOther.macroF1).toBe(plain.macroF1);
    expect(withOther.perCategory.map((score) => score.category)).not.toContain('other');
    // Texts made of words no category uses are far from every category centroid.
    expect(withOther.outOfScope!.recall).toBeGreaterThan(0.8);
    expect(withOther.outOfScope!.inScopeAccuracy).toBeLessThanOrEqual(plain.accuracy);
    expect(withOther.outOfScope!.inScopeAccuracy).toBeCloseTo(plain.accuracy - withOther.inScopeFlagRate, 1);
    // Half of the 120 rows are out of scope: even perfectly handled, at most the 60 in-scope ones apply.
    expect(withOther.coverageAtPrecision['0.95']).toBeLessThanOrEqual(0.5 + 1e-9);
  });

  it('calibrates on a validation set when given one, and lets its out-of-scope rows tune the cut-off', () => {
    const report = evaluateClassifier({
      train,
      validation: tickets(10, 3, 20),
      test: tickets(20, 2, 60),
      outOfScopeLabel: 'other',
    });
    expect(report.validationRows).toBe(50);
    expect(report.trainRows).toBe(90);
    expect(report.outOfScope!.recall).toBeGreaterThan(0.8);
    expect(report.outOfScope!.inScopeAccuracy).toBeGreaterThan(0.8);
  });

  it('leaves out the outOfScope block when the test set has no such rows', () => {
    const report = evaluateClassifier({ train: tickets(30, 1, 10), test, outOfScopeLabel: 'other' });
    expect(report).not.toHaveProperty('outOfScope');
    expect(report.trainRows).toBe(90);
  });

  it('passes on the classifier TrainingError for a training set with one category', () => {
    const oneCategory = train.filter((row) => row.category === 'billing');
    expect(() => evaluateClassifier({ train: oneCategory, test })).toThrow(TrainingError);
  });

  it('rejects a test set without in-scope rows', () => {
    expect(() => evaluateClassifier({ train, test: [] })).toThrow(EvaluationInputError);
    expect(() => evaluateClassifier({ train, test: tickets(0, 2, 5), outOfScopeLabel: 'other' })).toThrow(
      /no rows outside the out-of-scope label "other"/,
    );
  });
});
