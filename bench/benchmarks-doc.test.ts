import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endMarker, replaceSection, startMarker, writeBenchmarkSection } from './benchmarks-doc.js';

describe('replaceSection', () => {
  it('starts an empty document with the header and the section', () => {
    const document = replaceSection('', 'classifier', '## Classifier\n\nfigures');
    expect(document.startsWith('# Benchmarks\n')).toBe(true);
    expect(document).toContain(
      `${startMarker('classifier')}\n\n## Classifier\n\nfigures\n\n${endMarker('classifier')}`,
    );
  });

  it('rewrites only its own section and keeps the others and the text around them', () => {
    let document = replaceSection('', 'classifier', 'classifier v1');
    document = replaceSection(document, 'learning-curve', 'curve v1');
    document = document.replace('# Benchmarks\n', '# Benchmarks\n\nA note written by hand.\n');
    const rewritten = replaceSection(document, 'classifier', 'classifier v2');
    expect(rewritten).toContain('classifier v2');
    expect(rewritten).not.toContain('classifier v1');
    expect(rewritten).toContain('curve v1');
    expect(rewritten).toContain('A note written by hand.');
    expect(rewritten.indexOf('classifier v2')).toBeLessThan(rewritten.indexOf('curve v1'));
    // Rewriting with the same body is a no-op, so reruns give stable diffs.
    expect(replaceSection(rewritten, 'learning-curve', 'curve v1')).toBe(rewritten);
  });

  it('refuses a section whose markers were damaged rather than guess its end', () => {
    const document = replaceSection(replaceSection('', 'a', 'one'), 'b', 'two');
    const broken = document.replace(endMarker('a'), '');
    expect(() => replaceSection(broken, 'a', 'new')).toThrow(/markers of section "a"/);
    const repeated = `${document}\n${startMarker('b')}\n`;
    expect(() => replaceSection(repeated, 'b', 'new')).toThrow(/markers of section "b"/);
  });

  it('refuses names that would not make a clean marker', () => {
    expect(() => replaceSection('', 'Bad name', 'x')).toThrow(RangeError);
  });
});

describe('writeBenchmarkSection', () => {
  it('creates the file and then rewrites one section in place', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-doc-')), 'benchmarks.md');
    writeBenchmarkSection('classifier', 'first', file);
    writeBenchmarkSection('learning-curve', 'curve', file);
    writeBenchmarkSection('classifier', 'second', file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('second');
    expect(text).not.toContain('first');
    expect(text).toContain('curve');
    writeFileSync(file, `${text}\nafter\n`);
    writeBenchmarkSection('learning-curve', 'curve 2', file);
    expect(readFileSync(file, 'utf8')).toMatch(/curve 2[\s\S]*after\n$/);
  });
});
