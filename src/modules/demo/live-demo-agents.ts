import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { claimItem, type ReviewResolution, resolveItem } from '../review/index.js';
import { agentAction, type HandlingKind, handlingMinutes } from './agent-behaviour.js';
import { generateLiveDemoTicket } from './generate-demo-history.js';
import { createRng, hashSeed } from './prng.js';
import { WEEKS_SOURCE, weeksTicket } from './simulate-ticket-work.js';
import { agentActor, type SimulatedAgent, simulatedAgents } from './simulated-agents.js';

// After the backfill the simulated team keeps working, in real time, so the queue, the gates and
// the charts keep moving: on each tick of the demo feed a person claims the oldest waiting demo
// items (the ticket's assignee, or a lead), and resolves the items they claimed once their
// handling time has passed — drawn per item from the same distributions as the history.

const LIVE_SOURCE = 'demo-live';
const MINUTE = 60_000;

export interface LiveAgentDeps {
  db: Database;
  clock: Clock;
}

interface OpenDemoItem {
  id: string;
  kind: 'first' | 'second';
  reason: string;
  proposed: string | null;
  source: string;
  externalId: string;
  assignee: string | null;
  claimedBy: string | null;
  claimedAt: Date | null;
  firstResolvedBy: string | null;
}

/** The true category key of a demo ticket, told again from its external id. */
function trueCategoryKey(source: string, externalId: string): string | null {
  const sequence = Number(externalId.split('-').at(-1));
  if (!Number.isInteger(sequence)) return null;
  if (source === WEEKS_SOURCE) return weeksTicket(sequence).category;
  const seed = Number(externalId.split('-')[1]);
  return source === LIVE_SOURCE && Number.isInteger(seed)
    ? generateLiveDemoTicket(seed, sequence).category
    : null;
}

const itemSeed = (itemId: string) => createHash('sha256').update(itemId).digest().readUInt32BE(0);

/** One tick: resolves what is done, then claims up to `claimPerTick` waiting items. */
export async function workLiveDemoItems(
  deps: LiveAgentDeps,
  workspaceId: string,
  options: { claimPerTick?: number } = {},
): Promise<{ claimed: number; resolved: number }> {
  const people = await simulatedAgents(deps.db, workspaceId);
  if (people.length === 0) return { claimed: 0, resolved: 0 };
  const byId = new Map(people.map((p) => [p.userId, p]));
  const leads = people.filter((p) => p.group === 'lead');
  const categories = new Map(
    (
      await deps.db.query<{ key: string; id: string }>(
        'SELECT key, id FROM categories WHERE workspace_id = $1 AND retired_at IS NULL',
        [workspaceId],
      )
    ).map((c) => [c.key, c.id]),
  );
  const items = await deps.db.query<OpenDemoItem>(
    `SELECT r.id, r.kind, r.reason, d.category_id AS proposed, t.source, t.external_id AS "externalId",
            t.assignee, r.claimed_by AS "claimedBy", r.claimed_at AS "claimedAt", f.resolved_by AS "firstResolvedBy"
       FROM review_items r JOIN tickets t ON t.id = r.ticket_id JOIN decisions d ON d.id = r.decision_id
       LEFT JOIN review_items f ON f.id = r.first_item_id
      WHERE r.workspace_id = $1 AND r.status = 'open' AND t.source IN ($2, $3)
      ORDER BY r.created_at LIMIT 200`,
    [workspaceId, LIVE_SOURCE, WEEKS_SOURCE],
  );
  const now = deps.clock.now().getTime();
  let resolved = 0;
  for (const item of items.filter((i) => i.claimedBy && byId.has(i.claimedBy))) {
    const person = byId.get(item.claimedBy!)!;
    const plan = planFor(item, person, categories);
    if (!plan || new Date(item.claimedAt!).getTime() + plan.minutes * MINUTE > now) continue;
    await resolveItem(deps, reviewerOf(workspaceId, person), item.id, plan.resolution);
    resolved++;
  }
  let claimed = 0;
  for (const item of items.filter((i) => !i.claimedBy)) {
    if (claimed >= (options.claimPerTick ?? 2)) break;
    const assignee = people.find((p) => p.email === item.assignee && p.group !== 'lead');
    const person =
      assignee && item.kind === 'first'
        ? assignee
        : leads.find((l) => l.userId !== item.firstResolvedBy && l.userId !== assignee?.userId);
    if (!person || !planFor(item, person, categories)) continue;
    await claimItem(deps, reviewerOf(workspaceId, person), item.id);
    claimed++;
  }
  return { claimed, resolved };
}

const reviewerOf = (workspaceId: string, person: SimulatedAgent) => ({
  workspaceId,
  actor: agentActor(person),
  userId: person.userId,
});

/** What the person will answer and how long it takes them, the same on every tick for an item. */
function planFor(
  item: OpenDemoItem,
  person: SimulatedAgent,
  categories: Map<string, string>,
): { resolution: ReviewResolution; minutes: number } | null {
  const key = trueCategoryKey(item.source, item.externalId);
  const trueId = key ? categories.get(key) : undefined;
  if (!trueId) return null;
  const rng = createRng(hashSeed(itemSeed(item.id)));
  const suggested = item.kind === 'first' && item.reason === 'suggestion' && item.proposed;
  const action = agentAction(
    rng,
    !suggested ? 'no_suggestion' : item.proposed === trueId ? 'right_suggestion' : 'wrong_suggestion',
  );
  // Live, an item someone would have ignored is simply answered later by whoever picks it up.
  const accept = action === 'accept' && item.proposed !== null;
  const kind: HandlingKind =
    person.group === 'control' ? 'control' : accept ? 'confirm' : suggested ? 'correct' : 'from_scratch';
  return {
    resolution: accept ? { action: 'accept' } : { action: 'correct', category: trueId },
    minutes: handlingMinutes(rng, kind, person.pace),
  };
}
