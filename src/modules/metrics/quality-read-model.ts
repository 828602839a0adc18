import type { Sql } from '../../platform/db/database.js';
import { CALIBRATION_BINS, share } from './metric-definitions.js';
import { filtersOf, type MetricsQuery, namesOf, periodSql, periodsOf } from './metrics-query.js';

// Quality in production: is the AI right where it acts? Precision of applied decisions per
// category over time, calibration of the shown decisions' confidences, and the confusion pairs
// that cost the most review time — from the rollups only. They have no person dimension: the
// person filter does not apply to them.

export interface PrecisionPoint {
  period: string;
  /** Applied decisions a person later labelled, and of them with the same category. */
  judged: number;
  correct: number;
  precision: number | null;
}

export interface CategoryQuality {
  categoryId: string;
  name: string;
  judged: number;
  correct: number;
  precision: number | null;
  /** Suggestions a person later labelled, and of them kept (the rollout gates' acceptance). */
  suggestedJudged: number;
  acceptance: number | null;
  points: PrecisionPoint[];
}

export interface CalibrationBin {
  bin: number;
  lower: number;
  upper: number;
  n: number;
  meanConfidence: number | null;
  /** Share whose later human label agreed with the decision. */
  accuracy: number | null;
}

export interface Calibration {
  n: number;
  /** Expected calibration error: Σ n_b/N × |mean confidence_b − accuracy_b|; null without data. */
  ece: number | null;
  bins: CalibrationBin[];
}

export interface ConfusionPair {
  predictedCategoryId: string;
  predictedName: string;
  humanCategoryId: string;
  humanName: string;
  /** Decisions the later human label contradicted, and the review minutes spent on them. */
  n: number;
  reviewMinutes: number;
}

export interface Quality {
  from: string;
  to: string;
  granularity: MetricsQuery['granularity'];
  categories: CategoryQuality[];
  calibration: Calibration;
  confusions: ConfusionPair[];
}

/** How many confusion pairs a dashboard shows. */
export const TOP_CONFUSIONS = 10;

export async function qualityOverTime(sql: Sql, workspaceId: string, q: MetricsQuery): Promise<Quality> {
  const names = await namesOf(sql, workspaceId);
  return {
    from: q.from,
    to: q.to,
    granularity: q.granularity,
    categories: await precisionByCategory(sql, workspaceId, q, names),
    calibration: await calibration(sql, workspaceId, q),
    confusions: await costlyConfusions(sql, workspaceId, q, names),
  };
}

async function precisionByCategory(
  sql: Sql,
  workspaceId: string,
  q: MetricsQuery,
  names: Map<string, string>,
): Promise<CategoryQuality[]> {
  const f = filtersOf(workspaceId, q, { person: false, category: 'category_id' });
  const rows = await sql.query<{
    categoryId: string;
    period: string;
    judged: number;
    correct: number;
    sJudged: number;
    sCorrect: number;
  }>(
    `SELECT category_id AS "categoryId", ${periodSql(q.granularity)} AS period,
            sum(applied_judged)::int AS judged, sum(applied_correct)::int AS correct,
            sum(suggested_judged)::int AS "sJudged", sum(suggested_correct)::int AS "sCorrect"
       FROM metric_decisions_daily WHERE ${f.where} GROUP BY 1, 2`,
    f.params,
  );
  const periods = periodsOf(q);
  const ids = [...new Set(rows.map((r) => r.categoryId))];
  return ids
    .map((categoryId) => {
      const mine = rows.filter((r) => r.categoryId === categoryId);
      const total = (k: 'judged' | 'correct' | 'sJudged' | 'sCorrect') => mine.reduce((a, r) => a + r[k], 0);
      const points = periods.map((period) => {
        const p = mine.find((r) => r.period === period);
        const judged = p?.judged ?? 0;
        const correct = p?.correct ?? 0;
        return { period, judged, correct, precision: share(correct, judged) };
      });
      return {
        categoryId,
        name: names.get(categoryId) ?? '?',
        judged: total('judged'),
        correct: total('correct'),
        precision: share(total('correct'), total('judged')),
        suggestedJudged: total('sJudged'),
        acceptance: share(total('sCorrect'), total('sJudged')),
        points,
      };
    })
    .sort((a, b) => b.judged - a.judged || a.name.localeCompare(b.name));
}

/** Calibration of the shown decisions a person later labelled, over the range. */
export async function calibration(sql: Sql, workspaceId: string, q: MetricsQuery): Promise<Calibration> {
  const f = filtersOf(workspaceId, q, { person: false, category: 'category_id' });
  const rows = await sql.query<{ bin: number; n: number; confidence: number; correct: number }>(
    `SELECT bin, sum(n)::int AS n, sum(confidence_sum)::float8 AS confidence, sum(correct)::int AS correct
       FROM metric_calibration_daily WHERE ${f.where} GROUP BY bin`,
    f.params,
  );
  const n = rows.reduce((a, r) => a + r.n, 0);
  let ece = 0;
  const bins = Array.from({ length: CALIBRATION_BINS }, (_, bin) => {
    const r = rows.find((x) => x.bin === bin);
    const meanConfidence = r ? share(r.confidence, r.n) : null;
    const accuracy = r ? share(r.correct, r.n) : null;
    if (r && meanConfidence !== null && accuracy !== null)
      ece += (r.n / n) * Math.abs(meanConfidence - accuracy);
    return {
      bin,
      lower: bin / CALIBRATION_BINS,
      upper: (bin + 1) / CALIBRATION_BINS,
      n: r?.n ?? 0,
      meanConfidence,
      accuracy,
    };
  });
  return { n, ece: n > 0 ? ece : null, bins };
}

/** The predicted → human category pairs that cost the most review minutes (then the most cases). */
export async function costlyConfusions(
  sql: Sql,
  workspaceId: string,
  q: MetricsQuery,
  names?: Map<string, string>,
): Promise<ConfusionPair[]> {
  const f = filtersOf(workspaceId, q, { person: false, category: 'predicted_category_id' });
  const rows = await sql.query<{ p: string; h: string; n: number; minutes: number }>(
    `SELECT predicted_category_id AS p, human_category_id AS h, sum(n)::int AS n,
            sum(review_minutes)::float8 AS minutes
       FROM metric_confusions_daily WHERE ${f.where}
      GROUP BY 1, 2 ORDER BY minutes DESC, n DESC, 1, 2 LIMIT ${TOP_CONFUSIONS}`,
    f.params,
  );
  const known = names ?? (await namesOf(sql, workspaceId));
  return rows.map((r) => ({
    predictedCategoryId: r.p,
    predictedName: known.get(r.p) ?? '?',
    humanCategoryId: r.h,
    humanName: known.get(r.h) ?? '?',
    n: r.n,
    reviewMinutes: r.minutes,
  }));
}
