// `npm run bench [name...]` — runs the named benchmarks (default: all) and prints figures.
import { benchClassifier } from './classifier-bench.js';
import { benchDemoWeeks } from './demo-weeks-bench.js';
import { benchIntake } from './intake-bench.js';

const benchmarks: Record<string, () => Promise<void>> = {
  classifier: benchClassifier,
  intake: benchIntake,
  'demo-weeks': benchDemoWeeks,
};
const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(benchmarks)) {
  const bench = benchmarks[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; choose from: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== ${name}`);
  await bench();
}
