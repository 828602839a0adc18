// Dashboards at 1M tickets: generates a year of tickets with decisions, review items and labels
// into a fresh PostgreSQL database (dropped afterwards), builds the daily rollups, then times each
// dashboard query through the same functions the API calls. Prints a table and regenerates the
// "Dashboards at 1M tickets" section of docs/benchmarks.md. Run with `npm run bench:dashboards`
// (BENCH_ADMIN_URL: a PostgreSQL server to create the database on; BENCH_TICKETS: fewer tickets).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { percentile } from '../../src/modules/evaluation/index.js';
import {
  adoptionBy,
  adoptionOverTime,
  type MetricsQuery,
  qualityOverTime,
  rebuildMetricRollups,
  refreshMetricRollups,
  valueOverTime,
} from '../../src/modules/metrics/index.js';
import { openPostgres } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { writeBenchmarkSection } from '../benchmarks-doc.js';
import { generateDashboardHistory } from './generate-history.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const DAYS = 365;
const RUNS = 30;
const END = new Date('2026-11-23T12:00:00Z');
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const started = performance.now();
const phase = (m: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${m}\n`);

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await fn();
  return [result, performance.now() - t0];
}

async function main() {
  const name = `triage_bench_dashboards_${process.pid}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), { max: 4 });
  const clock = { now: () => END };
  try {
    await migrate(db);
    const loadAtStart = os.loadavg()[0]!.toFixed(1);
    phase(`generating ${TICKETS.toLocaleString('en')} tickets over ${DAYS} days`);
    const [history, generateMs] = await timed(() =>
      generateDashboardHistory(db, { tickets: TICKETS, days: DAYS, end: END, slug: 'bench' }),
    );
    const counts = await db.query<{ t: string; n: number }>(
      `SELECT 'tickets' AS t, count(*)::int AS n FROM tickets UNION ALL SELECT 'decisions', count(*)::int FROM decisions
       UNION ALL SELECT 'labels', count(*)::int FROM labels UNION ALL SELECT 'review items', count(*)::int FROM review_items`,
    );
    await db.exec('ANALYZE');
    phase('building the rollups from the earliest day');
    const ws = history.workspaceId;
    const [build, buildMs] = await timed(() => rebuildMetricRollups({ db, clock }, ws));
    const [, refreshMs] = await timed(() => refreshMetricRollups({ db, clock }, ws, 14));
    const rollupRows = await db.query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM metric_decisions_daily) + (SELECT count(*) FROM metric_action_times_daily)
        + (SELECT count(*) FROM metric_tickets_daily) + (SELECT count(*) FROM metric_reviews_daily)
        + (SELECT count(*) FROM metric_calibration_daily) + (SELECT count(*) FROM metric_confusions_daily))::int AS n`,
    );
    await db.exec('ANALYZE');

    const eightWeeks: MetricsQuery = { from: '2026-09-29', to: '2026-11-23', granularity: 'week' };
    const year: MetricsQuery = { from: '2025-11-23', to: '2026-11-23', granularity: 'week' };
    const yearDaily: MetricsQuery = { ...year, granularity: 'day' };
    const filtered: MetricsQuery = {
      ...year,
      cohortId: history.cohorts[1]!,
      categoryId: history.categories[0]!,
    };
    const queries: [string, () => Promise<unknown>][] = [
      ['adoption, 8 weeks by week', () => adoptionOverTime(db, ws, eightWeeks)],
      ['adoption, a year by week', () => adoptionOverTime(db, ws, year)],
      ['adoption, a year by day', () => adoptionOverTime(db, ws, yearDaily)],
      ['adoption per person, a year', () => adoptionBy(db, ws, year, 'person')],
      ['adoption, a year, one cohort × category', () => adoptionOverTime(db, ws, filtered)],
      ['value vs baseline, a year by week', () => valueOverTime(db, ws, year)],
      ['value vs baseline, a year by day', () => valueOverTime(db, ws, yearDaily)],
      ['quality (precision, calibration, confusions), a year by week', () => qualityOverTime(db, ws, year)],
      ['quality, 8 weeks by week', () => qualityOverTime(db, ws, eightWeeks)],
    ];
    const rows: string[] = [];
    for (const [label, run] of queries) {
      await run(); // warm the cache once; the figures are steady-state reads
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push((await timed(run))[1]);
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      phase(`${label}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
      rows.push(`| ${label} | ${p50.toFixed(1)} | ${p95.toFixed(1)} |`);
    }
    const n = (t: string) => (counts.find((c) => c.t === t)?.n ?? 0).toLocaleString('en');
    const markdown = [
      '## Dashboards at 1M tickets',
      '',
      `Generated by \`npm run bench:dashboards\` on PostgreSQL (${os.cpus().length} cores, load ${loadAtStart} ` +
        `at start, shared with other work). A fresh database holds ${n('tickets')} tickets over ${DAYS} days ` +
        `(${n('decisions')} decisions, ${n('labels')} labels, ${n('review items')} review items; 100 agents in ` +
        'pilot, wave 2, wave 3 and control cohorts; 20 categories), written set-based with `generate_series` ' +
        '(bench/dashboards/generate-history.ts). Every dashboard reads the daily rollups only.',
      '',
      `- Generating the history: ${(generateMs / 1000).toFixed(1)} s.`,
      `- Building the rollups from the earliest day (${build.days} days, ${rollupRows[0]!.n.toLocaleString('en')} rollup rows): ` +
        `${(buildMs / 1000).toFixed(1)} s.`,
      `- One refresh tick (the last 14 days, as the worker runs it): ${(refreshMs / 1000).toFixed(2)} s.`,
      '',
      `Dashboard queries, through the functions the API calls, ${RUNS} runs each after one warm-up:`,
      '',
      '| Query | p50 ms | p95 ms |',
      '| --- | ---: | ---: |',
      ...rows,
    ].join('\n');
    console.log(markdown);
    if (TICKETS === 1_000_000) writeBenchmarkSection('dashboards', markdown);
    else console.log('(not written to docs/benchmarks.md: BENCH_TICKETS is not 1,000,000)');
  } finally {
    await db.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

await main();
