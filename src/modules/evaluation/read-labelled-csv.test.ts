import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvaluationInputError } from './evaluation-input-error.js';
import { readLabelledCsv } from './read-labelled-csv.js';

const dir = mkdtempSync(path.join(tmpdir(), 'triage-eval-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function csvFile(content: string): string {
  const file = path.join(dir, `data-${fileCount++}.csv`);
  writeFileSync(file, content);
  return file;
}

describe('readLabelledCsv', () => {
  it('reads a text column, with quoted fields spanning lines, commas and quotes', () => {
    const file = csvFile(
      'text,category\r\n"Card not\r\narrived, still ""waiting""",card_arrival\r\nplain row,refund\r\n',
    );
    expect(readLabelledCsv(file)).toEqual([
      { body: 'Card not\r\narrived, still "waiting"', category: 'card_arrival' },
      { body: 'plain row', category: 'refund' },
    ]);
  });

  it('ignores a UTF-8 BOM and matches header names case-insensitively', () => {
    const file = csvFile('\uFEFFText, Category\nhello,greeting\n');
    expect(readLabelledCsv(file)).toEqual([{ body: 'hello', category: 'greeting' }]);
  });

  it('combines subject and body columns, or their title/description spellings', () => {
    const bySubject = csvFile('id,subject,body,category\n1,Login,"Cannot log in\nat all",access\n');
    expect(readLabelledCsv(bySubject)).toEqual([
      { subject: 'Login', body: 'Cannot log in\nat all', category: 'access' },
    ]);
    const byTitle = csvFile('title,description,category\nRefund,Money back please,billing\n');
    expect(readLabelledCsv(byTitle)).toEqual([
      { subject: 'Refund', body: 'Money back please', category: 'billing' },
    ]);
    const subjectOnly = csvFile('subject,category\nLogin fails,access\n');
    expect(readLabelledCsv(subjectOnly)).toEqual([{ subject: 'Login fails', category: 'access' }]);
  });

  it('names the missing columns', () => {
    const noCategory = csvFile('text,label\nhello,greeting\n');
    expect(() => readLabelledCsv(noCategory)).toThrow(EvaluationInputError);
    expect(() => readLabelledCsv(noCategory)).toThrow(
      /missing column\(s\) "category"; found "text", "label"/,
    );
    const noText = csvFile('message,category\nhello,greeting\n');
    expect(() => readLabelledCsv(noText)).toThrow(/missing column\(s\) "text" \(or "subject"\/"title"/);
    const neither = csvFile('a,b\n1,2\n');
    expect(() => readLabelledCsv(neither)).toThrow(/missing column\(s\) "category", "text"/);
  });

  it('rejects an unreadable, empty or malformed file and a row without category', () => {
    expect(() => readLabelledCsv(path.join(dir, 'absent.csv'))).toThrow(
      /Cannot read .*absent\.csv: file not found/,
    );
    expect(() => readLabelledCsv(dir)).toThrow(/Cannot read .*: it is a directory/);
    expect(() => readLabelledCsv(csvFile(''))).toThrow(/is empty: expected a header row/);
    expect(() => readLabelledCsv(csvFile('text,category\n"unclosed,x\n'))).toThrow(/Cannot parse .* as CSV/);
    expect(() => readLabelledCsv(csvFile('text,category\na,x\nb, \n'))).toThrow(
      /data record 2 has an empty category/,
    );
  });

  it('returns no rows for a header-only file', () => {
    expect(readLabelledCsv(csvFile('text,category\n'))).toEqual([]);
  });
});
