import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type LabelledRow, readLabelledCsv } from '../../src/modules/evaluation/index.js';

/** The shared data sets sit beside the project checkout, not inside it, so they are never committed. */
export const BANKING77_DIR = fileURLToPath(new URL('../../../shared/data/banking77/', import.meta.url));

export interface Banking77 {
  train: LabelledRow[];
  test: LabelledRow[];
}

/** Reads Banking77's train and test CSVs, or returns undefined when either file is absent. */
export function loadBanking77(dir: string = BANKING77_DIR): Banking77 | undefined {
  const trainFile = `${dir}train.csv`;
  const testFile = `${dir}test.csv`;
  if (!existsSync(trainFile) || !existsSync(testFile)) return undefined;
  return { train: readLabelledCsv(trainFile), test: readLabelledCsv(testFile) };
}

/**
 * The first `perCategory` rows of each category in file order. Deterministic on purpose: a random
 * sample would make the 10-shot figure move between runs for reasons that have nothing to do with
 * the classifier, and file order is the one choice nobody can be accused of tuning.
 */
export function firstPerCategory(rows: readonly LabelledRow[], perCategory: number): LabelledRow[] {
  const taken = new Map<string, number>();
  return rows.filter((row) => {
    const count = taken.get(row.category) ?? 0;
    if (count >= perCategory) return false;
    taken.set(row.category, count + 1);
    return true;
  });
}

/** Each row's position among the rows of its category, in file order: 0, 1, 2, ... per category. */
export function rankWithinCategory<T>(rows: readonly T[], categoryOf: (row: T) => string): number[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const rank = seen.get(categoryOf(row)) ?? 0;
    seen.set(categoryOf(row), rank + 1);
    return rank;
  });
}

/** One row as fastText sees it: a single lowercase line, and the category as a label token. */
export interface FastTextRow {
  text: string;
  label: string;
}

// The fastText tutorial's own preprocessing puts spaces around punctuation so that "card?" and
// "card" share a token; doing the same keeps the baseline as strong as its authors intend.
const PUNCTUATION = /([.!?,'"/()[\]:;])/g;

/** Lowercase, one line, punctuation split off: the text half of a fastText training line. */
export function fastTextText(row: LabelledRow): string {
  const joined = [row.subject, row.body].filter((part) => part !== undefined && part !== '').join(' ');
  return joined.toLowerCase().replace(PUNCTUATION, ' $1 ').replace(/\s+/g, ' ').trim();
}

/** `__label__<category>`; whitespace would split the label into words, so it becomes underscores. */
export function fastTextLabel(category: string): string {
  return `__label__${category.trim().replace(/\s+/g, '_')}`;
}

export function toFastTextRows(rows: readonly LabelledRow[]): FastTextRow[] {
  return rows.map((row) => ({ text: fastTextText(row), label: fastTextLabel(row.category) }));
}
