import type { Clock } from '../../platform/clock.js';
import { type Database, one } from '../../platform/db/database.js';
import { type Actor, systemActor } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { createCategory, listCategories } from '../categories/index.js';
import { importHistoryBatch } from '../imports/index.js';
import { type ChampionCache, championVersion, trainWorkspaceModel } from '../learning/index.js';
import { receiveTicket } from '../tickets/index.js';
import { demoCategories } from './categories.js';
import { generateDemoHistory, generateLiveDemoTicket } from './generate-demo-history.js';
import { createRng, hashSeed } from './prng.js';
import { simulatedAgents } from './simulated-agents.js';

export interface DemoDeps {
  db: Database;
  clock: Clock;
  champions: ChampionCache;
  onDecision?: (outcome: 'applied' | 'suggested' | 'needs_review') => void;
}

export const DEMO_SEED = 42;
const LIVE_SOURCE = 'demo-live';

/**
 * Fills a workspace with the demo: the categories of a fictional SaaS support desk, a
 * generated labelled history, a first trained model, and a handful of live tickets so the
 * review queue has work in it. Every step is idempotent, so a seeding interrupted by a
 * crash is completed by running it again.
 */
export async function seedDemoWorkspace(
  deps: DemoDeps,
  workspaceId: string,
  options: {
    ownerUserId: string | null;
    historySize?: number;
    liveTickets?: number;
    onProgress?: (msg: string) => void;
  },
): Promise<{ categories: number; history: number; modelVersion: number }> {
  const progress = options.onProgress ?? (() => undefined);
  const ctx: RequestContext = { workspaceId, actor: systemActor('Demo generator') };
  progress('creating demo categories');
  const existing = new Set((await listCategories(deps.db, workspaceId, true)).map((c) => c.key));
  for (const c of demoCategories.filter((d) => !existing.has(d.key))) {
    await createCategory(deps, ctx, {
      key: c.key,
      name: c.name,
      description: c.description,
      examples: c.examples,
      counterExamples: c.counterExamples,
      ownerUserId: options.ownerUserId,
    });
  }
  const history = generateDemoHistory({ seed: DEMO_SEED, count: options.historySize ?? 3600 });
  const batch = 400;
  for (let i = 0; i < history.length; i += batch) {
    progress(`importing demo history ${Math.min(i + batch, history.length)}/${history.length}`);
    await importHistoryBatch(
      deps,
      ctx,
      history.slice(i, i + batch).map((t) => ({
        externalId: t.externalId,
        subject: t.subject,
        body: t.body,
        category: t.category,
        createdAt: t.createdAt,
        requester: t.requester,
        channel: t.channel,
      })),
      { createCategories: false, source: 'demo-history' },
    );
  }
  // A seeding interrupted after its training keeps that model: training again would only start a
  // challenger on the same labels.
  const champion = await championVersion(deps.db, workspaceId);
  if (!champion) progress('training the first model');
  const trained = champion ?? (await trainWorkspaceModel(deps, ctx, { trigger: 'seed' }));
  const { n: fed } = await one<{ n: number }>(
    deps.db,
    'SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1 AND source = $2',
    [workspaceId, LIVE_SOURCE],
  );
  for (let i = fed; i < (options.liveTickets ?? 12); i++) await feedLiveDemoTicket(deps, workspaceId);
  return { categories: demoCategories.length, history: history.length, modelVersion: trained.version };
}

/** Sends the next live demo ticket through the normal intake path, as the demo feed. */
export async function feedLiveDemoTicket(
  deps: DemoDeps,
  workspaceId: string,
  actor: Actor = systemActor('Demo feed'),
) {
  const { n } = await one<{ n: number }>(
    deps.db,
    'SELECT count(*)::int AS n FROM tickets WHERE workspace_id = $1 AND source = $2',
    [workspaceId, LIVE_SOURCE],
  );
  const ticket = generateLiveDemoTicket(DEMO_SEED, n + 1);
  // Once the simulated team exists, each live ticket goes to one of its agents, so it is decided
  // under that person's cohort's stage as the history was.
  const agents = (await simulatedAgents(deps.db, workspaceId)).filter((a) => a.group !== 'lead');
  const assignee =
    agents.length > 0
      ? createRng(hashSeed(DEMO_SEED, n + 1)).weighted(
          agents,
          agents.map((a) => 1 / a.pace),
        ).email
      : undefined;
  return receiveTicket(
    deps,
    { workspaceId, actor },
    {
      source: LIVE_SOURCE,
      externalId: ticket.externalId,
      subject: ticket.subject,
      body: ticket.body,
      requester: ticket.requester,
      channel: ticket.channel,
      assignee,
    },
  );
}
