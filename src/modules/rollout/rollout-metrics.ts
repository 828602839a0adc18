import type { Sql } from '../../platform/db/database.js';
import { type GateMetrics, minutesVsBaseline } from './rollout-gates.js';

// Gate metrics per cohort × category over a window, from the decisions, the human labels that
// followed them and the open escalations. A decision counts for the cohort it was taken for and
// the category the model predicted. In shadow, what the AI would have done is what is judged.

export const cellKey = (cohortId: string | null, categoryId: string) =>
  `${cohortId ?? 'default'}:${categoryId}`;

interface Row {
  cohortId: string | null;
  categoryId: string;
  decided: number;
  precisionN: number;
  precisionOk: number;
  acceptanceN: number;
  acceptanceOk: number;
  overrideN: number;
  overrideBad: number;
  minutesTickets: number;
  minutes: number;
}

/**
 * Review minutes of each decision (claim → resolution of its resolved items, superseded ones
 * excluded, as the metrics rollups count handling) and whether any of its items is still open:
 * a ticket counts towards minutes per ticket once its decision's review work is done.
 */
const decisionMinutes = (d: string) => `LEFT JOIN LATERAL (
  SELECT coalesce(sum(extract(epoch FROM r.resolved_at - r.claimed_at) / 60)
                    FILTER (WHERE r.status = 'resolved' AND r.resolution <> 'superseded' AND r.claimed_at IS NOT NULL), 0)::float8 AS minutes,
         count(*) FILTER (WHERE r.status <> 'resolved')::int AS open_items
    FROM review_items r WHERE r.decision_id = ${d}.id) rm ON true`;

const share = (ok: number, n: number) => (n > 0 ? ok / n : null);

export const EMPTY_METRICS: GateMetrics = {
  decided_tickets: { value: 0, sample: 0 },
  precision: { value: null, sample: 0 },
  acceptance: { value: null, sample: 0 },
  override: { value: null, sample: 0 },
  minutes_vs_baseline: { value: null, sample: 0 },
  overdue_escalations: { value: 0, sample: 0 },
};

/**
 * precision: of the decisions applied (or, in shadow, that would have been), the share whose
 * later human label (accept, correct, dispute ruling, second review, helpdesk change) is the same category; acceptance: the same
 * for suggestions; override: of applied or suggested decisions a person later labelled, the share
 * they changed; decided tickets: distinct tickets decided; minutes vs baseline: review minutes per
 * ticket whose review work is done, divided by the same over the category's baseline decisions
 * (shadow stage or control cohort, the last BASELINE_LOOKBACK_DAYS; see minutesVsBaseline); overdue
 * escalations: open escalations of those decisions past their deadline now.
 */
export async function gateMetricsByCell(
  sql: Sql,
  workspaceId: string,
  since: Date,
  now: Date,
  only?: { cohortId: string | null; categoryId: string },
): Promise<Map<string, GateMetrics>> {
  return (await measureCells(sql, workspaceId, since, since, now, only)).current;
}

/**
 * The same over the window [since, now] and the one before it [previousSince, since), in one
 * pass over the decisions: the ladder shows each gate's trend.
 */
export async function gateMetricsWithPrevious(
  sql: Sql,
  workspaceId: string,
  previousSince: Date,
  since: Date,
  now: Date,
): Promise<{ current: Map<string, GateMetrics>; previous: Map<string, GateMetrics> }> {
  return measureCells(sql, workspaceId, previousSince, since, now);
}

async function measureCells(
  sql: Sql,
  workspaceId: string,
  from: Date,
  since: Date,
  now: Date,
  only?: { cohortId: string | null; categoryId: string },
): Promise<{ current: Map<string, GateMetrics>; previous: Map<string, GateMetrics> }> {
  const params: unknown[] = [workspaceId, from, now, since];
  let cell = '';
  if (only) {
    params.push(only.cohortId, only.categoryId);
    cell = 'AND d.cohort_id IS NOT DISTINCT FROM $5::uuid AND p.category_id = $6';
  }
  const rows = await sql.query<Row & { current: boolean }>(
    `WITH d AS (
       SELECT d.id, d.ticket_id, d.cohort_id, p.category_id, d.created_at,
              CASE WHEN d.reason = 'rollout_shadow' THEN d.inputs->>'shadowOutcome' ELSE d.outcome END AS acted,
              CASE WHEN d.reason = 'rollout_shadow' THEN (d.inputs->>'shadowCategoryId')::uuid ELSE d.category_id END AS acted_category
         FROM decisions d JOIN predictions p ON p.id = d.prediction_id
        WHERE d.workspace_id = $1 AND d.created_at >= $2 AND d.created_at <= $3 AND p.category_id IS NOT NULL ${cell}
     ), judged AS (
       SELECT d.*, d.created_at >= $4 AS current,
              (SELECT l.category_id FROM labels l
                WHERE l.ticket_id = d.ticket_id AND l.kind IN ('accept', 'correct', 'dispute', 'review', 'helpdesk')
                  AND l.created_at >= d.created_at
                ORDER BY l.seq DESC LIMIT 1) AS human_category, rm.minutes, rm.open_items
         FROM d ${decisionMinutes('d')}
     )
     SELECT cohort_id AS "cohortId", category_id AS "categoryId", current,
            count(DISTINCT ticket_id)::int AS decided,
            count(*) FILTER (WHERE acted = 'applied' AND human_category IS NOT NULL)::int AS "precisionN",
            count(*) FILTER (WHERE acted = 'applied' AND human_category = acted_category)::int AS "precisionOk",
            count(*) FILTER (WHERE acted = 'suggested' AND human_category IS NOT NULL)::int AS "acceptanceN",
            count(*) FILTER (WHERE acted = 'suggested' AND human_category = acted_category)::int AS "acceptanceOk",
            count(*) FILTER (WHERE acted IN ('applied', 'suggested') AND human_category IS NOT NULL)::int AS "overrideN",
            count(*) FILTER (WHERE acted IN ('applied', 'suggested') AND human_category <> acted_category)::int AS "overrideBad",
            count(DISTINCT ticket_id) FILTER (WHERE open_items = 0)::int AS "minutesTickets",
            coalesce(sum(minutes) FILTER (WHERE open_items = 0), 0)::float8 AS minutes
       FROM judged GROUP BY cohort_id, category_id, current`,
    params,
  );
  // Overdue escalations are a state of now: the window before has none to show.
  const overdue = await sql.query<{ cohortId: string | null; categoryId: string; n: number }>(
    `SELECT d.cohort_id AS "cohortId", p.category_id AS "categoryId", count(*)::int AS n
       FROM escalations e
       JOIN review_items r ON r.id = e.review_item_id
       JOIN decisions d ON d.id = r.decision_id
       JOIN predictions p ON p.id = d.prediction_id
      WHERE e.workspace_id = $1 AND e.status = 'open' AND e.due_at < $2 AND p.category_id IS NOT NULL
        AND d.created_at >= $3
      GROUP BY d.cohort_id, p.category_id`,
    [workspaceId, now, since],
  );
  const baseline = await baselineMinutes(sql, workspaceId, now, only?.categoryId);
  const current = new Map<string, GateMetrics>();
  const previous = new Map<string, GateMetrics>();
  for (const r of rows) {
    const ratio = minutesVsBaseline(
      { minutes: r.minutes, tickets: r.minutesTickets },
      baseline.get(r.categoryId),
    );
    (r.current ? current : previous).set(cellKey(r.cohortId, r.categoryId), {
      decided_tickets: { value: r.decided, sample: r.decided },
      precision: { value: share(r.precisionOk, r.precisionN), sample: r.precisionN },
      acceptance: { value: share(r.acceptanceOk, r.acceptanceN), sample: r.acceptanceN },
      override: { value: share(r.overrideBad, r.overrideN), sample: r.overrideN },
      minutes_vs_baseline: { value: ratio, sample: r.minutesTickets },
      overdue_escalations: { value: 0, sample: 0 },
    });
  }
  for (const o of overdue) {
    const key = cellKey(o.cohortId, o.categoryId);
    const cell = current.get(key) ?? structuredClone(EMPTY_METRICS);
    cell.overdue_escalations = { value: o.n, sample: o.n };
    current.set(key, cell);
  }
  return { current, previous };
}

/** How far back the baseline reaches: a rollout's shadow weeks, without reading all history. */
export const BASELINE_LOOKBACK_DAYS = 180;

/**
 * The baseline of minutes per ticket per category: decisions taken in the shadow stage or for the
 * control cohort (the AI showed nothing, a person did the work) in the last BASELINE_LOOKBACK_DAYS,
 * whose review work is done.
 */
export async function baselineMinutes(
  sql: Sql,
  workspaceId: string,
  now: Date,
  categoryId?: string,
): Promise<Map<string, { minutes: number; tickets: number }>> {
  const params: unknown[] = [workspaceId, now, new Date(now.getTime() - BASELINE_LOOKBACK_DAYS * 86_400_000)];
  if (categoryId) params.push(categoryId);
  const rows = await sql.query<{ categoryId: string; minutes: number; tickets: number }>(
    `SELECT p.category_id AS "categoryId", count(DISTINCT d.ticket_id)::int AS tickets,
            coalesce(sum(rm.minutes), 0)::float8 AS minutes
       FROM decisions d JOIN predictions p ON p.id = d.prediction_id
       LEFT JOIN rollout_cohorts co ON co.id = d.cohort_id
       ${decisionMinutes('d')}
      WHERE d.workspace_id = $1 AND d.created_at <= $2 AND d.created_at >= $3 AND p.category_id IS NOT NULL
        AND (d.reason = 'rollout_shadow' OR co.is_control) AND rm.open_items = 0
        ${categoryId ? 'AND p.category_id = $4' : ''}
      GROUP BY p.category_id`,
    params,
  );
  return new Map(rows.map((r) => [r.categoryId, { minutes: r.minutes, tickets: r.tickets }]));
}
