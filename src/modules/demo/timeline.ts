/** Deterministic ticket timestamps: weekday-heavy, business hours, slow growth, a few incidents. */
import type { Rng } from './prng.js';

export const DAY_MS = 86_400_000;
export const HISTORY_DAYS = 180;

/** Relative ticket volume per UTC hour (Europe mornings + Americas afternoons). */
const HOUR_WEIGHTS = [
  1, 0.8, 0.6, 0.5, 0.5, 0.7, 1.2, 2.2, 3.2, 3.8, 3.9, 3.6, 3.4, 4.2, 4.8, 5, 4.8, 4.4, 3.6, 3, 2.6, 2.2, 1.6,
  1.2,
];
const HOURS = HOUR_WEIGHTS.map((_, h) => h);
const DAY_OF_WEEK_WEIGHTS = [0.3, 1.05, 1.1, 1, 1, 0.85, 0.35];

/** Share of a category's tickets that cluster on incident days. */
const INCIDENT_SHARE: Readonly<Record<string, number>> = {
  performance: 0.3,
  'api-and-webhooks': 0.12,
  notifications: 0.08,
  integrations: 0.06,
  'bug-report': 0.04,
};

export interface Timeline {
  windowStart: number;
  windowEnd: number;
  sample(category: string): Date;
}

export function buildTimeline(rng: Rng, startDateMs: number): Timeline {
  const windowStart = startDateMs - HISTORY_DAYS * DAY_MS;
  const days = Array.from({ length: HISTORY_DAYS }, (_, d) => d);
  const weights = days.map((d) => {
    const date = new Date(windowStart + d * DAY_MS);
    const dow = DAY_OF_WEEK_WEIGHTS[date.getUTCDay()] ?? 1;
    const month = date.getUTCMonth();
    const day = date.getUTCDate();
    const holiday = (month === 11 && day >= 24) || (month === 0 && day <= 1) ? 0.35 : 1;
    return dow * holiday * (0.75 + (0.5 * d) / HISTORY_DAYS) * (0.85 + 0.3 * rng.next());
  });
  const weekdays = days.filter((d) => {
    const dow = new Date(windowStart + d * DAY_MS).getUTCDay();
    return dow >= 1 && dow <= 5;
  });
  const incidentDays = [rng.pick(weekdays), rng.pick(weekdays), rng.pick(weekdays)];
  const pickTime = (day: number, hour: number): Date => {
    const ms = windowStart + day * DAY_MS + hour * 3_600_000 + rng.int(0, 3599) * 1000;
    return new Date(ms);
  };
  return {
    windowStart,
    windowEnd: startDateMs,
    sample(category: string): Date {
      if (rng.chance(INCIDENT_SHARE[category] ?? 0)) {
        const day = rng.pick(incidentDays);
        return pickTime(day, rng.weighted(HOURS.slice(12, 20), HOUR_WEIGHTS.slice(12, 20)));
      }
      return pickTime(rng.weighted(days, weights), rng.weighted(HOURS, HOUR_WEIGHTS));
    },
  };
}
