// Learning curve on Banking77: online updates (learnOne) against full retraining, batch by batch.
// Prints progress to stderr and a table to stdout, and regenerates the "Learning curve" section of
// docs/benchmarks.md. Run with `npm run bench:learning-curve`.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { BENCHMARKS_FILE, writeBenchmarkSection } from '../benchmarks-doc.js';
import { BANKING77_DIR, loadBanking77 } from '../classifier/banking77-data.js';
import { runLearningCurve, seededShuffle } from './learning-curve.js';
import { renderLearningCurveMarkdown } from './learning-curve-markdown.js';

const BATCH_SIZE = 500;
const SEED = 77;

const started = performance.now();
function phase(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds}s] ${message}\n`);
}

function main(): void {
  const data = loadBanking77();
  if (!data) {
    console.log(
      `bench:learning-curve skipped: Banking77 not found at ${BANKING77_DIR} ` +
        '(expected train.csv and test.csv; the shared data sets sit beside the project checkout).',
    );
    return;
  }
  // Other work on the machine slows the timings (never the accuracies); the load says how much.
  const loadAtStart = os.loadavg()[0]!.toFixed(1);
  const train = seededShuffle(data.train, SEED);
  phase(
    `Banking77: ${train.length} training rows in batches of ${BATCH_SIZE}, ${data.test.length} test rows`,
  );
  const points = runLearningCurve(train, data.test, {
    batchSize: BATCH_SIZE,
    onProgress: (progress) => {
      if (progress.step === 'scored') {
        const { point } = progress;
        phase(
          `batch ${point.batch}/${progress.batches} (${point.labels} labels): online ` +
            `${(point.online.accuracy * 100).toFixed(2)}%, retrained ${(point.retrained.accuracy * 100).toFixed(2)}% ` +
            `(${point.onlineMsPerCorrection.toFixed(3)} ms per correction, retrain ${point.retrainSeconds.toFixed(2)} s)`,
        );
      } else {
        phase(`batch ${progress.batch}/${progress.batches}: ${progress.step} (${progress.labels} labels)`);
      }
    },
  });

  console.log('batch  labels  online   retrained  ms/correction  retrain s');
  for (const p of points) {
    console.log(
      `${String(p.batch).padStart(5)}  ${String(p.labels).padStart(6)}  ${(p.online.accuracy * 100).toFixed(2).padStart(6)}%  ` +
        `${(p.retrained.accuracy * 100).toFixed(2).padStart(8)}%  ${p.onlineMsPerCorrection.toFixed(3).padStart(13)}  ` +
        `${p.retrainSeconds.toFixed(2).padStart(9)}`,
    );
  }

  const cpus = os.cpus();
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
  const markdown = renderLearningCurveMarkdown(points, {
    date: new Date().toISOString(),
    machine:
      `${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length} (${memory}), Node ${process.version}, ` +
      `${os.type()} ${os.release()} ${os.arch()}, load average ${loadAtStart} at the start`,
    seed: SEED,
    batchSize: BATCH_SIZE,
    trainRows: train.length,
    testRows: data.test.length,
    command: 'npm run bench:learning-curve',
  });
  writeBenchmarkSection('learning-curve', markdown);
  phase(`wrote the learning-curve section of ${BENCHMARKS_FILE}`);
}

main();
