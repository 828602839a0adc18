import type { Command } from 'commander';
import { createServices } from '../composition.js';
import { firstStart } from '../first-start.js';
import type { Config } from '../platform/config/config.js';
import { createServer } from '../server/create-server.js';
import { startWorker } from '../worker/worker.js';
import { lockDataDir } from './workspace-gateway.js';

function printFirstStart(result: Awaited<ReturnType<typeof firstStart>>, url: string) {
  if (!result) return;
  const lines = [
    'Triage is set up. These credentials are shown once; keep them safe.',
    '',
    `  Workspace:      ${result.workspaceSlug}`,
    `  Admin e-mail:   ${result.adminEmail}`,
    `  Admin password: ${result.adminPassword ?? '(from TRIAGE_ADMIN_PASSWORD)'}`,
    `  Admin API key:  ${result.apiKey ?? '(from TRIAGE_ADMIN_API_KEY)'}`,
    ...(result.demo
      ? [
          '',
          `  Demo: ${result.demo.categories} categories, ${result.demo.history} labelled tickets, model v${result.demo.modelVersion}`,
        ]
      : []),
    ...(result.demoWeeks
      ? [
          `  Demo rollout history: ${result.demoWeeks.days / 7} simulated weeks, ${result.demoWeeks.tickets} tickets (${result.demoWeeks.seconds} s)`,
        ]
      : []),
    '',
    `  Open ${url}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

/** Runs API, web UI and worker in one process (the embedded default). */
export async function serve(config: Config, options: { worker: boolean; server: boolean }) {
  // PGlite is one process per data folder: hold its lock for the process's lifetime.
  const release = config.databaseUrl ? undefined : await lockDataDir(config.dataDir);
  const services = await createServices(config);
  const result = await firstStart(services, (msg) => process.stderr.write(`  … ${msg}\n`));
  const server = options.server ? await createServer(services) : undefined;
  const log = (msg: string, err?: unknown) =>
    server ? server.log.error({ err }, msg) : process.stderr.write(`${msg}: ${String(err)}\n`);
  const worker = options.worker ? startWorker(services, log) : undefined;
  let url = '';
  if (server) {
    await server.listen({ host: config.host, port: config.port });
    url = `http://localhost:${config.port}`;
    server.log.info({ url, database: services.db.kind }, 'Triage is listening');
  }
  printFirstStart(result, url);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: finishing in-flight work and stopping…\n`);
    await server?.close();
    await worker?.stop();
    await services.db.close();
    await release?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

export function registerServeCommands(program: Command, config: () => Config) {
  program
    .command('serve')
    .description('Run the API, web UI and worker in one process (the default of `npm start`)')
    .option('--no-worker', 'do not run background work in this process')
    .action((opts: { worker: boolean }) => serve(config(), { worker: opts.worker, server: true }));

  program
    .command('worker')
    .description('Run only the background worker (scale-out on PostgreSQL: DATABASE_URL must be set)')
    .action(async () => {
      const c = config();
      if (!c.databaseUrl) {
        throw new Error(
          'A separate worker needs PostgreSQL (DATABASE_URL); with the embedded database use `triage serve`.',
        );
      }
      await serve(c, { worker: true, server: false });
    });
}
