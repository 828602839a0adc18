import type { Database } from '../../platform/db/database.js';
import type { ChampionCache } from '../learning/index.js';
import { claimItem, type ReviewResolution, resolveItem } from '../review/index.js';
import { generateLiveDemoTicket } from './generate-demo-history.js';
import type { Rng } from './prng.js';
import { agentActor, type SimulatedAgent } from './simulated-agents.js';
import type { SimulatedClock } from './simulation-context.js';

// What the simulated tickets share: their source, their content (a seeded sequence, so the true
// category of any of them can be told again later), and a person working one review item.

export const WEEKS_SOURCE = 'demo-weeks';
export const WEEKS_SEED = 4242;

export interface WorkDeps {
  db: Database;
  clock: SimulatedClock;
  champions: ChampionCache;
}

export interface WorkContext {
  workspaceId: string;
  rng: Rng;
  /** Category key → id. */
  categoryIds: Map<string, string>;
  /** Nothing is done at or after this instant: it is the present, which the live demo continues. */
  until: number;
}

/** The true category (a demo category key) of a simulated ticket, from its sequence number. */
export const weeksTicket = (sequence: number) => generateLiveDemoTicket(WEEKS_SEED, sequence);
export const weeksExternalId = (sequence: number) => `WEEKS-${sequence}`;

/** Claims the item when the person opens it and resolves it when they are done: the handling time. */
export async function workItem(
  deps: WorkDeps,
  ctx: { workspaceId: string },
  person: SimulatedAgent,
  itemId: string,
  claimedAt: number,
  resolvedAt: number,
  resolution: ReviewResolution,
): Promise<void> {
  const reviewer = { workspaceId: ctx.workspaceId, actor: agentActor(person), userId: person.userId };
  deps.clock.set(claimedAt);
  await claimItem(deps, reviewer, itemId);
  deps.clock.set(resolvedAt);
  await resolveItem(deps, reviewer, itemId, resolution);
}
