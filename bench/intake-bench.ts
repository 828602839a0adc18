import { createServices } from '../src/composition.js';
import { firstStart } from '../src/first-start.js';
import { generateLiveDemoTicket, seedDemoWorkspace } from '../src/modules/demo/index.js';
import { percentile } from '../src/modules/evaluation/index.js';
import { receiveTicket } from '../src/modules/tickets/index.js';
import { loadConfig } from '../src/platform/config/config.js';
import { openPglite, openPostgres } from '../src/platform/db/database.js';
import { systemActor } from '../src/platform/events/index.js';

const TICKETS = 500;

/**
 * Ticket intake end to end below HTTP: one transaction per ticket with insert, prediction,
 * decision, review item and events, on in-memory PGlite (and on PostgreSQL when
 * BENCH_DATABASE_URL is set). Prints tickets per second and per-ticket latency.
 */
export async function benchIntake() {
  const targets: [
    string,
    () => Promise<Awaited<ReturnType<typeof openPglite>> | ReturnType<typeof openPostgres>>,
  ][] = [['pglite (in memory)', () => openPglite(undefined)]];
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (pgUrl) targets.push(['postgresql', async () => openPostgres(pgUrl)]);
  else console.log('(set BENCH_DATABASE_URL to an empty database to also measure PostgreSQL)');
  for (const [name, open] of targets) {
    const db = await open();
    const services = await createServices(loadConfig({ TRIAGE_DEMO: 'false', LOG_LEVEL: 'silent' }), { db });
    await firstStart(services);
    const [ws] = await db.query<{ id: string }>('SELECT id FROM workspaces LIMIT 1');
    const seedStart = performance.now();
    await seedDemoWorkspace(services, ws!.id, { ownerUserId: null, historySize: 3600, liveTickets: 0 });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const ctx = { workspaceId: ws!.id, actor: systemActor('bench') };
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 1; i <= TICKETS; i++) {
      const t = generateLiveDemoTicket(7, i);
      const t0 = performance.now();
      await receiveTicket(services, ctx, {
        source: 'bench',
        externalId: t.externalId,
        subject: t.subject,
        body: t.body,
      });
      latencies.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`${name}: demo seed (3,600 labelled tickets + first model) ${seedSeconds.toFixed(1)} s`);
    console.log(
      `${name}: ${TICKETS} tickets in ${seconds.toFixed(2)} s = ${(TICKETS / seconds).toFixed(0)} tickets/s; ` +
        `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
    await db.close();
  }
}
