import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { TrainingError } from '../modules/classifier/index.js';
import { EmbeddingError } from '../modules/embeddings/index.js';
import {
  type EmbeddedEvaluation,
  EvaluationInputError,
  type EvaluationProgress,
  evaluateClassifier,
  formatEmbeddingCost,
  formatEvaluationReport,
  readLabelledCsv,
  summarise,
} from '../modules/evaluation/index.js';
import type { Config } from '../platform/config/config.js';
import { embedderForEval, type EmbeddingsFlags } from './eval-embeddings.js';

interface EvalOptions extends EmbeddingsFlags {
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
export function registerEvalCommand(program: Command, config: () => Config): void {
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
    .option(
      '--embeddings-url <url>',
      'embed every row through this OpenAI-compatible endpoint and train with an embedding view ' +
        '(key and limits from TRIAGE_EMBEDDINGS_*; one request per test row)',
    )
    .option('--embeddings-model <model>', 'embedding model (default: TRIAGE_EMBEDDINGS_MODEL)')
    .action(async (options: EvalOptions) => {
      await runEval(options, config);
    });
}

async function runEval(options: EvalOptions, config: () => Config): Promise<void> {
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

    const evaluation = { train, test, validation, outOfScopeLabel: options.outOfScopeLabel, onProgress };
    const embedded: EmbeddedEvaluation | undefined =
      options.embeddingsUrl === undefined
        ? undefined
        : await embedderForEval(options, config(), interactive).evaluate(evaluation);
    const report = embedded?.report ?? evaluateClassifier(evaluation);
    bar?.stop();
    bar = undefined;

    if (options.json) {
      const summary = { ...summarise(report), ...(embedded ? { embedding: embedded.embedding } : {}) };
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      const lines = formatEvaluationReport(report, 5);
      if (embedded) lines.push('', ...formatEmbeddingCost(embedded.embedding));
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  } catch (error) {
    if (error instanceof EmbeddingError) {
      process.stderr.write(`triage eval: embedding failed (${error.code}): ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
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
