import type { Sql } from '../../platform/db/database.js';
import { ACTION_BUCKETS, histogramMedian, share } from './metric-definitions.js';
import { filtersOf, type MetricsQuery, namesOf, periodSql, periodsOf } from './metrics-query.js';

// Adoption: are people using the AI's output? Read from the rollups only (definitions in
// metric-definitions.ts).

export interface AdoptionFigures {
  /** Decisions with a predicted category; of them in shadow (nothing shown). */
  decisions: number;
  shadow: number;
  /** Suggested + applied outside shadow. */
  shown: number;
  accepted: number;
  overridden: number;
  ignored: number;
  /** Shown less than 24 h ago and not acted on yet. */
  pending: number;
  /** accepted / (accepted + overridden): of the shown decisions people acted on, the share kept. */
  acceptanceRate: number | null;
  /** overridden / (accepted + overridden). */
  overrideRate: number | null;
  /** ignored / shown. */
  ignoredRate: number | null;
  /** Median minutes from a shown decision to the first human label (within 24 h), from a histogram. */
  medianActionMinutes: number | null;
  /** Tickets received; of them with at least one shown decision. */
  tickets: number;
  aiTouched: number;
  aiTouchedShare: number | null;
  /** Distinct assignees who accepted or overrode at least one shown decision. */
  peopleActive: number;
}

export interface AdoptionPoint extends AdoptionFigures {
  period: string;
}

export interface Adoption {
  from: string;
  to: string;
  granularity: MetricsQuery['granularity'];
  points: AdoptionPoint[];
  total: AdoptionFigures;
}

export type AdoptionDimension = 'person' | 'cohort' | 'category';

export interface AdoptionGroup extends AdoptionFigures {
  /** The person, cohort or category id; null: no person / the workspace default cohort. */
  id: string | null;
  name: string;
}

type DecisionSums = { key: string | null } & Pick<
  AdoptionFigures,
  'decisions' | 'shadow' | 'shown' | 'accepted' | 'overridden' | 'ignored' | 'peopleActive'
>;

type Key = 'period' | 'total' | AdoptionDimension;

const keySql = (key: Key, q: MetricsQuery) =>
  key === 'period'
    ? periodSql(q.granularity)
    : key === 'total'
      ? "'total'"
      : `${{ person: 'person_id', cohort: 'cohort_id', category: 'category_id' }[key]}::text`;

const sums = (shown: string) => `sum(decisions)::int AS decisions, sum(shadow)::int AS shadow,
  sum(${shown})::int AS shown, sum(accepted)::int AS accepted, sum(overridden)::int AS overridden,
  sum(ignored)::int AS ignored`;
const active = 'count(DISTINCT person_id) FILTER (WHERE accepted + overridden > 0)::int AS "peopleActive"';

/** Adoption over time (one point per day or week of the range) and in total. */
export async function adoptionOverTime(sql: Sql, workspaceId: string, q: MetricsQuery): Promise<Adoption> {
  const byPeriod = await adoptionRows(sql, workspaceId, q, 'period');
  const total = (await adoptionRows(sql, workspaceId, q, 'total')).get('total') ?? figures();
  const points = periodsOf(q).map((period) => ({ period, ...(byPeriod.get(period) ?? figures()) }));
  return { from: q.from, to: q.to, granularity: q.granularity, points, total };
}

/**
 * Adoption over the whole range, one row per person, cohort or category, most shown first. Per
 * person the rollup has no category (the category filter does not apply), no time-to-action
 * histogram and no ticket counts; per category, people active is not split.
 */
export async function adoptionBy(
  sql: Sql,
  workspaceId: string,
  q: MetricsQuery,
  dimension: AdoptionDimension,
): Promise<AdoptionGroup[]> {
  const rows = await adoptionRows(sql, workspaceId, q, dimension);
  const names = await namesOf(sql, workspaceId);
  const fallback = { person: '?', cohort: 'Workspace default', category: '?' }[dimension];
  return [...rows.entries()]
    .map(([id, f]) => ({ id, name: (id && names.get(id)) ?? fallback, ...f }))
    .sort((a, b) => b.shown - a.shown || a.name.localeCompare(b.name));
}

// Per person (a dimension or a filter) everything comes from the people rollup; otherwise from
// the category rollups, with people active from the people rollup.
async function adoptionRows(
  sql: Sql,
  workspaceId: string,
  q: MetricsQuery,
  key: Key,
): Promise<Map<string | null, AdoptionFigures>> {
  const k = keySql(key, q);
  const people = filtersOf(workspaceId, q, { person: true, category: null });
  const out = new Map<string | null, AdoptionFigures>();
  const at = (id: string | null) => {
    const v = out.get(id) ?? figures();
    out.set(id, v);
    return v;
  };
  if (key === 'person' || q.personId !== undefined) {
    const rows = await sql.query<DecisionSums>(
      `SELECT ${k} AS key, ${sums('shown')}, ${active} FROM metric_people_daily WHERE ${people.where} GROUP BY 1`,
      people.params,
    );
    for (const d of rows) Object.assign(at(d.key), rates(d));
    return out;
  }
  const f = filtersOf(workspaceId, q, { person: false, category: 'category_id' });
  const decisions = await sql.query<DecisionSums>(
    `SELECT ${k} AS key, ${sums('suggested + applied')}, 0 AS "peopleActive"
       FROM metric_decisions_daily WHERE ${f.where} GROUP BY 1`,
    f.params,
  );
  for (const d of decisions) Object.assign(at(d.key), rates(d));
  if (key !== 'category') {
    const actives = await sql.query<{ key: string | null; peopleActive: number }>(
      `SELECT ${k} AS key, ${active} FROM metric_people_daily WHERE ${people.where} GROUP BY 1`,
      people.params,
    );
    for (const a of actives) at(a.key).peopleActive = a.peopleActive;
  }
  const buckets = await sql.query<{ key: string | null; bucket: number; n: number }>(
    `SELECT ${k} AS key, bucket, sum(n)::int AS n FROM metric_action_times_daily WHERE ${f.where} GROUP BY 1, 2`,
    f.params,
  );
  const histograms = new Map<string | null, number[]>();
  for (const b of buckets) {
    const h = histograms.get(b.key) ?? ACTION_BUCKETS.map(() => 0);
    h[b.bucket] = b.n;
    histograms.set(b.key, h);
  }
  for (const [id, h] of histograms) at(id).medianActionMinutes = histogramMedian(h);
  const tickets = await sql.query<{ key: string | null; tickets: number; aiTouched: number }>(
    `SELECT ${k} AS key, sum(tickets)::int AS tickets, sum(ai_touched)::int AS "aiTouched"
       FROM metric_tickets_daily WHERE ${f.where} GROUP BY 1`,
    f.params,
  );
  for (const t of tickets) {
    const v = at(t.key);
    v.tickets = t.tickets;
    v.aiTouched = t.aiTouched;
    v.aiTouchedShare = share(t.aiTouched, t.tickets);
  }
  return out;
}

function rates(d: DecisionSums): Partial<AdoptionFigures> {
  return {
    decisions: d.decisions,
    shadow: d.shadow,
    shown: d.shown,
    accepted: d.accepted,
    overridden: d.overridden,
    ignored: d.ignored,
    pending: d.shown - d.accepted - d.overridden - d.ignored,
    acceptanceRate: share(d.accepted, d.accepted + d.overridden),
    overrideRate: share(d.overridden, d.accepted + d.overridden),
    ignoredRate: share(d.ignored, d.shown),
    peopleActive: d.peopleActive,
  };
}

function figures(): AdoptionFigures {
  return {
    decisions: 0,
    shadow: 0,
    shown: 0,
    accepted: 0,
    overridden: 0,
    ignored: 0,
    pending: 0,
    acceptanceRate: null,
    overrideRate: null,
    ignoredRate: null,
    medianActionMinutes: null,
    tickets: 0,
    aiTouched: 0,
    aiTouchedShare: null,
    peopleActive: 0,
  };
}
