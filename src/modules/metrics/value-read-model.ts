import type { Sql } from '../../platform/db/database.js';
import { BASELINE_ARMS, share } from './metric-definitions.js';
import { filtersOf, type MetricsQuery, periodSql, periodsOf } from './metrics-query.js';

// Value: does the AI reduce work? Live tickets (the AI could act) against the baseline (shadow
// stage and control cohort tickets), from the rollups only.

export interface ValueFigures {
  tickets: number;
  aiTouched: number;
  humanTouches: number;
  /** Human labels per 100 tickets. */
  touchesPer100: number | null;
  /** Tickets with a category, and the mean minutes from arrival to their final category. */
  correctN: number;
  minutesToCorrect: number | null;
  /** Tickets with an assignee, and the mean minutes from arrival to the first assignment. */
  assignedN: number;
  minutesToAssign: number | null;
  /** Re-assignment hops, and their mean per ticket with an assignee. */
  hops: number;
  hopsPerTicket: number | null;
}

export interface ReviewLoad {
  /** Review items resolved (superseded ones excluded); of them claimed first (handled). */
  resolved: number;
  handled: number;
  /** Claim → resolution minutes of the handled items, and their mean. */
  handlingMinutes: number;
  minutesPerItem: number | null;
}

export interface ValuePoint {
  period: string;
  live: ValueFigures;
  baseline: ValueFigures;
  /** (baseline touches per ticket − live) × live tickets, with the range's baseline rate. */
  touchesAvoided: number | null;
  /** touchesAvoided × the range's minutes per review item. */
  minutesSaved: number | null;
}

export interface Value {
  from: string;
  to: string;
  granularity: MetricsQuery['granularity'];
  points: ValuePoint[];
  live: ValueFigures;
  baseline: ValueFigures;
  review: ReviewLoad;
  touchesAvoided: number | null;
  minutesSaved: number | null;
}

interface Sums {
  period: string;
  baseline: boolean;
  tickets: number;
  aiTouched: number;
  humanTouches: number;
  correctN: number;
  correctMinutes: number;
  assignedN: number;
  assignMinutes: number;
  hops: number;
}

/** Live against baseline over time and in total, with the review load and the minutes saved. */
export async function valueOverTime(sql: Sql, workspaceId: string, q: MetricsQuery): Promise<Value> {
  const f = filtersOf(workspaceId, q, { person: false, category: 'category_id' });
  const arms = BASELINE_ARMS.map((a) => `'${a}'`).join(', ');
  const rows = await sql.query<Sums>(
    `SELECT ${periodSql(q.granularity)} AS period, arm IN (${arms}) AS baseline,
            sum(tickets)::int AS tickets, sum(ai_touched)::int AS "aiTouched",
            sum(human_touches)::int AS "humanTouches", sum(correct_n)::int AS "correctN",
            sum(correct_minutes)::float8 AS "correctMinutes", sum(assigned_n)::int AS "assignedN",
            sum(assign_minutes)::float8 AS "assignMinutes", sum(hops)::int AS hops
       FROM metric_tickets_daily WHERE ${f.where} AND arm IN ('live', ${arms}) GROUP BY 1, 2`,
    f.params,
  );
  const review = await reviewLoad(sql, workspaceId, q);
  const live = figuresOf(rows.filter((r) => !r.baseline));
  const baseline = figuresOf(rows.filter((r) => r.baseline));
  const baselineRate = share(baseline.humanTouches, baseline.tickets);
  const saved = (l: ValueFigures) => {
    if (baselineRate === null || l.tickets === 0) return { touchesAvoided: null, minutesSaved: null };
    const touchesAvoided = (baselineRate - l.humanTouches / l.tickets) * l.tickets;
    const minutesSaved = review.minutesPerItem === null ? null : touchesAvoided * review.minutesPerItem;
    return { touchesAvoided, minutesSaved };
  };
  const points = periodsOf(q).map((period) => {
    const p = {
      live: figuresOf(rows.filter((r) => r.period === period && !r.baseline)),
      baseline: figuresOf(rows.filter((r) => r.period === period && r.baseline)),
    };
    return { period, ...p, ...saved(p.live) };
  });
  return {
    from: q.from,
    to: q.to,
    granularity: q.granularity,
    points,
    live,
    baseline,
    review,
    ...saved(live),
  };
}

/** Review items resolved in the range and the measured minutes each took (claim → resolution). */
export async function reviewLoad(sql: Sql, workspaceId: string, q: MetricsQuery): Promise<ReviewLoad> {
  const f = filtersOf(workspaceId, q, { person: false, category: 'category_id' });
  const [row] = await sql.query<{ resolved: number; handled: number; minutes: number }>(
    `SELECT coalesce(sum(resolved), 0)::int AS resolved, coalesce(sum(handled), 0)::int AS handled,
            coalesce(sum(handling_minutes), 0)::float8 AS minutes
       FROM metric_reviews_daily WHERE ${f.where}`,
    f.params,
  );
  const r = row ?? { resolved: 0, handled: 0, minutes: 0 };
  return {
    resolved: r.resolved,
    handled: r.handled,
    handlingMinutes: r.minutes,
    minutesPerItem: share(r.minutes, r.handled),
  };
}

function figuresOf(rows: Sums[]): ValueFigures {
  const sum = (k: keyof Omit<Sums, 'period' | 'baseline'>) => rows.reduce((a, r) => a + r[k], 0);
  const tickets = sum('tickets');
  const humanTouches = sum('humanTouches');
  const correctN = sum('correctN');
  const assignedN = sum('assignedN');
  const per100 = share(humanTouches, tickets);
  return {
    tickets,
    aiTouched: sum('aiTouched'),
    humanTouches,
    touchesPer100: per100 === null ? null : per100 * 100,
    correctN,
    minutesToCorrect: share(sum('correctMinutes'), correctN),
    assignedN,
    minutesToAssign: share(sum('assignMinutes'), assignedN),
    hops: sum('hops'),
    hopsPerTicket: share(sum('hops'), assignedN),
  };
}
