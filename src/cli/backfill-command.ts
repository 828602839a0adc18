import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Config } from '../platform/config/config.js';
import { AppError } from '../platform/errors/app-error.js';
import { type BackfillProgress, openWorkspaceGateway } from './workspace-gateway.js';

interface BackfillFlags {
  months: string;
  follow?: boolean;
  workspace?: string;
}

const FINISHED = new Set(['done', 'failed', 'cancelled', 'paused']);
const POLL_MS = 1_000;

/**
 * Starts a backfill from a connection (by name or id). Through a running server the worker
 * reads it and --follow shows its progress; without one, this process reads the pages itself.
 */
export async function backfillCommand(config: Config, connectionRef: string, flags: BackfillFlags) {
  const months = Number(flags.months);
  if (!Number.isInteger(months) || months < 1 || months > 36)
    throw new AppError('validation_failed', '--months must be a whole number from 1 to 36.');
  const gateway = await openWorkspaceGateway(config, flags.workspace);
  try {
    const connections = await gateway.connections();
    const connection =
      connections.find((c) => c.id === connectionRef) ??
      connections.find((c) => c.name.toLowerCase() === connectionRef.toLowerCase());
    if (!connection) {
      const known = connections.map((c) => c.name).join(', ') || 'none';
      throw new AppError('not_found', `No connection "${connectionRef}" (connections: ${known}).`);
    }
    let run = await gateway.startBackfill(connection.id, { months });
    const out = process.stdout;
    out.write(
      `Backfill ${run.id} of the last ${months} month(s) from ${connection.name} (${gateway.mode})\n`,
    );
    if (!flags.follow && !gateway.workBackfills) {
      out.write('The worker reads it; follow it with --follow or on the connection page.\n');
      return;
    }
    const bar = new SingleBar({
      format:
        'backfill [{bar}] {value}/{of} tickets read | {imported} imported, {ai} AI provenance | {status}',
      stream: process.stderr,
      noTTYOutput: false,
    });
    const show = (r: BackfillProgress) => {
      // An unknown total (the helpdesk does not say) keeps the bar at what was read so far.
      const total = Math.max(r.total ?? r.counts.read, r.counts.read, 1);
      bar.setTotal(total);
      bar.update(r.counts.read, {
        of: r.total === null ? '?' : String(r.total),
        imported: r.counts.imported,
        ai: r.counts.aiProvenance,
        status: r.status,
      });
    };
    bar.start(1, 0, { of: '?', imported: 0, ai: 0, status: run.status });
    while (!FINISHED.has(run.status)) {
      if (gateway.workBackfills) await gateway.workBackfills();
      else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      run = await gateway.backfill(connection.id, run.id);
      show(run);
      // Waiting out a helpdesk's Retry-After or a back-off: nothing to read before then.
      if (gateway.workBackfills && run.lastError)
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    bar.stop();
    summarise(run);
    if (run.status === 'failed') process.exitCode = 1;
  } finally {
    await gateway.close();
  }
}

function summarise(run: BackfillProgress) {
  const c = run.counts;
  const out = process.stdout;
  out.write(`Backfill ${run.status} after ${run.pages} page(s)\n`);
  out.write(`  read:           ${c.read}${run.total === null ? '' : ` of ${run.total}`}\n`);
  out.write(`  imported:       ${c.imported} (${c.labelled} as labels, ${c.aiProvenance} AI provenance)\n`);
  out.write(`  already known:  ${c.unchanged}\n`);
  out.write(
    `  not imported:   ${c.uncategorised} uncategorised, ${c.unmapped} unmapped value, ${c.rejected} rejected\n`,
  );
  if (run.lastError) out.write(`  last error:     ${run.lastError}\n`);
  if (run.status === 'failed')
    out.write('  Resume it with POST …/backfills/<id>/resume or from the connection page.\n');
}

export function registerBackfillCommand(program: Command, config: () => Config) {
  program
    .command('backfill')
    .description(
      "Import a helpdesk connection's past tickets with their final categories (to train the first model)",
    )
    .argument('<connection>', 'the connection, by name or id')
    .requiredOption('--months <n>', 'how many months back (1–36)')
    .option('--follow', 'show progress until the backfill finishes (always, when no server runs)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((connection: string, flags: BackfillFlags) => backfillCommand(config(), connection, flags));
}
