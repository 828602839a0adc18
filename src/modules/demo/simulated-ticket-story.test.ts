import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../composition.js';
import { firstStart } from '../../first-start.js';
import { loadConfig } from '../../platform/config/config.js';
import { systemActor } from '../../platform/events/index.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { claimItem, resolveItem } from '../review/index.js';
import { receiveTicket } from '../tickets/index.js';
import { seedDemoWorkspace } from './index.js';
import { createRng } from './prng.js';
import { agentActor, ensureSimulatedAgents, type SimulatedAgent } from './simulated-agents.js';
import { demoFeedActor, simulatedTicketStory, type TicketStory } from './simulated-ticket-story.js';
import { SimulatedClock } from './simulation-context.js';
import { WEEKS_SEED, weeksTicket } from './simulate-ticket-work.js';
import { loadStoryWorld } from './story-world.js';
import { writeSimulatedTickets } from './write-simulated-tickets.js';

// The simulated history writes its tickets set-based; this checks, row for row and event for
// event, that they are what the product's own intake and review path writes for the same ticket
// at the same moments.

const { targets } = await databaseTargets();

describe.each(targets)('a simulated ticket story on $name', (target) => {
  let handle: TestDatabase;
  let services: AppServices;
  let workspaceId: string;
  let agent: SimulatedAgent;

  beforeAll(async () => {
    handle = await target.open();
    services = await createServices(loadConfig({ TRIAGE_DEMO: 'false', LOG_LEVEL: 'silent' }), {
      db: handle.db,
    });
    await firstStart(services);
    [{ id: workspaceId }] = (await handle.db.query<{ id: string }>('SELECT id FROM workspaces')) as [
      { id: string },
    ];
    await seedDemoWorkspace(services, workspaceId, { ownerUserId: null, historySize: 400, liveTickets: 0 });
    // Every prediction is a suggestion, so each ticket goes through review.
    await handle.db.query(`UPDATE categories SET autonomy = 'suggest' WHERE workspace_id = $1`, [
      workspaceId,
    ]);
    const agents = await handle.db.transaction((tx) =>
      ensureSimulatedAgents(tx, services.clock, workspaceId, WEEKS_SEED, systemActor('test')),
    );
    agent = agents.find((a) => a.group === 'pilot')!;
    const [queue] = await handle.db.query<{ id: string }>(
      'SELECT id FROM review_queues WHERE workspace_id = $1 AND is_default',
      [workspaceId],
    );
    await handle.db.query('INSERT INTO review_queue_members (queue_id, user_id) VALUES ($1, $2)', [
      queue!.id,
      agent.userId,
    ]);
  }, 300_000);
  afterAll(() => handle.dispose());

  it('writes the same rows and events as receiving, claiming and resolving the ticket', async () => {
    const categoryIds = new Map(
      (
        await handle.db.query<{ key: string; id: string }>(
          'SELECT key, id FROM categories WHERE workspace_id = $1',
          [workspaceId],
        )
      ).map((c) => [c.key, c.id] as [string, string]),
    );
    const world = await loadStoryWorld(handle.db, services.champions, {
      workspaceId,
      categoryIds,
      until: Date.now(),
    });
    const arrival = Date.parse('2026-03-02T09:15:00Z');
    // The first ticket whose agent answered its suggestion (not ignored).
    let story: TicketStory | undefined;
    let sequence = 0;
    for (const rng = createRng(7); !story?.labels.length; ) {
      sequence++;
      story = simulatedTicketStory(world, rng, sequence, arrival, agent);
    }
    // The same ticket through the product's path, at the same moments (first, so that the model
    // has not learned the story's label online when it predicts).
    const clock = new SimulatedClock(new Date(arrival));
    const deps = { ...services, clock, challengers: undefined };
    const generated = weeksTicket(sequence);
    clock.set(arrival);
    const { ticketId } = await receiveTicket(
      deps,
      { workspaceId, actor: demoFeedActor },
      {
        source: 'demo-weeks',
        externalId: `REAL-${sequence}`,
        subject: generated.subject,
        body: generated.body,
        requester: generated.requester,
        channel: generated.channel,
        assignee: agent.email,
        createdAt: new Date(arrival).toISOString(),
      },
    );
    const first = story!.items[0]!;
    const [item] = await handle.db.query<{ id: string }>(
      `SELECT id FROM review_items WHERE ticket_id = $1 AND kind = 'first'`,
      [ticketId],
    );
    const reviewer = { workspaceId, actor: agentActor(agent), userId: agent.userId };
    clock.set(new Date(first.claimedAt!));
    await claimItem(deps, reviewer, item!.id);
    clock.set(new Date(first.resolvedAt!));
    await resolveItem(
      deps,
      reviewer,
      item!.id,
      first.resolution === 'accepted'
        ? { action: 'accept' }
        : { action: 'correct', category: first.resolvedCategoryId! },
    );

    await handle.db.transaction((tx) => writeSimulatedTickets(tx, workspaceId, [story!]));
    const simulated = await snapshot(story!.ticket.id);
    const real = await snapshot(ticketId);
    // The second review is sampled by the item's id, which differs between the two.
    const firstOnly = (s: Snapshot) => ({
      ...s,
      items: s.items.filter((i) => i.kind === 'first'),
      events: s.events.filter((e) => e.action !== 'second_review.opened'),
    });
    expect(firstOnly(simulated)).toEqual(firstOnly(real));
    expect(simulated.events.map((e) => e.action).slice(0, 4)).toEqual([
      'ticket.received',
      'prediction.made',
      'decision.made',
      'review.opened',
    ]);
  });

  type Snapshot = Awaited<ReturnType<typeof snapshot>>;

  /** A ticket's rows and events with its own ids replaced by their role, and sequence numbers left out. */
  async function snapshot(ticketId: string) {
    const q = (sql: string) => handle.db.query<Record<string, unknown>>(sql, [ticketId]);
    const [ticket] = await q('SELECT * FROM tickets WHERE id = $1');
    const predictions = await q('SELECT * FROM predictions WHERE ticket_id = $1');
    const decisions = await q('SELECT * FROM decisions WHERE ticket_id = $1');
    const items = await q('SELECT * FROM review_items WHERE ticket_id = $1 ORDER BY kind, created_at');
    const labels = await q('SELECT * FROM labels WHERE ticket_id = $1 ORDER BY seq');
    const events = await q(
      `SELECT occurred_at, actor_type, actor_id, actor_name, model_version, action, subject_type, payload
         FROM events WHERE subject_id = $1 ORDER BY seq`,
    );
    const roles = new Map<string, string>([
      [ticketId, 'ticket'],
      [String(ticket!.external_id), 'externalId'],
    ]);
    for (const p of predictions) roles.set(String(p.id), 'prediction');
    for (const d of decisions) roles.set(String(d.id), 'decision');
    for (const [i, r] of items.entries()) roles.set(String(r.id), `item${i}`);
    for (const l of labels) roles.set(String(l.id), 'label');
    const strip = (rows: Record<string, unknown>[]) =>
      rows.map((row) => {
        const { id: _id, seq: _seq, external_id: _ext, hash: _h, prev_hash: _p, ...rest } = row;
        const text = JSON.stringify(rest, (key, value) =>
          key === 'labelSeq'
            ? undefined
            : typeof value === 'string' && roles.has(value)
              ? roles.get(value)
              : value,
        );
        return JSON.parse(text) as Record<string, unknown>;
      });
    return {
      ticket: strip([ticket!]),
      predictions: strip(predictions),
      decisions: strip(decisions),
      items: strip(items),
      labels: strip(labels),
      events: strip(events),
    };
  }
});
