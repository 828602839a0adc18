/** Deterministic, labelled support-ticket history for the "Acme Cloud" demo. */
import { demoCategories } from './categories.js';
import { type ComposedTicket, composeTicket, type TicketFeatures } from './compose.js';
import { buildCompanies, buildRequesterPool, formatRequester, pickFromPool } from './people.js';
import { profileOf } from './phrase-banks.js';
import { createRng, hashSeed, type Rng } from './prng.js';
import { buildTimeline } from './timeline.js';
import { composeVagueTicket } from './vague.js';
import type { DemoTicket, GenerateDemoHistoryOptions } from './types.js';

export { generateLiveDemoTicket } from './generate-live-ticket.js';

export const DEFAULT_SEED = 42;
export const DEFAULT_COUNT = 3600;
export const DEFAULT_START_DATE = '2026-01-01T00:00:00Z';
/** Share of history tickets that are vague ("hi, still waiting on this"), filed under a plausible category. */
export const HISTORY_VAGUE_SHARE = 0.02;

export interface DetailedDemoTicket {
  ticket: DemoTicket;
  features: TicketFeatures;
}

const CATEGORY_KEYS = demoCategories.map((c) => c.key);

/** Exact per-category counts from jittered weights (largest-remainder rounding). */
function allocateCounts(rng: Rng, count: number): Map<string, number> {
  const weights = CATEGORY_KEYS.map((key) => profileOf(key).weight * (0.92 + 0.16 * rng.next()));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (w / total) * count);
  const counts = exact.map(Math.floor);
  let remaining = count - counts.reduce((sum, c) => sum + c, 0);
  const order = exact
    .map((value, i) => ({ i, frac: value - Math.floor(value) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (remaining <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    remaining -= 1;
  }
  return new Map(CATEGORY_KEYS.map((key, i) => [key, counts[i] ?? 0]));
}

function parseOptions(options: GenerateDemoHistoryOptions): { seed: number; count: number; startMs: number } {
  const seed = Math.trunc(options.seed ?? DEFAULT_SEED);
  const count = options.count ?? DEFAULT_COUNT;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const startMs = Date.parse(options.startDate ?? DEFAULT_START_DATE);
  if (Number.isNaN(startMs)) throw new RangeError(`startDate is not a valid date: ${options.startDate}`);
  return { seed: Number.isFinite(seed) ? seed : DEFAULT_SEED, count, startMs };
}

/** Like generateDemoHistory, plus the noise features of each ticket (for tests and diagnostics). */
export function generateDemoHistoryDetailed(options: GenerateDemoHistoryOptions = {}): DetailedDemoTicket[] {
  const { seed, count, startMs } = parseOptions(options);
  const rng = createRng(hashSeed(seed, 0x4157));
  const companies = buildCompanies(seed);
  const pool = buildRequesterPool(rng, companies, Math.min(2000, Math.max(30, Math.round(count / 3.5))));
  const timeline = buildTimeline(rng, startMs);
  const counts = allocateCounts(rng, count);
  const labels = rng.shuffle(
    CATEGORY_KEYS.flatMap((key) => Array.from({ length: counts.get(key) ?? 0 }, () => key)),
  );

  const drafts = labels.map((category, index) => {
    const createdAt = timeline.sample(category);
    const requester = pickFromPool(rng, pool);
    const ticketRng = createRng(hashSeed(seed, index, 0x7e));
    const input = { rng: ticketRng, category, requester, createdAt };
    const composed: ComposedTicket = ticketRng.chance(HISTORY_VAGUE_SHARE)
      ? composeVagueTicket({ ...input, genericShare: 1 })
      : composeTicket(input);
    return { index, category, createdAt, requester, composed };
  });
  drafts.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.index - b.index);

  return drafts.map((draft, i) => ({
    ticket: {
      externalId: `DEMO-${String(i + 1).padStart(6, '0')}`,
      subject: draft.composed.subject,
      body: draft.composed.body,
      requester: formatRequester(draft.requester),
      channel: draft.composed.channel,
      createdAt: draft.createdAt.toISOString(),
      category: draft.category,
    },
    features: draft.composed.features,
  }));
}

/**
 * A deterministic, labelled ticket history: `count` tickets spread over the
 * 180 days before `startDate`, sorted by createdAt, ids DEMO-000001...
 */
export function generateDemoHistory(options: GenerateDemoHistoryOptions = {}): DemoTicket[] {
  return generateDemoHistoryDetailed(options).map((entry) => entry.ticket);
}
