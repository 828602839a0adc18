import type { Rng } from './prng.js';

// How a simulated support agent works a review item: pure functions of a seeded PRNG, so the
// demo history is the same on every first start. The rates follow what teams report in the
// first weeks with an assistant: most right suggestions are confirmed in a keystroke, most wrong
// ones are corrected, a few are left for later, and a few right ones are changed by mistake.

export type AgentAction = 'accept' | 'correct' | 'wrong_category' | 'ignore';

/** What the item showed the agent: a suggestion to confirm, or nothing to start from. */
export type ItemSituation = 'right_suggestion' | 'wrong_suggestion' | 'no_suggestion';

export const BEHAVIOUR = {
  right_suggestion: { accept: 0.92, wrong_category: 0.02, ignore: 0.06 },
  wrong_suggestion: { correct: 0.82, accept: 0.11, ignore: 0.07 },
  // Triaging from scratch (shadow, off, control, low confidence): people are right most of the time.
  no_suggestion: { correct: 0.95, wrong_category: 0.03, ignore: 0.02 },
} as const;

export function agentAction(rng: Rng, situation: ItemSituation): AgentAction {
  const rates: Partial<Record<AgentAction, number>> = BEHAVIOUR[situation];
  const actions = Object.keys(rates) as AgentAction[];
  return rng.weighted(
    actions,
    actions.map((a) => rates[a] ?? 0),
  );
}

/** Median minutes of hands-on work per kind of action (control people work without any AI). */
export const HANDLING_MEDIAN_MINUTES = {
  confirm: 1.5,
  correct: 3.5,
  from_scratch: 3,
  control: 4.2,
} as const;
export type HandlingKind = keyof typeof HANDLING_MEDIAN_MINUTES;

/** Standard normal draw (Box–Muller). */
function normal(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Handling minutes, log-normal around the kind's median scaled by the person's pace (a long
 * right tail: most tickets are quick, a few take a quarter of an hour), clamped to 15 s – 40 min.
 */
export function handlingMinutes(rng: Rng, kind: HandlingKind, pace: number): number {
  const minutes = HANDLING_MEDIAN_MINUTES[kind] * pace * Math.exp(0.55 * normal(rng));
  return Math.min(40, Math.max(0.25, minutes));
}

/** Minutes an item waits in the queue before its agent claims it (exponential, mean 18 min). */
export function waitMinutes(rng: Rng): number {
  return Math.min(240, -18 * Math.log(Math.max(rng.next(), 1e-9)));
}

// Arrivals per hour of a working day (UTC 07–18): a morning peak and a smaller one after lunch.
const HOURLY_WEIGHTS = [0.5, 1.2, 1.6, 1.5, 1.2, 0.8, 1.1, 1.3, 1.1, 0.8, 0.5];
const FIRST_HOUR = 7;

/** Arrival times of one day's tickets, in ms after the day's midnight, sorted. */
export function arrivalOffsets(rng: Rng, count: number): number[] {
  const hours = HOURLY_WEIGHTS.map((_, i) => FIRST_HOUR + i);
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const hour = rng.weighted(hours, HOURLY_WEIGHTS);
    offsets.push((hour * 60 + rng.next() * 60) * 60_000);
  }
  return offsets.sort((a, b) => a - b);
}

/** Tickets arriving on a day: none at weekends, more on Mondays, fewer on Fridays. */
export function ticketsOnDay(rng: Rng, date: Date, perWeekday: number): number {
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return 0;
  const factor = weekday === 1 ? 1.2 : weekday === 5 ? 0.85 : 1;
  return Math.max(0, Math.round(perWeekday * factor * (0.9 + rng.next() * 0.2)));
}
