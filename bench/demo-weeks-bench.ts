import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../src/composition.js';
import { firstStart } from '../src/first-start.js';
import { loadConfig } from '../src/platform/config/config.js';

/**
 * What the demo's first start costs, as `npm start` runs it: a PGlite data folder on disk, the
 * demo seed (categories, 3,600 labelled tickets, first model), then the eight simulated weeks of
 * rollout history. Prints both times and what the history holds.
 */
export async function benchDemoWeeks() {
  const dataDir = mkdtempSync(join(tmpdir(), 'triage-demo-weeks-'));
  try {
    const services = await createServices(loadConfig({ TRIAGE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    const phases: { label: string; at: number; cpu: number }[] = [];
    // CPU seconds too: on a shared machine the wall clock mostly measures the neighbours.
    const cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    const started = performance.now();
    const result = await firstStart(services, (msg) => {
      const label = msg.startsWith('simulating') ? 'history' : 'seed';
      if (phases.at(-1)?.label !== label) phases.push({ label, at: performance.now(), cpu: cpu() });
    });
    const total = (performance.now() - started) / 1000;
    const history = phases.find((p) => p.label === 'history');
    const historyAt = history?.at ?? performance.now();
    const historyCpu = cpu() - (history?.cpu ?? cpu());
    const [counts] = await services.db.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM tickets WHERE source = 'demo-weeks') AS tickets,
              (SELECT count(*)::int FROM decisions d JOIN tickets t ON t.id = d.ticket_id WHERE t.source = 'demo-weeks') AS decisions,
              (SELECT count(*)::int FROM labels l JOIN tickets t ON t.id = l.ticket_id WHERE t.source = 'demo-weeks') AS labels,
              (SELECT count(*)::int FROM review_items r JOIN tickets t ON t.id = r.ticket_id WHERE t.source = 'demo-weeks' AND r.resolved_by IS NOT NULL) AS "resolvedItems",
              (SELECT count(*)::int FROM escalations) AS escalations,
              (SELECT count(*)::int FROM disputes) AS disputes,
              (SELECT count(*)::int FROM rollout_step_ups WHERE status = 'applied') AS "stepUps",
              (SELECT count(*)::int FROM events WHERE action = 'rollout.rolled_back') AS rollbacks,
              (SELECT count(*)::int FROM events) AS events`,
    );
    console.log(`demo seed: ${((historyAt - started) / 1000).toFixed(1)} s`);
    console.log(
      `demo rollout history: ${result?.demoWeeks?.days ?? 0} days in ${((performance.now() - historyAt) / 1000).toFixed(1)} s wall, ${historyCpu.toFixed(1)} s CPU (first start total ${total.toFixed(1)} s)`,
    );
    console.log(`  ${JSON.stringify(counts)}`);
    await services.db.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
