/**
 * Tickets for the live demo feed. Unlike the history they mostly use phrasings the history never
 * shows (held-out and live-only intents), and they are messier: more two-topic tickets, vague
 * one-liners, typos and forwarded mail. A model trained on the history therefore gets most, but
 * not all, of them right, and is unsure about a good share of them.
 */
import { type ComposeStyle, composeTicket, type TicketFeatures } from './compose.js';
import { buildCompanies, formatRequester, makeRequester } from './people.js';
import { CATEGORY_PROFILES, freshIntentsOf, historyIntentsOf, profileOf } from './phrase-banks.js';
import { createRng, hashSeed } from './prng.js';
import type { LiveDemoTicket, PhraseIntent } from './types.js';
import { composeVagueTicket, type VagueTemplate } from './vague.js';

/** Share of live tickets that are vague. */
export const LIVE_VAGUE_SHARE = 0.08;
/** Share of live tickets that raise a second topic after the main one. */
export const LIVE_TWO_TOPIC_SHARE = 0.15;
/** Probability that a live ticket phrases its problem in a way the history never uses. */
export const LIVE_FRESH_INTENT_SHARE = 0.55;

const LIVE_START_MS = Date.parse('2026-01-01T00:00:00Z');

export type LiveTicketKind = 'standard' | 'two-topic' | 'vague';

export interface DetailedLiveTicket {
  ticket: LiveDemoTicket;
  kind: LiveTicketKind;
  /** The main intent (null for vague tickets). */
  intent: PhraseIntent | null;
  /** The vague template (null unless kind is 'vague'). */
  vague: VagueTemplate | null;
  /** Noise features; vague tickets have `vague: true`. */
  features: TicketFeatures;
}

export const LIVE_STYLE: ComposeStyle = {
  pickIntent: (rng, category) =>
    rng.pick(rng.chance(LIVE_FRESH_INTENT_SHARE) ? freshIntentsOf(category) : historyIntentsOf(category)),
  // Vague tickets are drawn first, so the two-topic share among the rest is scaled up.
  twoTopicShare: LIVE_TWO_TOPIC_SHARE / (1 - LIVE_VAGUE_SHARE),
  typoFactor: 2.5,
  forwardShare: 0.12,
};

/** Like generateLiveDemoTicket, plus what kind of ticket it is (for tests and diagnostics). */
export function generateLiveDemoTicketDetailed(seed: number, sequence: number): DetailedLiveTicket {
  const rng = createRng(hashSeed(seed, sequence, 0x11fe));
  const keys = Object.keys(CATEGORY_PROFILES);
  const category = rng.weighted(
    keys,
    keys.map((key) => profileOf(key).weight),
  );
  const requester = makeRequester(rng, buildCompanies(Math.trunc(seed)));
  const createdAt = new Date(LIVE_START_MS + (Math.abs(Math.trunc(sequence)) % 100_000) * 7 * 60_000);
  const base = { externalId: `LIVE-${seed}-${sequence}`, requester: formatRequester(requester), category };

  if (rng.chance(LIVE_VAGUE_SHARE)) {
    const vague = composeVagueTicket({ rng, category, requester, createdAt, genericShare: 0.25 });
    return {
      ticket: { ...base, subject: vague.subject, body: vague.body, channel: vague.channel },
      kind: 'vague',
      intent: null,
      vague: vague.template,
      features: vague.features,
    };
  }
  let intent: PhraseIntent | null = null;
  const style: ComposeStyle = {
    ...LIVE_STYLE,
    pickIntent: (r, key) => {
      const picked = LIVE_STYLE.pickIntent(r, key);
      if (intent === null) intent = picked;
      return picked;
    },
  };
  const composed = composeTicket({ rng, category, requester, createdAt, style });
  return {
    ticket: { ...base, subject: composed.subject, body: composed.body, channel: composed.channel },
    kind: composed.features.secondaryCategory === null ? 'standard' : 'two-topic',
    intent,
    vague: null,
    features: composed.features,
  };
}

/** A fresh ticket for the live feed; the same (seed, sequence) always gives the same ticket. */
export function generateLiveDemoTicket(seed: number, sequence: number): LiveDemoTicket {
  return generateLiveDemoTicketDetailed(seed, sequence).ticket;
}
