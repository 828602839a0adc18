import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { EvaluationInputError } from './evaluation-input-error.js';

/** One labelled ticket; the same shape as the classifier's TrainingExample, minus the id. */
export interface LabelledRow {
  subject?: string;
  body?: string;
  category: string;
  /** Never read from the file: filled in by evaluateWithEmbeddings. */
  embedding?: Float32Array;
}

// Alternatives in order of preference. Header names are compared trimmed and case-insensitively
// because exports from help desks disagree on "Subject" versus "subject".
const SUBJECT_COLUMNS = ['subject', 'title'];
const BODY_COLUMNS = ['body', 'description'];

/**
 * Reads a labelled CSV file with a header row (RFC 4180: quoted fields may contain commas, quotes and
 * line breaks; a UTF-8 BOM is ignored). The text comes from a `text` column, or else from
 * `subject`/`title` and `body`/`description` (either or both); the label comes from `category`.
 * Throws an EvaluationInputError when the file cannot be read or parsed, when columns are missing, or
 * when a row has no category.
 */
export function readLabelledCsv(file: string): LabelledRow[] {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'it is a directory' : oneLine(error);
    throw new EvaluationInputError(`Cannot read ${file}: ${reason}`, { cause: error });
  }

  let records: string[][];
  try {
    records = parse(content, { bom: true, skip_empty_lines: true });
  } catch (error) {
    throw new EvaluationInputError(`Cannot parse ${file} as CSV: ${oneLine(error)}`, { cause: error });
  }
  const [header, ...data] = records;
  if (!header) throw new EvaluationInputError(`${file} is empty: expected a header row`);

  const names = header.map((name) => name.trim().toLowerCase());
  const find = (candidates: readonly string[]): number | undefined => {
    for (const candidate of candidates) {
      const index = names.indexOf(candidate);
      if (index >= 0) return index;
    }
    return undefined;
  };
  const categoryColumn = find(['category']);
  const textColumn = find(['text']);
  const subjectColumn = textColumn === undefined ? find(SUBJECT_COLUMNS) : undefined;
  const bodyColumn = textColumn === undefined ? find(BODY_COLUMNS) : undefined;

  const missing: string[] = [];
  if (categoryColumn === undefined) missing.push('"category"');
  if (textColumn === undefined && subjectColumn === undefined && bodyColumn === undefined) {
    missing.push('"text" (or "subject"/"title" and/or "body"/"description")');
  }
  if (missing.length > 0 || categoryColumn === undefined) {
    const found = header.length > 0 ? header.map((name) => `"${name}"`).join(', ') : 'none';
    throw new EvaluationInputError(`${file}: missing column(s) ${missing.join(', ')}; found ${found}`);
  }

  return data.map((record, index) => {
    const category = (record[categoryColumn] ?? '').trim();
    if (category === '') {
      // Record numbers, not line numbers: a quoted field may span several lines.
      throw new EvaluationInputError(`${file}: data record ${index + 1} has an empty category`);
    }
    const row: LabelledRow = { category };
    if (textColumn !== undefined) {
      row.body = record[textColumn] ?? '';
    } else {
      if (subjectColumn !== undefined) row.subject = record[subjectColumn] ?? '';
      if (bodyColumn !== undefined) row.body = record[bodyColumn] ?? '';
    }
    return row;
  });
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
