import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { TrainingError } from '../modules/classifier/index.js';
import {
  EvaluationInputError,
  type EvaluationProgress,
  evaluateClassifier,
  formatEvaluationReport,
  readLabelledCsv,
  summarise,
} from '../modules/evaluation/index.js';

interface EvalOptions {
  train: string;
  test: string;
  val?: string;
  outOfScopeLabel?: string;
  json?: boolean;
}

/** Exit code for bad input, distinct from 1 (commander's usage errors and crashes). */
const BAD_INPUT_EXIT_CODE = 2;

/**
 * `triage eval`: trains the classifier on a labelled CSV, evaluates it on another and prints the figures.
 * Works on files only, so it needs neither the database nor the server.
 */
export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('Train the classifier on a labelled CSV file and evaluate it on another')
    .requiredOption('--train <file>', 'training CSV (columns: text or subject/body, and category)')
    .requiredOption('--test <file>', 'test CSV, same columns as --train')
    .option(
      '--val <file>',
      'validation CSV for calibration, thresholds and the out-of-scope cut-off (default: 3-fold cross-fitting on --train)',
    )
    .option('--out-of-scope-label <label>', 'category marking out-of-scope rows; such rows are never trained')
    .option('--json', 'print the figures as one JSON object on the last line of stdout')
    .action((options: EvalOptions) => {
      runEval(options);
    });
}

function runEval(options: EvalOptions): void {
  const interactive = process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  try {
    const train = readLabelledCsv(options.train);
    const test = readLabelledCsv(options.test);
    const validation = options.val === undefined ? undefined : readLabelledCsv(options.val);

    const onProgress = (progress: EvaluationProgress): void => {
      if (!interactive) return;
      if (progress.phase === 'training') {
        process.stderr.write(`Training on ${train.length} rows...\n`);
        return;
      }
      if (!bar) {
        // cli-progress writes to stdout unless told otherwise; stdout is kept for the results.
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: 'Predicting [{bar}] {value}/{total} {percentage}% ETA {eta}s' },
          cliProgress.Presets.shades_classic,
        );
        bar.start(progress.total, 0);
      }
      bar.update(progress.done);
    };

    const report = evaluateClassifier({
      train,
      test,
      validation,
      outOfScopeLabel: options.outOfScopeLabel,
      onProgress,
    });
    bar?.stop();
    bar = undefined;

    if (options.json) {
      process.stdout.write(`${JSON.stringify(summarise(report))}\n`);
    } else {
      process.stdout.write(`${formatEvaluationReport(report, 5).join('\n')}\n`);
    }
  } catch (error) {
    if (error instanceof EvaluationInputError || error instanceof TrainingError) {
      process.stderr.write(`triage eval: ${error.message.replace(/\s+/g, ' ').trim()}\n`);
      // exitCode rather than process.exit(): lets pending output flush and keeps the command testable.
      process.exitCode = BAD_INPUT_EXIT_CODE;
      return;
    }
    throw error;
  } finally {
    bar?.stop();
  }
}
