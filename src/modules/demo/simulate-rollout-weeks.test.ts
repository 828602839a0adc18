import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../composition.js';
import { firstStart } from '../../first-start.js';
import { loadConfig } from '../../platform/config/config.js';
import { verifyEventChain } from '../../platform/events/index.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { rebuildMetricRollups, valueOverTime } from '../metrics/index.js';
import { rolloutLadder } from '../rollout/index.js';
import { feedLiveDemoTicket, seedDemoWorkspace, simulateRolloutWeeks, workLiveDemoItems } from './index.js';
import { weeksTicket } from './simulate-ticket-work.js';
import { SimulatedClock } from './simulation-context.js';

const { targets } = await databaseTargets();
const DAY_MS = 86_400_000;
// A smaller team load than the demo's 70 a day keeps the test quick; the gates scale with it.
const options = { weeks: 8, ticketsPerWeekday: 14 };

describe.each(targets)('eight simulated weeks of rollout on $name', (target) => {
  let handle: TestDatabase;
  let services: AppServices;
  let workspaceId: string;
  let anchor: Date;
  const count = async (sql: string) => (await handle.db.query<{ n: number }>(sql, [workspaceId]))[0]!.n;

  beforeAll(async () => {
    handle = await target.open();
    services = await createServices(loadConfig({ TRIAGE_DEMO: 'false', LOG_LEVEL: 'silent' }), {
      db: handle.db,
    });
    await firstStart(services);
    [{ id: workspaceId }] = (await handle.db.query<{ id: string }>('SELECT id FROM workspaces')) as [
      { id: string },
    ];
    await seedDemoWorkspace(services, workspaceId, { ownerUserId: null, historySize: 700, liveTickets: 0 });
    // A crash after day 20: the next start resumes at day 21.
    await expect(
      simulateRolloutWeeks(services, workspaceId, {
        ...options,
        onProgress: (msg) => {
          if (msg.includes('day 21/')) throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(await count('SELECT days_done AS n FROM demo_history_runs WHERE workspace_id = $1')).toBe(20);
    const done = await simulateRolloutWeeks(services, workspaceId, options);
    expect(done).toMatchObject({ days: 56, ran: true });
    anchor = (
      await handle.db.query<{ anchorAt: Date }>(
        'SELECT anchor_at AS "anchorAt" FROM demo_history_runs WHERE workspace_id = $1',
        [workspaceId],
      )
    )[0]!.anchorAt;
  }, 600_000);
  afterAll(() => handle.dispose());

  it('puts simulated people, marked as demo, in a pilot, two waves and a control cohort', async () => {
    const cohorts = await handle.db.query<{ name: string; isControl: boolean; members: number }>(
      `SELECT c.name, c.is_control AS "isControl", count(m.user_id)::int AS members
         FROM rollout_cohorts c LEFT JOIN rollout_cohort_members m ON m.cohort_id = c.id
        WHERE c.workspace_id = $1 GROUP BY c.id ORDER BY c.position`,
      [workspaceId],
    );
    expect(cohorts).toEqual([
      { name: 'Pilot', isControl: false, members: 5 },
      { name: 'Wave 2', isControl: false, members: 7 },
      { name: 'Wave 3', isControl: false, members: 8 },
      { name: 'Control', isControl: true, members: 4 },
    ]);
    // Every cohort member is a simulated person.
    expect(
      await count(`SELECT count(*)::int AS n FROM rollout_cohort_members m
        LEFT JOIN demo_simulated_agents a ON a.user_id = m.user_id AND a.workspace_id = m.workspace_id
        WHERE m.workspace_id = $1 AND a.user_id IS NULL`),
    ).toBe(0);
  });

  it('spreads the tickets over eight weeks of working days, all in the past and all marked demo', async () => {
    const [span] = await handle.db.query<{ first: Date; last: Date; days: number; weekend: number }>(
      `SELECT min(received_at) AS first, max(received_at) AS last,
              count(DISTINCT date_trunc('day', received_at))::int AS days,
              count(*) FILTER (WHERE extract(isodow FROM received_at AT TIME ZONE 'UTC') >= 6)::int AS weekend
         FROM tickets WHERE workspace_id = $1 AND source = 'demo-weeks'`,
      [workspaceId],
    );
    expect(anchor.getTime() - span!.first.getTime()).toBeGreaterThan(54 * DAY_MS);
    expect(span!.last.getTime()).toBeLessThan(anchor.getTime());
    expect(span!.days).toBe(40);
    expect(span!.weekend).toBe(0);
    // Nothing the history wrote lies in the future of the moment it was written.
    const future = await count(
      `SELECT count(*)::int AS n FROM (
         SELECT d.created_at AS at FROM decisions d JOIN tickets t ON t.id = d.ticket_id WHERE t.workspace_id = $1 AND t.source = 'demo-weeks'
         UNION ALL SELECT l.created_at FROM labels l JOIN tickets t ON t.id = l.ticket_id WHERE t.workspace_id = $1 AND t.source = 'demo-weeks'
         UNION ALL SELECT r.resolved_at FROM review_items r JOIN tickets t ON t.id = r.ticket_id WHERE t.workspace_id = $1 AND t.source = 'demo-weeks'
         UNION ALL SELECT e.occurred_at FROM events e JOIN tickets t ON t.id::text = e.subject_id WHERE t.workspace_id = $1 AND t.source = 'demo-weeks'
       ) x WHERE at >= (SELECT anchor_at FROM demo_history_runs WHERE workspace_id = $1)`,
    );
    expect(future).toBe(0);
    // Disputes (a few, about categories applied automatically) are raised by simulated agents, in the past.
    expect(
      await count(`SELECT count(*)::int AS n FROM disputes d
        WHERE d.workspace_id = $1 AND (d.created_at >= (SELECT anchor_at FROM demo_history_runs WHERE workspace_id = $1)
          OR d.raised_by NOT IN (SELECT user_id FROM demo_simulated_agents))`),
    ).toBe(0);
  });

  it('decides under every stage as the rollout advances, and never shows the control cohort the AI', async () => {
    const stages = await handle.db.query<{ cohort: string | null; stage: string; n: number }>(
      `SELECT c.name AS cohort, d.inputs->>'stage' AS stage, count(*)::int AS n
         FROM decisions d JOIN tickets t ON t.id = d.ticket_id LEFT JOIN rollout_cohorts c ON c.id = d.cohort_id
        WHERE t.workspace_id = $1 AND t.source = 'demo-weeks' GROUP BY 1, 2`,
      [workspaceId],
    );
    const of = (cohort: string | null, stage: string) =>
      stages.find((s) => s.cohort === cohort && s.stage === stage)?.n ?? 0;
    expect(of('Pilot', 'shadow')).toBeGreaterThan(0);
    expect(of('Pilot', 'suggest')).toBeGreaterThan(0);
    expect(of('Wave 2', 'shadow')).toBeGreaterThan(0);
    expect(of('Wave 3', 'shadow')).toBeGreaterThan(0);
    // Before their wave, people are in no cohort, where the workspace default is off.
    expect(of(null, 'off')).toBeGreaterThan(0);
    // Once everyone is in a wave, unassigned tickets are decided as before the rollout again.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM rollout_stages WHERE workspace_id = $1 AND cohort_id IS NULL AND stage <> 'auto'`,
      ),
    ).toBe(0);
    expect(stages.filter((s) => s.cohort === 'Control').map((s) => s.stage)).toEqual(['off']);
    const steps = await handle.db.query<{ from: string; to: string }>(
      `SELECT payload->>'from' AS from, payload->>'to' AS to FROM events
        WHERE workspace_id = $1 AND action = 'rollout.stage_changed' ORDER BY seq`,
      [workspaceId],
    );
    expect(steps.some((s) => s.from === 'off' && s.to === 'shadow')).toBe(true);
    expect(steps.some((s) => s.from === 'shadow' && s.to === 'suggest')).toBe(true);
  });

  it("has agents accept right suggestions and override wrong ones, judged by each ticket's true category", async () => {
    const rows = await handle.db.query<{ externalId: string; proposedKey: string; resolution: string }>(
      `SELECT t.external_id AS "externalId", c.key AS "proposedKey", r.resolution
         FROM review_items r JOIN tickets t ON t.id = r.ticket_id JOIN decisions d ON d.id = r.decision_id
         JOIN categories c ON c.id = d.category_id
         JOIN demo_simulated_agents a ON a.user_id = r.resolved_by AND a.role_in_demo <> 'lead'
        WHERE t.workspace_id = $1 AND t.source = 'demo-weeks' AND r.reason = 'suggestion' AND r.kind = 'first'`,
      [workspaceId],
    );
    const right = rows.filter((r) => weeksTicket(Number(r.externalId.slice(6))).category === r.proposedKey);
    const wrong = rows.filter((r) => !right.includes(r));
    expect(rows.length).toBeGreaterThan(30);
    const share = (list: typeof rows, resolution: string) =>
      list.filter((r) => r.resolution === resolution).length / list.length;
    expect(share(right, 'accepted')).toBeGreaterThan(0.85);
    if (wrong.length >= 3) expect(share(wrong, 'corrected')).toBeGreaterThan(0.5);
    const reasons = await handle.db.query<{ reason: string }>(
      `SELECT DISTINCT l.reason_code AS reason FROM labels l JOIN tickets t ON t.id = l.ticket_id
        WHERE t.workspace_id = $1 AND t.source = 'demo-weeks' ORDER BY 1`,
      [workspaceId],
    );
    // Confirmations, overrides of a proposal, and triage from scratch.
    expect(reasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['accepted_suggestion', 'corrected_prediction', 'corrected_category']),
    );
  });

  it('records handling times: claims and resolutions minutes apart, quicker to confirm than to correct', async () => {
    const rows = await handle.db.query<{ kind: string; median: number; n: number }>(
      `SELECT CASE WHEN r.resolution = 'accepted' THEN 'confirm' ELSE 'correct' END AS kind,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.resolved_at - r.claimed_at) / 60)::float AS median,
              count(*)::int AS n
         FROM review_items r JOIN tickets t ON t.id = r.ticket_id
         JOIN demo_simulated_agents a ON a.user_id = r.resolved_by AND a.role_in_demo NOT IN ('lead', 'control')
        WHERE t.workspace_id = $1 AND t.source = 'demo-weeks' AND r.kind = 'first' AND r.claimed_at IS NOT NULL
        GROUP BY 1`,
      [workspaceId],
    );
    const median = (kind: string) => rows.find((r) => r.kind === kind)!.median;
    expect(median('confirm')).toBeGreaterThan(0.7);
    expect(median('confirm')).toBeLessThan(3);
    expect(median('correct')).toBeGreaterThan(median('confirm'));
    expect(median('correct')).toBeLessThan(8);
  });

  it('bounces some tickets to another desk and back: fewer hops where the AI showed a category', async () => {
    await rebuildMetricRollups({ db: handle.db, clock: services.clock }, workspaceId);
    const v = await valueOverTime(handle.db, workspaceId, {
      from: new Date(anchor.getTime() - 56 * 86_400_000).toISOString().slice(0, 10),
      to: anchor.toISOString().slice(0, 10),
      granularity: 'week',
    });
    expect(v.live.hops).toBeGreaterThan(0);
    expect(v.baseline.hops).toBeGreaterThan(0);
    // Two hops a bounce: about 2 × 0.14 per ticket triaged from scratch; live mostly right categories.
    expect(v.baseline.hopsPerTicket!).toBeGreaterThan(0.15);
    expect(v.baseline.hopsPerTicket!).toBeLessThan(0.45);
    expect(v.live.hopsPerTicket!).toBeLessThan(v.baseline.hopsPerTicket!);
  });

  it('keeps the event chain valid, and a second run adds nothing', async () => {
    expect((await verifyEventChain(handle.db, workspaceId)).ok).toBe(true);
    const before = await count(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1`);
    expect(await simulateRolloutWeeks(services, workspaceId, options)).toMatchObject({ ran: false });
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1`)).toBe(before);
    expect(await count(`SELECT count(*)::int AS n FROM demo_simulated_agents WHERE workspace_id = $1`)).toBe(
      27,
    );
  });

  it('gives the rollout ladder real gate values for the pilot right away', async () => {
    const ladder = await rolloutLadder(handle.db, services, workspaceId);
    const pilot = ladder.cohorts.find((c) => c.name === 'Pilot')!;
    const cells = ladder.cells.filter((c) => c.cohortId === pilot.id);
    const measured = cells.filter((c) =>
      [...c.nextGates, ...c.stageGates].some((g) => g.metric === 'decided_tickets' && (g.current ?? 0) > 0),
    );
    expect(measured.length).toBeGreaterThan(cells.length / 2);
    expect(cells.some((c) => c.stage === 'suggest' || c.stage === 'auto')).toBe(true);
  });

  it('goes on live: live tickets go to simulated agents, who claim and later resolve demo items', async () => {
    const agents = new Set(
      (
        await handle.db.query<{ email: string }>(
          `SELECT u.email FROM demo_simulated_agents a JOIN users u ON u.id = a.user_id
            WHERE a.workspace_id = $1 AND a.role_in_demo <> 'lead'`,
          [workspaceId],
        )
      ).map((a) => a.email),
    );
    for (let i = 0; i < 4; i++) await feedLiveDemoTicket(services, workspaceId);
    const live = await handle.db.query<{ assignee: string }>(
      `SELECT assignee FROM tickets WHERE workspace_id = $1 AND source = 'demo-live'`,
      [workspaceId],
    );
    expect(live).toHaveLength(4);
    for (const t of live) expect(agents.has(t.assignee)).toBe(true);
    const clock = new SimulatedClock(new Date());
    const first = await workLiveDemoItems({ db: handle.db, clock }, workspaceId, { claimPerTick: 5 });
    expect(first.claimed).toBeGreaterThan(0);
    // Handling times are minutes, not hours: an hour later the claimed items are resolved.
    clock.set(Date.now() + 3_600_000);
    const later = await workLiveDemoItems({ db: handle.db, clock }, workspaceId, { claimPerTick: 0 });
    expect(later.resolved).toBe(first.claimed);
    const stillClaimed = await count(
      `SELECT count(*)::int AS n FROM review_items r JOIN demo_simulated_agents a ON a.user_id = r.claimed_by
        WHERE r.workspace_id = $1 AND r.status = 'open'`,
    );
    expect(stillClaimed).toBe(0);
  });
});
