import { formatRatio, METRIC_ROWS, PAPER, percent, type SettingResult } from './scores.js';

/** A plain-text table per setting for stdout: Triage, fastText and Triage/fastText per metric. */
export function formatConsoleTables(results: readonly SettingResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(
      `Banking77 ${result.setting} (${result.trainRows.toLocaleString('en')} train rows, ` +
        `${result.testRows.toLocaleString('en')} test rows)`,
    );
    const header = ['metric', 'Triage', 'fastText', 'Triage/fastText'];
    const rows = METRIC_ROWS.map((metric) => {
      const triage = result.triage[metric.key];
      const fastText = result.fastText?.[metric.key];
      return [
        metric.title,
        metric.format(triage),
        fastText === undefined ? 'n/a' : metric.format(fastText),
        metric.ratio ? formatRatio(triage, fastText) : '—',
      ];
    });
    lines.push(...alignColumns([header, ...rows]));
    if (result.fastTextNote) lines.push(`fastText: ${result.fastTextNote}`);
    lines.push(`published: ${result.published.system} ${percent(result.published.accuracy)} (${PAPER})`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Left-aligns the first column and right-aligns the numbers, two spaces apart. */
function alignColumns(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!)))
      .join('  ')
      .trimEnd(),
  );
}
