import { one } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { systemActor } from '../../platform/events/index.js';
import { listCategories } from '../categories/index.js';
import { raiseDispute } from '../disputes/index.js';
import { escalateOverdue } from '../escalations/index.js';
import { rebuildMetricRollups } from '../metrics/index.js';
import type { ChampionCache } from '../learning/index.js';
import { setQueueMembers } from '../review/index.js';
import {
  addCohortMembers,
  approveStepUp,
  checkRollout,
  createCohort,
  type RolloutDeps,
  requestStepUp,
  rolloutLadder,
  setDefaultStage,
  setGates,
} from '../rollout/index.js';
import { arrivalOffsets, ticketsOnDay } from './agent-behaviour.js';
import { createRng, hashSeed } from './prng.js';
import {
  COHORT_NAMES,
  type CohortGroup,
  DEFAULT_STAGE_RESTORED,
  DEMO_TICKETS_PER_WEEKDAY,
  demoGates,
  PLANNED_JOINS,
  PLANNED_STEPS,
} from './rollout-plan.js';
import { workBacklog } from './simulate-backlog.js';
import { WEEKS_SEED, type WorkContext, type WorkDeps } from './simulate-ticket-work.js';
import { simulatedTicketStory } from './simulated-ticket-story.js';
import { loadStoryWorld } from './story-world.js';
import { writeSimulatedTickets } from './write-simulated-tickets.js';
import {
  agentActor,
  ensureSimulatedAgents,
  type SimulatedAgent,
  simulatedAgents,
} from './simulated-agents.js';
import { dayTransaction, SimulatedClock } from './simulation-context.js';

// Eight simulated weeks of the demo team working with the AI, written through the product's own
// functions with a clock set in the past: tickets, predictions, decisions under each cohort's
// stage, claims and resolutions (the handling times), labels, step ups with their approvals,
// gate checks and any rollback, escalation sweeps. One transaction per simulated day; the run's
// row says how many days are done, so an interrupted first start resumes at the next day.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface RolloutWeeksDeps {
  db: RolloutDeps['db'];
  clock: RolloutDeps['clock'];
  config: RolloutDeps['config'];
  champions: ChampionCache;
}

export interface RolloutWeeksOptions {
  weeks?: number;
  ticketsPerWeekday?: number;
  onProgress?: (msg: string) => void;
}

export interface RolloutWeeksResult {
  days: number;
  tickets: number;
  /** False when an earlier start had completed the history already. */
  ran: boolean;
}

interface Run {
  anchorAt: Date;
  daysTotal: number;
  daysDone: number;
  ticketsPerWeekday: number;
  completedAt: Date | null;
}

export async function simulateRolloutWeeks(
  deps: RolloutWeeksDeps,
  workspaceId: string,
  options: RolloutWeeksOptions = {},
): Promise<RolloutWeeksResult> {
  const progress = options.onProgress ?? (() => undefined);
  const run = await startRun(deps, workspaceId, options);
  const tickets = async () =>
    (
      await one<{ n: number }>(
        deps.db,
        `SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1 AND source = 'demo-weeks'`,
        [workspaceId],
      )
    ).n;
  if (run.completedAt) return { days: run.daysTotal, tickets: await tickets(), ran: false };
  const categoryIds = new Map(
    (await listCategories(deps.db, workspaceId)).map((c) => [c.key, c.id] as [string, string]),
  );
  const firstMidnight = firstMidnightOf(run);
  for (let day = run.daysDone; day < run.daysTotal; day++) {
    progress(`simulating rollout history: day ${day + 1}/${run.daysTotal}`);
    await deps.db.transaction(async (tx) => {
      const clock = new SimulatedClock(new Date(firstMidnight + day * DAY_MS));
      const sim = { ...deps, db: dayTransaction(tx, deps.db.kind), clock };
      await simulateDay(sim, {
        workspaceId,
        day,
        midnight: firstMidnight + day * DAY_MS,
        until: run.anchorAt.getTime(),
        perWeekday: run.ticketsPerWeekday,
        categoryIds,
      });
      await tx.query('UPDATE demo_history_runs SET days_done = $2 WHERE workspace_id = $1', [
        workspaceId,
        day + 1,
      ]);
    });
  }
  // The ladder shows values measured now, right after the first start.
  await checkRollout(deps, workspaceId);
  await deps.db.query('UPDATE demo_history_runs SET completed_at = $2 WHERE workspace_id = $1', [
    workspaceId,
    deps.clock.now(),
  ]);
  // The Metrics page and the weekly report read rollups only: build them for the history now
  // rather than waiting for a worker's first refresh.
  await rebuildMetricRollups(deps, workspaceId);
  return { days: run.daysTotal, tickets: await tickets(), ran: true };
}

/** Midnight (UTC) starting the first simulated day: the history ends with the day before the anchor. */
const firstMidnightOf = (run: Pick<Run, 'anchorAt' | 'daysTotal'>) =>
  Math.floor(run.anchorAt.getTime() / DAY_MS) * DAY_MS - run.daysTotal * DAY_MS;

/** The run's row, created with the simulated team on the first call. */
async function startRun(
  deps: RolloutWeeksDeps,
  workspaceId: string,
  options: RolloutWeeksOptions,
): Promise<Run> {
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx.query<Run>(
      `SELECT anchor_at AS "anchorAt", days_total AS "daysTotal", days_done AS "daysDone",
              tickets_per_weekday AS "ticketsPerWeekday", completed_at AS "completedAt"
         FROM demo_history_runs WHERE workspace_id = $1 FOR UPDATE`,
      [workspaceId],
    );
    if (existing) return { ...existing, anchorAt: new Date(existing.anchorAt) };
    const run: Run = {
      anchorAt: deps.clock.now(),
      daysTotal: (options.weeks ?? 8) * 7,
      daysDone: 0,
      ticketsPerWeekday: options.ticketsPerWeekday ?? DEMO_TICKETS_PER_WEEKDAY,
      completedAt: null,
    };
    // The team is hired, and joins the default queue, just before the history starts.
    const clock = new SimulatedClock(new Date(firstMidnightOf(run) - HOUR_MS));
    const actor = systemActor('Demo generator');
    const agents = await ensureSimulatedAgents(tx, clock, workspaceId, WEEKS_SEED, actor);
    const [queue] = await tx.query<{ id: string }>(
      'SELECT id FROM review_queues WHERE workspace_id = $1 AND is_default',
      [workspaceId],
    );
    if (queue) {
      const members = await tx.query<{ userId: string }>(
        'SELECT user_id AS "userId" FROM review_queue_members WHERE queue_id = $1',
        [queue.id],
      );
      await setQueueMembers(
        { db: dayTransaction(tx, deps.db.kind), clock },
        { workspaceId, actor },
        queue.id,
        [...members.map((m) => m.userId), ...agents.map((a) => a.userId)],
      );
    }
    await tx.query(
      `INSERT INTO demo_history_runs (workspace_id, anchor_at, days_total, tickets_per_weekday) VALUES ($1, $2, $3, $4)`,
      [workspaceId, run.anchorAt, run.daysTotal, run.ticketsPerWeekday],
    );
    return run;
  });
}

interface DayInput {
  workspaceId: string;
  day: number;
  midnight: number;
  until: number;
  perWeekday: number;
  categoryIds: Map<string, string>;
}

type SimDeps = RolloutWeeksDeps & WorkDeps;

async function simulateDay(sim: SimDeps, input: DayInput): Promise<void> {
  const { workspaceId, day, midnight } = input;
  const rng = createRng(hashSeed(WEEKS_SEED, day));
  const agents = await simulatedAgents(sim.db, workspaceId);
  const leads = agents.filter((a) => a.group === 'lead');
  const date = new Date(midnight);
  const working = date.getUTCDay() !== 0 && date.getUTCDay() !== 6;
  const ctx: WorkContext = { workspaceId, rng, categoryIds: input.categoryIds, until: input.until };
  if (day === 0) {
    sim.clock.set(midnight + 7 * HOUR_MS);
    await setUpRollout(sim, workspaceId, leads[0]!, [...input.categoryIds.values()], input.perWeekday);
  }
  if (working) {
    // Leads start the day with what was left open (ignored items, second reviews).
    await workBacklog(sim, ctx, leads, midnight + 6 * HOUR_MS);
    sim.clock.set(midnight + 6.75 * HOUR_MS);
    await followPlan(sim, workspaceId, day, agents);
    const count = ticketsOnDay(rng, date, input.perWeekday);
    const offsets = arrivalOffsets(rng, count);
    // Before their wave joins, people work in no cohort: the workspace default, off.
    const workers = agents.filter((a) => a.group !== 'lead');
    const weights = workers.map((a) => 1 / a.pace);
    const world = await loadStoryWorld(sim.db, sim.champions, {
      workspaceId,
      categoryIds: input.categoryIds,
      until: input.until,
    });
    const stories = offsets
      .filter((offset) => midnight + offset < input.until)
      .map((offset, i) =>
        simulatedTicketStory(
          world,
          rng,
          day * 1000 + i + 1,
          midnight + offset,
          rng.weighted(workers, weights),
        ),
      );
    await sim.db.transaction((tx) => writeSimulatedTickets(tx, workspaceId, stories));
    for (const story of stories.filter((s) => s.dispute && s.agent.type === 'user')) {
      const { at, categoryId, reason } = story.dispute!;
      sim.clock.set(at);
      const userId = story.agent.type === 'user' ? story.agent.id : null;
      await raiseDispute(
        sim,
        { workspaceId, actor: story.agent, userId, canRuleUnowned: false },
        story.ticket.id,
        {
          reason,
          proposedCategory: categoryId,
        },
      );
    }
  }
  sim.clock.set(midnight + 20 * HOUR_MS);
  if (midnight + 20 * HOUR_MS < input.until) {
    await escalateOverdue(sim, sim.clock.now());
    // The worker checks the gates every few minutes; twice a week is enough to find a breach here.
    if (date.getUTCDay() === 2 || date.getUTCDay() === 5) await checkRollout(sim, workspaceId);
  }
}

async function setUpRollout(
  sim: SimDeps,
  workspaceId: string,
  owner: SimulatedAgent,
  categoryIds: string[],
  ticketsPerWeekday: number,
) {
  const ctx = { workspaceId, actor: agentActor(owner), userId: owner.userId };
  const gates = demoGates(ticketsPerWeekday);
  await setGates(sim, ctx, 'suggest', gates.suggest);
  await setGates(sim, ctx, 'auto', gates.auto);
  // Before the rollout nobody sees the AI; each wave then starts in shadow.
  for (const categoryId of categoryIds) await setDefaultStage(sim, ctx, categoryId, 'off');
  for (const group of ['pilot', 'wave_2', 'wave_3', 'control'] as const) {
    await createCohort(sim, ctx, { name: COHORT_NAMES[group], isControl: group === 'control' });
  }
}

/** Today's planned joins and step ups; a step whose gates do not pass yet waits for a later day. */
async function followPlan(sim: SimDeps, workspaceId: string, day: number, agents: SimulatedAgent[]) {
  const [owner, ...approvers] = agents.filter((a) => a.group === 'lead');
  const as = (p: SimulatedAgent) => ({ workspaceId, actor: agentActor(p), userId: p.userId });
  const cohorts = new Map(
    (
      await sim.db.query<{ id: string; name: string }>(
        'SELECT id, name FROM rollout_cohorts WHERE workspace_id = $1',
        [workspaceId],
      )
    ).map((c) => [c.name, c.id]),
  );
  const cohortOf = (group: CohortGroup) => cohorts.get(COHORT_NAMES[group])!;
  for (const join of PLANNED_JOINS.filter((j) => j.fromDay <= day)) {
    const people = agents.filter((a) => a.group === join.group).map((a) => a.userId);
    await addCohortMembers(sim, as(owner!), cohortOf(join.group), people);
  }
  // One evaluation of every cell's next gates for the day; a cell steps at most once a day.
  const ladder = await rolloutLadder(sim.db, sim, workspaceId);
  for (const step of PLANNED_STEPS.filter((s) => s.fromDay <= day)) {
    const cohortId = cohortOf(step.group);
    const ready = ladder.cells.filter(
      (c) =>
        c.cohortId === cohortId &&
        c.stage === step.from &&
        !c.pendingStepUp &&
        c.nextGates.every((g) => g.pass),
    );
    for (const cell of ready) await stepUp(sim, as(owner!), approvers.map(as), cohortId, cell.categoryId);
  }
  if (day >= DEFAULT_STAGE_RESTORED.fromDay) {
    for (const cell of ladder.cells.filter(
      (c) => c.cohortId === null && c.stage !== DEFAULT_STAGE_RESTORED.stage,
    )) {
      await setDefaultStage(sim, as(owner!), cell.categoryId, DEFAULT_STAGE_RESTORED.stage);
    }
  }
}

async function stepUp(
  sim: SimDeps,
  requester: { workspaceId: string; actor: ReturnType<typeof agentActor>; userId: string },
  approvers: { workspaceId: string; actor: ReturnType<typeof agentActor>; userId: string }[],
  cohortId: string,
  categoryId: string,
) {
  let request: Awaited<ReturnType<typeof requestStepUp>>;
  try {
    // The gates are checked before anything is written, so a refusal leaves the day's rows intact.
    request = await requestStepUp(sim, requester, { cohortId, categoryId });
  } catch (error) {
    if (error instanceof AppError && error.code === 'gates_not_passed') return;
    throw error;
  }
  // Approved in the same minute: the last approval re-checks the gates, on the same evidence.
  for (const approver of approvers.slice(0, request.approvalsNeeded)) {
    await approveStepUp(sim, approver, request.id);
  }
}
