// Banking77 benchmark: Triage's evaluation harness beside a fastText baseline trained in the same run,
// on the full training set and on 10 examples per intent. Prints a table and regenerates its section
// of docs/benchmarks.md. Run with `npm run bench:classifier`.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  type EvaluationProgress,
  evaluateClassifier,
  type LabelledRow,
} from '../../src/modules/evaluation/index.js';
import { BENCHMARKS_FILE, writeBenchmarkSection } from '../benchmarks-doc.js';
import {
  BANKING77_DIR,
  fastTextLabel,
  fastTextText,
  firstPerCategory,
  loadBanking77,
  toFastTextRows,
} from './banking77-data.js';
import { renderBenchmarksMarkdown } from './benchmarks-markdown.js';
import { type FastTextProgress, runFastText } from './fasttext-runner.js';
import { policyBenchConsole, policyBenchMarkdown, runPolicyBench } from './policy-bench.js';
import { formatConsoleTables } from './results-table.js';
import {
  fastTextScores,
  type PublishedResult,
  type SettingResult,
  type SystemScores,
  triageScores,
} from './scores.js';

const FASTTEXT_PACKAGE_JSON = new URL('../../node_modules/fasttext.wasm.js/package.json', import.meta.url);
const SHOTS = 10;

interface Setting {
  name: string;
  train: LabelledRow[];
  published: PublishedResult;
}

const started = performance.now();

/** Progress goes to stderr with elapsed time, so stdout holds nothing but the results. */
function phase(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds}s] ${message}\n`);
}

/** Logs each tenth of the way, which is enough to show the run is alive without flooding a log. */
function tenths(label: string): (fraction: number) => void {
  let next = 0.1;
  return (fraction) => {
    if (fraction + 1e-9 < next) return;
    phase(`${label} ${Math.round(fraction * 100)}%`);
    next = Math.floor(fraction * 10 + 1) / 10;
  };
}

function runTriage(setting: Setting, test: readonly LabelledRow[]): SystemScores {
  phase(`Triage ${setting.name}: training on ${setting.train.length} rows`);
  const predicting = tenths(`Triage ${setting.name}: predicting`);
  const report = evaluateClassifier({
    train: setting.train,
    test,
    onProgress: (progress: EvaluationProgress) => {
      if (progress.phase === 'predicting') predicting(progress.done / progress.total);
    },
  });
  phase(`Triage ${setting.name}: accuracy ${report.accuracy.toFixed(4)}`);
  return triageScores(report);
}

/** fastText scores, or a note saying why there are none; a failure never loses Triage's results. */
async function runBaseline(
  setting: Setting,
  test: readonly LabelledRow[],
): Promise<{ scores?: SystemScores; note?: string }> {
  phase(`fastText ${setting.name}: training on ${setting.train.length} rows (worker thread)`);
  const training = tenths(`fastText ${setting.name}: training`);
  const predicting = tenths(`fastText ${setting.name}: predicting`);
  const onProgress = (progress: FastTextProgress) =>
    (progress.phase === 'training' ? training : predicting)(progress.fraction);
  try {
    const outcome = await runFastText(toFastTextRows(setting.train), test.map(fastTextText), onProgress);
    if (outcome.status === 'unavailable') {
      phase(`fastText ${setting.name}: skipped, ${outcome.reason}`);
      return { note: `not run: ${outcome.reason} (add it as a devDependency)` };
    }
    const scores = fastTextScores(
      outcome.result,
      test.map((row) => fastTextLabel(row.category)),
    );
    phase(`fastText ${setting.name}: accuracy ${scores.accuracy.toFixed(4)}`);
    return { scores };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    phase(`fastText ${setting.name}: failed: ${message}`);
    process.exitCode = 1;
    return { note: `failed: ${message}` };
  }
}

function installedFastTextVersion(): string | undefined {
  try {
    const manifest: unknown = JSON.parse(readFileSync(FASTTEXT_PACKAGE_JSON, 'utf8'));
    if (typeof manifest === 'object' && manifest !== null && 'version' in manifest) {
      return String(manifest.version);
    }
  } catch {
    // Not installed: the documentation says so instead of naming a version.
  }
  return undefined;
}

async function main(): Promise<void> {
  const data = loadBanking77();
  if (!data) {
    console.log(
      `bench:classifier skipped: Banking77 not found at ${BANKING77_DIR} ` +
        '(expected train.csv and test.csv; the shared data sets sit beside the project checkout).',
    );
    return;
  }
  phase(`Banking77: ${data.train.length} training rows, ${data.test.length} test rows`);

  const settings: Setting[] = [
    { name: 'full', train: data.train, published: { system: 'fine-tuned BERT', accuracy: 0.9366 } },
    {
      name: `${SHOTS}-shot`,
      train: firstPerCategory(data.train, SHOTS),
      published: { system: 'USE+ConveRT', accuracy: 0.8519 },
    },
  ];

  const results: SettingResult[] = [];
  for (const setting of settings) {
    // Sequential on purpose: on a small machine, overlapping runs would slow each other's timings.
    const triage = runTriage(setting, data.test);
    const baseline = await runBaseline(setting, data.test);
    const result: SettingResult = {
      setting: setting.name,
      trainRows: setting.train.length,
      testRows: data.test.length,
      triage,
      published: setting.published,
    };
    if (baseline.scores) result.fastText = baseline.scores;
    if (baseline.note) result.fastTextNote = baseline.note;
    results.push(result);
  }

  console.log(formatConsoleTables(results));

  phase('Decision policy: backtest at 0.99 and out-of-scope with 10 intents held out');
  const policy = runPolicyBench(data.train, data.test);
  console.log(policyBenchConsole(policy));

  const cpus = os.cpus();
  const markdown = renderBenchmarksMarkdown(
    results,
    {
      date: new Date().toISOString(),
      cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
      cpuCount: cpus.length,
      nodeVersion: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      totalMemoryBytes: os.totalmem(),
      fastTextVersion: installedFastTextVersion(),
      command: 'npm run bench:classifier',
    },
    [policyBenchMarkdown(policy)],
  );
  writeBenchmarkSection('classifier', markdown);
  phase(`wrote the classifier section of ${BENCHMARKS_FILE}`);
}

await main();
