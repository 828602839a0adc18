import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../platform/errors/app-error.js';

export type HistoryFileFormat = 'csv' | 'jsonl';

export interface HistoryFileRecords {
  format: HistoryFileFormat;
  records: Record<string, unknown>[];
  /** The 1-based row (CSV, header excluded) or line (JSON Lines) number of each record. */
  rowNumbers: number[];
  /** Lines of a JSON Lines file that were not JSON objects (row number, reason). */
  unreadable: { row: number; reason: string }[];
}

const textColumns = ['text', 'subject', 'title', 'body', 'description'];
const labelColumns = ['category', 'label'];

export function detectFormat(file: string): HistoryFileFormat {
  return /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv';
}

/** Reads a labelled history from CSV (with a header) or JSON Lines; fails on an unusable file. */
export function readHistoryFile(
  file: string,
  format: HistoryFileFormat = detectFormat(file),
): HistoryFileRecords {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('invalid_file', `Cannot read ${file}: ${(error as Error).message}`);
  }
  return format === 'jsonl' ? parseJsonLines(content) : parseCsv(content, file);
}

export function parseCsv(content: string, name = 'the file'): HistoryFileRecords {
  let records: Record<string, unknown>[];
  try {
    records = parse(content, {
      columns: true,
      skip_empty_lines: true,
      bom: true,
      relax_column_count: false,
      trim: false,
    });
  } catch (error) {
    throw new AppError('invalid_file', `${name} is not valid CSV: ${(error as Error).message}`);
  }
  const header = Object.keys(records[0] ?? {});
  if (records.length === 0) throw new AppError('invalid_file', `${name} has no data rows.`);
  if (!header.some((h) => textColumns.includes(h)) || !header.some((h) => labelColumns.includes(h))) {
    throw new AppError(
      'invalid_file',
      `${name} needs a text column (text, or subject/title and body/description) and a category column; it has: ${header.join(', ')}.`,
    );
  }
  return { format: 'csv', records, rowNumbers: records.map((_, i) => i + 1), unreadable: [] };
}

export function parseJsonLines(content: string): HistoryFileRecords {
  const records: Record<string, unknown>[] = [];
  const rowNumbers: number[] = [];
  const unreadable: { row: number; reason: string }[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        records.push(value as Record<string, unknown>);
        rowNumbers.push(i + 1);
      } else unreadable.push({ row: i + 1, reason: 'not a JSON object' });
    } catch {
      unreadable.push({ row: i + 1, reason: 'not valid JSON' });
    }
  });
  if (records.length === 0) throw new AppError('invalid_file', 'The file has no JSON object lines.');
  return { format: 'jsonl', records, rowNumbers, unreadable };
}
