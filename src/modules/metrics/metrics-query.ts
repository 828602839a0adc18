import { z } from 'zod';
import type { Sql } from '../../platform/db/database.js';
import { addDays, utcDay } from './refresh-rollups.js';

// What a dashboard asks for: a range of UTC days, a granularity, and optional filters. Every read
// goes to the rollup tables only, filtered by these.

export const granularities = ['day', 'week'] as const;
export type Granularity = (typeof granularities)[number];

export interface MetricsQuery {
  /** First and last UTC day, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  granularity: Granularity;
  /** A cohort id, or null for the workspace default (unassigned tickets, people in no cohort); absent: all. */
  cohortId?: string | null;
  categoryId?: string;
  /** The assignee the decisions were for: adoption only (value and quality have no person dimension). */
  personId?: string;
}

/** Longest range a dashboard reads at once. */
export const MAX_RANGE_DAYS = 731;
/** The range when none is given: the last eight weeks. */
export const DEFAULT_RANGE_DAYS = 56;

const isoDay = z.iso.date().describe('A UTC day, YYYY-MM-DD');

export const metricsQuerySchema = z
  .strictObject({
    from: isoDay.optional().describe('First day (default: 55 days before `to`)'),
    to: isoDay.optional().describe('Last day, inclusive (default: today)'),
    granularity: z.enum(granularities).default('week'),
    cohort: z
      .union([z.uuid(), z.literal('default')])
      .optional()
      .describe('A cohort id, or "default"'),
    category: z.uuid().optional(),
    person: z.uuid().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

export type MetricsQueryInput = z.infer<typeof metricsQuerySchema>;

/** Fills in the default range and checks its length. Returns null when the range is too long. */
export function resolveMetricsQuery(input: MetricsQueryInput, now: Date): MetricsQuery | null {
  const to = input.to ?? utcDay(now);
  const from = input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to || addDays(from, MAX_RANGE_DAYS) <= to) return null;
  return {
    from,
    to,
    granularity: input.granularity,
    ...(input.cohort !== undefined ? { cohortId: input.cohort === 'default' ? null : input.cohort } : {}),
    ...(input.category ? { categoryId: input.category } : {}),
    ...(input.person ? { personId: input.person } : {}),
  };
}

/** The SQL expression of a rollup row's period. */
export const periodSql = (g: Granularity, day = 'day') =>
  g === 'day' ? `to_char(${day}, 'YYYY-MM-DD')` : `to_char(date_trunc('week', ${day})::date, 'YYYY-MM-DD')`;

/** Every period of the range, in order (weeks start on Monday, as date_trunc has them). */
export function periodsOf(q: MetricsQuery): string[] {
  const first = q.granularity === 'day' ? q.from : mondayOf(q.from);
  const step = q.granularity === 'day' ? 1 : 7;
  const out: string[] = [];
  for (let p = first; p <= q.to; p = addDays(p, step)) out.push(p);
  return out;
}

function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

export interface Filters {
  where: string;
  params: unknown[];
}

/**
 * WHERE clause of a rollup table for the query: workspace, days, and the filters the table has
 * (`person`: whether it has person_id; `category`: its category column, or null to ignore).
 */
export function filtersOf(
  workspaceId: string,
  q: MetricsQuery,
  table: { person: boolean; category: string | null; alias?: string },
): Filters {
  const a = table.alias ? `${table.alias}.` : '';
  const params: unknown[] = [workspaceId, q.from, q.to];
  const parts = [`${a}workspace_id = $1`, `${a}day >= $2::date`, `${a}day <= $3::date`];
  if (q.cohortId !== undefined) {
    params.push(q.cohortId);
    parts.push(`${a}cohort_id IS NOT DISTINCT FROM $${params.length}::uuid`);
  }
  if (q.categoryId && table.category) {
    params.push(q.categoryId);
    parts.push(`${a}${table.category} = $${params.length}::uuid`);
  }
  if (q.personId && table.person) {
    params.push(q.personId);
    parts.push(`${a}person_id = $${params.length}::uuid`);
  }
  return { where: parts.join(' AND '), params };
}

/** Display names of the categories, cohorts and people a result mentions. */
export async function namesOf(sql: Sql, workspaceId: string): Promise<Map<string, string>> {
  const rows = await sql.query<{ id: string; name: string }>(
    `SELECT id, name FROM categories WHERE workspace_id = $1
     UNION ALL SELECT id, name FROM rollout_cohorts WHERE workspace_id = $1
     UNION ALL SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1`,
    [workspaceId],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
