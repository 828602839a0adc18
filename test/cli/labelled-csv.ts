import { writeFileSync } from 'node:fs';
import path from 'node:path';

// Small labelled CSV files for the CLI tests of `triage eval` and `triage backtest`.

const WORDS: Record<string, string[]> = {
  billing: ['invoice', 'charged', 'refund', 'payment', 'receipt'],
  login: ['password', 'login', 'locked', 'reset', 'username'],
  shipping: ['delivery', 'package', 'tracking', 'courier', 'parcel'],
  oos: ['weather', 'football', 'recipe', 'holiday', 'garden'],
};

/** CSV with title/description columns; descriptions span two lines to exercise quoted fields. */
export function writeLabelledCsv(
  dir: string,
  name: string,
  perCategory: number,
  seed: number,
  categories: string[],
): string {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pick = (words: string[]) => words[Math.floor(random() * words.length)]!;
  const lines = ['title,description,category'];
  for (let i = 0; i < perCategory; i++) {
    for (const category of categories) {
      const words = WORDS[category]!;
      lines.push(
        `${pick(words)} help,"my ${pick(words)} and ${pick(words)}\nplease ${pick(words)}",${category}`,
      );
    }
  }
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
