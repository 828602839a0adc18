import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Config } from '../platform/config/config.js';
import { withGateway } from './workspace-commands.js';
import type { WorkspaceGateway } from './workspace-gateway.js';

type Model = Awaited<ReturnType<WorkspaceGateway['models']>>[number];

const pct = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : 'n/a');
const day = (d: Date | string) => new Date(d).toISOString().slice(0, 16).replace('T', ' ');

function metricsLine(m: Model) {
  const metrics = m.metrics as {
    accuracy?: number;
    ece?: number;
    coverageAtTarget?: number;
    targetPrecision?: number;
  };
  const data = (m.trainingSummary as { data?: { labels?: number; categories?: number } }).data;
  const labels = data?.labels ?? (m.trainingSummary as { exampleCount?: number }).exampleCount;
  return (
    `${labels ?? '?'} labels, ${data?.categories ?? (m.trainingSummary as { categoryCount?: number }).categoryCount ?? '?'} categories; ` +
    `accuracy ${pct(metrics.accuracy)}, ECE ${pct(metrics.ece)}, coverage at ${pct(metrics.targetPrecision)} precision ${pct(metrics.coverageAtTarget)}`
  );
}

/** `triage train` (with a progress bar) and `triage models list|show|promote|rollback`. */
export function registerModelCommands(program: Command, config: () => Config) {
  program
    .command('train')
    .description(
      "Train a candidate on every ticket's latest label: the first model becomes champion, a later one the challenger",
    )
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((flags: { workspace?: string }) =>
      withGateway(config(), flags.workspace, async (g) => {
        process.stderr.write(`training via ${g.mode}…\n`);
        const bar = new SingleBar({
          format: 'training [{bar}] {percentage}% | {step}',
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 200,
        });
        bar.start(100, 0, { step: 'loading labels' });
        let r: Awaited<ReturnType<WorkspaceGateway['train']>>;
        try {
          r = await g.train((step, percent) => bar.update(percent, { step }));
          bar.update(100, { step: 'done' });
        } finally {
          bar.stop();
        }
        process.stdout.write(
          `model v${r.version} (${r.status}): ${r.exampleCount} labelled tickets, ${r.categoryCount} categories, ` +
            `trained in ${r.trainSeconds.toFixed(2)} s, ${(r.artifactBytes / 1e6).toFixed(1)} MB\n`,
        );
        if (r.status === 'challenger')
          process.stdout.write(`v${r.version} shadows the champion until the promotion gate decides\n`);
      }),
    );

  const models = program.command('models').description('The model registry: versions, promotion, rollback');
  models
    .command('list')
    .description('Every model version, newest first')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((flags: { workspace?: string }) =>
      withGateway(config(), flags.workspace, async (g) => {
        for (const m of await g.models()) {
          process.stdout.write(
            `v${String(m.version).padEnd(4)} ${m.status.padEnd(10)} ${day(m.createdAt)}  ${metricsLine(m)}\n`,
          );
        }
      }),
    );
  models
    .command('show')
    .description('One version: training data, metrics, creator, status history, shadow scores')
    .argument('<version>', 'the version number (e.g. 3 or v3)')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((version: string, flags: { workspace?: string }) =>
      withGateway(config(), flags.workspace, async (g) => {
        const m = await g.model(parseVersion(version));
        const out = process.stdout;
        out.write(`model v${m.version}: ${m.status}${m.statusReason ? ` (${m.statusReason})` : ''}\n`);
        out.write(`  created ${day(m.createdAt)} by ${m.createdByName ?? m.createdByType}\n`);
        out.write(`  ${metricsLine(m)}\n`);
        out.write(`  label watermark ${m.labelWatermark}\n`);
        if (m.previousChampionVersion !== null)
          out.write(`  replaced champion v${m.previousChampionVersion}\n`);
        if (m.shadow) {
          const { champion, challenger, gate } = m.shadow;
          out.write(
            `  shadow: ${challenger.overall.sample} labelled tickets, challenger ${pct(challenger.overall.accuracy)} vs champion ${pct(champion.overall.accuracy)}; gate ${gate.verdict}\n`,
          );
          for (const c of gate.checks)
            out.write(`    ${c.pass ? 'ok  ' : 'FAIL'} ${c.metric}: ${c.reason}\n`);
        }
        out.write('  history:\n');
        for (const h of m.history) {
          const reason = (h.payload as { reason?: string }).reason;
          out.write(
            `    ${day(h.occurredAt)}  ${h.action.padEnd(24)} ${h.actorName}${reason ? ` — ${reason}` : ''}\n`,
          );
        }
      }),
    );
  models
    .command('promote')
    .description('Make a version the champion (approve a challenger); the current champion is retired')
    .argument('<version>', 'the version number')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((version: string, flags: { workspace?: string }) =>
      withGateway(config(), flags.workspace, async (g) => {
        const r = await g.promote(parseVersion(version));
        process.stdout.write(
          `v${r.version} is the champion${r.replaced === null ? '' : `; v${r.replaced} retired`}\n`,
        );
      }),
    );
  models
    .command('rollback')
    .description('Restore the previous champion; the current one is retired')
    .option('--workspace <slug>', 'workspace (default: the first)')
    .action((flags: { workspace?: string }) =>
      withGateway(config(), flags.workspace, async (g) => {
        const r = await g.rollback();
        process.stdout.write(`rolled back: v${r.restored} is the champion again; v${r.retired} retired\n`);
      }),
    );
}

function parseVersion(text: string): number {
  const version = Number(text.replace(/^v/i, ''));
  if (!Number.isInteger(version) || version < 1)
    throw new Error(`"${text}" is not a model version (e.g. 3 or v3)`);
  return version;
}
