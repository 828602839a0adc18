import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppServices } from '../composition.js';
import { feedLiveDemoTicket, workLiveDemoItems } from '../modules/demo/index.js';
import { driftCheckJob } from '../modules/drift/index.js';
import { weeklyReportJob } from '../modules/reports/index.js';
import { rolloutCheckJob } from '../modules/rollout/index.js';
import { metricRollupsJob } from '../modules/metrics/index.js';
import { escalationSweepJob } from '../modules/escalations/index.js';
import { runDueBackfills } from '../modules/integrations/index.js';
import {
  checkPromotionGate,
  retrainDueWorkspaces,
  workspacesWithChallenger,
} from '../modules/learning/index.js';
import { workspaceBySlug } from '../modules/workspaces/index.js';
import { type DeliveryRun, deliverDueEffects } from '../platform/outbox/index.js';

export interface Worker {
  stop(): Promise<void>;
}

type Log = (msg: string, err?: unknown) => void;

/**
 * Background work: the outbox's delivery loop, the escalation sweep every
 * TRIAGE_ESCALATION_SWEEP_SECONDS, scheduled retraining every TRIAGE_RETRAIN_INTERVAL_MINUTES, the
 * promotion gate every TRIAGE_PROMOTION_GATE_SECONDS, the drift check every TRIAGE_DRIFT_CHECK_MINUTES,
 * the rollout gate check (and automatic rollback) every TRIAGE_ROLLOUT_CHECK_MINUTES,
 * the weekly report (sent once a week, looked for every TRIAGE_REPORT_CHECK_MINUTES),
 * the metrics rollup refresh every TRIAGE_METRICS_ROLLUP_MINUTES,
 * backfills from helpdesk connections (looked for every TRIAGE_BACKFILL_POLL_SECONDS),
 * and the demo feed that sends a new demo ticket through the
 * normal intake path every TRIAGE_DEMO_FEED_SECONDS (and lets the demo's simulated team work its items). Each loop runs on its own timer; a
 * failed tick is logged and the next one tries again.
 */
export function startWorker(services: AppServices, log: Log): Worker {
  const loops = [repeat(services.config.outboxPollMs, outboxDelivery(services, log), 'outbox delivery', log)];
  const sweepSeconds = services.config.escalationSweepSeconds;
  if (sweepSeconds > 0) {
    loops.push(repeat(sweepSeconds * 1000, () => sweepEscalations(services, log), 'escalation sweep', log));
  }
  const retrainMinutes = services.config.retrainIntervalMinutes;
  if (retrainMinutes > 0) {
    loops.push(repeat(retrainMinutes * 60_000, () => retrain(services, log), 'scheduled retraining', log));
  }
  const gateSeconds = services.config.promotionGateSeconds;
  if (gateSeconds > 0) {
    loops.push(repeat(gateSeconds * 1000, () => promotionGate(services, log), 'promotion gate', log));
  }
  const driftMinutes = services.config.driftCheckMinutes;
  if (driftMinutes > 0) {
    loops.push(repeat(driftMinutes * 60_000, () => checkDrift(services, log), 'drift check', log));
  }
  const rolloutMinutes = services.config.rolloutCheckMinutes;
  if (rolloutMinutes > 0) {
    loops.push(repeat(rolloutMinutes * 60_000, () => checkRollout(services, log), 'rollout check', log));
  }
  const reportMinutes = services.config.report.checkMinutes;
  if (reportMinutes > 0) {
    loops.push(repeat(reportMinutes * 60_000, () => sendWeeklyReports(services, log), 'weekly report', log));
  }
  const rollupMinutes = services.config.metrics.rollupMinutes;
  if (rollupMinutes > 0) {
    // Once at start too, so the Metrics page has the history right away rather than after a tick.
    const first = refreshRollups(services).catch((error) => log('metrics rollups failed; will retry', error));
    loops.push({ stop: () => first });
    loops.push(repeat(rollupMinutes * 60_000, () => refreshRollups(services), 'metrics rollups', log));
  }
  const backfillSeconds = services.config.backfillPollSeconds;
  if (backfillSeconds > 0) {
    loops.push(backfills(services, backfillSeconds * 1000, log));
  }
  const seconds = services.config.demoFeedSeconds;
  if (services.config.demo && seconds > 0) {
    loops.push(repeat(seconds * 1000, () => feedDemo(services), 'demo feed', log));
  }
  return {
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}

async function feedDemo(services: AppServices) {
  const demo = await workspaceBySlug(services.db, 'demo');
  if (!demo) return;
  await feedLiveDemoTicket(services, demo.id);
  // The simulated team claims and resolves demo review items as they come in.
  await workLiveDemoItems(services, demo.id);
}

async function sweepEscalations(services: AppServices, log: Log) {
  const { opened, raised, resolved } = await escalationSweepJob.run(services);
  if (opened + raised + resolved > 0) {
    log(`escalations: ${opened} opened, ${raised} raised to the fallback owner, ${resolved} resolved`);
  }
}

async function retrain(services: AppServices, log: Log) {
  const { trained } = await retrainDueWorkspaces(services);
  for (const t of trained) log(`scheduled retraining: model v${t.version} is ${t.status}`);
}

async function promotionGate(services: AppServices, log: Log) {
  for (const workspaceId of await workspacesWithChallenger(services.db)) {
    const outcome = await checkPromotionGate(services, workspaceId);
    if (outcome && (outcome.action === 'promoted' || outcome.action === 'rejected'))
      log(`promotion gate: challenger v${outcome.version} ${outcome.action}`);
  }
}

async function checkDrift(services: AppServices, log: Log) {
  const { opened, updated, resolved } = await driftCheckJob.run({
    ...services,
    drift: services.config.drift,
  });
  if (opened + resolved > 0)
    log(`drift: ${opened} alert(s) opened, ${updated} updated, ${resolved} resolved`);
}

async function checkRollout(services: AppServices, log: Log) {
  const { rolledBack } = await rolloutCheckJob.run(services);
  if (rolledBack > 0) log(`rollout: ${rolledBack} stage(s) rolled back by a breached gate`);
}

async function sendWeeklyReports(services: AppServices, log: Log) {
  const { week, sent } = await weeklyReportJob.run(services);
  if (sent > 0) log(`weekly report ${week}: sent for ${sent} workspace(s)`);
}

async function refreshRollups(services: AppServices) {
  await metricRollupsJob.run({ ...services, windowDays: services.config.metrics.windowDays });
}

/**
 * Reads backfill pages while the worker runs. Stopping aborts the page in flight: its lease then
 * runs out and any worker resumes the run at its saved cursor.
 */
function backfills(services: AppServices, ms: number, log: Log) {
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const stopping = new AbortController();
  const deps = { ...services, helpdeskTimeoutMs: services.config.webhookTimeoutMs };
  const loop = repeat(
    ms,
    async () => {
      const { pages } = await runDueBackfills(deps, { workerId, signal: stopping.signal, maxPages: 50 });
      if (pages > 0) log(`backfill: ${pages} page(s) imported`);
    },
    'backfill',
    log,
  );
  return {
    async stop() {
      stopping.abort();
      await loop.stop();
    },
  };
}

// Effects claimed per run; a full batch means more are due, so the tick runs again at once.
const BATCH = 10;
const MAX_BATCHES_PER_TICK = 20;

function outboxDelivery(services: AppServices, log: Log) {
  // Names this process in leases and attempt records, so an operator can tell workers apart.
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const count = (run: DeliveryRun) => {
    const results = {
      delivered: run.delivered,
      retried: run.retried,
      deferred: run.deferred,
      dead: run.dead,
      lost_lease: run.lostLease,
    };
    for (const [result, n] of Object.entries(results))
      if (n > 0) services.metrics.outboxResults.inc({ result }, n);
    if (run.dead > 0) log(`outbox: ${run.dead} effect(s) became dead letters`);
  };
  return async () => {
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
      const run = await deliverDueEffects(services.db, services.effectHandlers, {
        workerId,
        limit: BATCH,
        clock: services.clock,
        policy: services.outboxPolicy,
        onDeadLetter: services.onDeadLetter,
      });
      count(run);
      if (run.claimed < BATCH) return;
    }
  };
}

/** Runs `task` every `ms`; a tick never overlaps the previous one. */
function repeat(ms: number, task: () => Promise<void>, what: string, log: Log) {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = task()
      .catch((error) => log(`${what} failed; will retry`, error))
      .finally(() => {
        running = undefined;
      });
  }, ms);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
