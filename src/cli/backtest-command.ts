import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { TrainingError } from '../modules/classifier/index.js';
import {
  type BacktestReport,
  backtestDecisions,
  DEFAULT_DECISION_POLICY,
  DEFAULT_MINUTES_PER_TICKET,
} from '../modules/decisions/index.js';
import { EvaluationInputError, readLabelledCsv } from '../modules/evaluation/index.js';

interface BacktestCliOptions {
  train: string;
  test: string;
  targetPrecision: string;
  minutesPerTicket: string;
  json?: boolean;
}

const BAD_INPUT_EXIT_CODE = 2;

/**
 * `triage backtest`: what the decision policy would have done on labelled tickets, writing nothing.
 * In this CSV mode every category is `auto` and thresholds come from the target precision.
 */
export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('Replay labelled tickets through training, prediction and the decision policy (a dry run)')
    .requiredOption('--train <file>', 'training CSV (columns: text or subject/body, and category)')
    .requiredOption('--test <file>', 'tickets to replay, same columns')
    .option('--target-precision <p>', 'precision auto-applied decisions must reach', '0.99')
    .option(
      '--minutes-per-ticket <m>',
      'minutes a person spends categorising one ticket',
      String(DEFAULT_MINUTES_PER_TICKET),
    )
    .option('--json', 'print the figures as one JSON object on the last line of stdout')
    .action((options: BacktestCliOptions) => {
      runBacktest(options);
    });
}

function runBacktest(options: BacktestCliOptions): void {
  const targetPrecision = Number(options.targetPrecision);
  const minutesPerTicket = Number(options.minutesPerTicket);
  if (!(targetPrecision >= 0.5 && targetPrecision <= 1)) {
    fail(`--target-precision must be a number from 0.5 to 1, got "${options.targetPrecision}".`);
    return;
  }
  if (!(minutesPerTicket >= 0 && Number.isFinite(minutesPerTicket))) {
    fail(`--minutes-per-ticket must be a non-negative number, got "${options.minutesPerTicket}".`);
    return;
  }
  let bar: cliProgress.SingleBar | undefined;
  try {
    const train = readLabelledCsv(options.train);
    const test = readLabelledCsv(options.test);
    if (process.stderr.isTTY) process.stderr.write(`Training on ${train.length} rows...\n`);
    const report = backtestDecisions({
      train,
      test,
      policy: { ...DEFAULT_DECISION_POLICY, targetPrecision },
      minutesPerTicket,
      onProgress: (done, total) => {
        if (!process.stderr.isTTY) return;
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { stream: process.stderr, format: 'Replaying [{bar}] {value}/{total} {percentage}%' },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0);
        }
        bar.update(done);
      },
    });
    bar?.stop();
    bar = undefined;
    process.stdout.write(options.json ? `${JSON.stringify(summary(report))}\n` : `${formatReport(report)}\n`);
  } catch (error) {
    if (!(error instanceof EvaluationInputError || error instanceof TrainingError)) throw error;
    fail(error.message);
  } finally {
    bar?.stop();
  }
}

function fail(message: string): void {
  process.stderr.write(`triage backtest: ${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exitCode = BAD_INPUT_EXIT_CODE;
}

function summary(r: BacktestReport) {
  return {
    autoShare: r.autoShare,
    autoPrecision: r.autoPrecision,
    suggestShare: r.suggestShare,
    suggestTop3Hit: r.suggestTop3Hit,
    reviewShare: r.reviewShare,
    touchesPer100: r.touchesPer100,
    minutesSavedPer100: r.minutesSavedPer100,
  };
}

function formatReport(r: BacktestReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const reasons = Object.entries(r.reviewReasons)
    .map(([reason, count]) => `${reason.replace(/_/g, ' ')} ${count}`)
    .join(', ');
  const rows: [string, string][] = [
    ['Tickets replayed', String(r.tickets)],
    ['Target precision', String(r.targetPrecision)],
    ['Applied automatically', `${pct(r.autoShare)} (precision ${pct(r.autoPrecision)})`],
    ['Suggested', `${pct(r.suggestShare)} (right one in top 3: ${pct(r.suggestTop3Hit)})`],
    ['Sent to review', `${pct(r.reviewShare)}${reasons ? ` (${reasons})` : ''}`],
    ['Human touches per 100 tickets', r.touchesPer100.toFixed(1)],
    [
      'Minutes saved per 100 tickets',
      `${r.minutesSavedPer100.toFixed(1)} (at ${r.minutesPerTicket} min per ticket)`,
    ],
    ['Train time', `${r.trainSeconds.toFixed(2)} s`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return ['Backtest (dry run, nothing written)', ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join(
    '\n',
  );
}
