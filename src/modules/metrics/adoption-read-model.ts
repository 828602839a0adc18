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

const decisionSums = (key: string) => `SELECT ${key} AS key, sum(decisions)::int AS decisions,
  sum(shadow)::int AS shadow, sum(suggested + applied)::int AS shown, sum(accepted)::int AS accepted,
  sum(overridden)::int AS overridden, sum(ignored)::int AS ignored,
  count(DISTINCT person_id) FILTER (WHERE accepted + overridden > 0)::int AS "peopleActive"`;

/** Adoption over time (one point per day or week of the range) and in total. */
export async function adoptionOverTime(sql: Sql, workspaceId: string, q: MetricsQuery): Promise<Adoption> {
  const byPeriod = await adoptionRows(sql, workspaceId, q, periodSql(q.granularity));
  const total = (await adoptionRows(sql, workspaceId, q, "'total'")).get('total') ?? figures();
  const points = periodsOf(q).map((period) => ({ period, ...(byPeriod.get(period) ?? figures()) }));
  return { from: q.from, to: q.to, granularity: q.granularity, points, total };
}

/** Adoption over the whole range, one row per person, cohort or category, most shown first. */
export async function adoptionBy(
  sql: Sql,
  workspaceId: string,
  q: MetricsQuery,
  dimension: AdoptionDimension,
): Promise<AdoptionGroup[]> {
  const column = { person: 'person_id', cohort: 'cohort_id', category: 'category_id' }[dimension];
  const rows = await adoptionRows(sql, workspaceId, q, `${column}::text`);
  const names = await namesOf(sql, workspaceId);
  const fallback = { person: 'Unassigned or not a member', cohort: 'Workspace default', category: '?' }[
    dimension
  ];
  return [...rows.entries()]
    .map(([id, f]) => ({ id, name: (id && names.get(id)) ?? fallback, ...f }))
    .sort((a, b) => b.shown - a.shown || a.name.localeCompare(b.name));
}

async function adoptionRows(
  sql: Sql,
  workspaceId: string,
  q: MetricsQuery,
  key: string,
): Promise<Map<string | null, AdoptionFigures>> {
  const f = filtersOf(workspaceId, q, { person: true, category: 'category_id' });
  const decisions = await sql.query<DecisionSums>(
    `${decisionSums(key)} FROM metric_decisions_daily WHERE ${f.where} GROUP BY 1`,
    f.params,
  );
  const buckets = await sql.query<{ key: string | null; bucket: number; n: number }>(
    `SELECT ${key} AS key, bucket, sum(n)::int AS n FROM metric_action_times_daily WHERE ${f.where} GROUP BY 1, 2`,
    f.params,
  );
  const tickets = await sql.query<{ key: string | null; tickets: number; aiTouched: number }>(
    `SELECT ${key} AS key, sum(tickets)::int AS tickets, sum(ai_touched)::int AS "aiTouched"
       FROM metric_tickets_daily WHERE ${f.where} GROUP BY 1`,
    f.params,
  );
  const out = new Map<string | null, AdoptionFigures>();
  const at = (k: string | null) => {
    const v = out.get(k) ?? figures();
    out.set(k, v);
    return v;
  };
  for (const d of decisions) {
    const v = at(d.key);
    Object.assign(v, {
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
    });
  }
  const histograms = new Map<string | null, number[]>();
  for (const b of buckets) {
    const h = histograms.get(b.key) ?? ACTION_BUCKETS.map(() => 0);
    h[b.bucket] = b.n;
    histograms.set(b.key, h);
  }
  for (const [k, h] of histograms) at(k).medianActionMinutes = histogramMedian(h);
  for (const t of tickets) {
    const v = at(t.key);
    v.tickets = t.tickets;
    v.aiTouched = t.aiTouched;
    v.aiTouchedShare = share(t.aiTouched, t.tickets);
  }
  return out;
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
