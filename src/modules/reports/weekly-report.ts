import type { Clock } from '../../platform/clock.js';
import { maybeOne, type Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { isoWeekOf, isoWeekSpan, previousIsoWeek } from '../../platform/iso-week.js';
import {
  type AdoptionFigures,
  adoptionOverTime,
  type CategoryQuality,
  type ConfusionPair,
  type MetricsQuery,
  qualityOverTime,
  type Value,
  valueOverTime,
} from '../metrics/index.js';
import {
  type DriftSection,
  driftSection,
  type EscalationSection,
  escalationSection,
  type RolloutSection,
  rolloutSection,
} from './operations-sections.js';

// The weekly stakeholder report as data: one ISO week (UTC) against the week before, answering
// four questions — are people using it, does it reduce work, where does it fail, what is the
// next step of the rollout. Usage, value and quality come from the metrics module's rollups;
// escalations, drift and the rollout are read as they stand when the report is generated.

export interface ReportDeps {
  db: Database;
  clock: Clock;
  config: { rollout: { windowDays: number; autoApprovers: number } };
}

export interface WeeklyReport {
  workspaceName: string;
  week: string;
  previousWeek: string;
  /** First and last day of the week (UTC, inclusive). */
  from: string;
  to: string;
  /** False while the week is still running: its figures are "so far". */
  complete: boolean;
  generatedAt: Date;
  /** Nothing arrived and nothing was decided this week. */
  empty: boolean;
  usage: { week: AdoptionFigures; previous: AdoptionFigures };
  value: { week: Value; previous: Value };
  quality: {
    /** Categories with judged applied decisions, lowest precision first. */
    lowestPrecision: CategoryQuality[];
    confusions: ConfusionPair[];
    ece: number | null;
    calibrated: number;
  };
  escalations: EscalationSection;
  drift: DriftSection;
  rollout: RolloutSection;
}

const TOP = 5;
const day = (at: Date) => at.toISOString().slice(0, 10);

/** The latest complete week at `now`: the one before the current. */
export const latestCompleteWeek = (now: Date): string => previousIsoWeek(isoWeekOf(now));

/** The span of a week people may ask for: it must exist and have begun. */
export function reportableWeek(week: string, now: Date): { start: Date; end: Date } {
  const span = isoWeekSpan(week);
  if (!span) {
    throw new AppError('validation_failed', `${week} is not an ISO week; write it like 2026-W47.`, {
      week,
    });
  }
  if (span.start.getTime() > now.getTime()) {
    throw new AppError('validation_failed', `The week ${week} has not begun yet.`, { week });
  }
  return span;
}

export async function weeklyReport(
  deps: ReportDeps,
  workspaceId: string,
  week: string,
): Promise<WeeklyReport> {
  const now = deps.clock.now();
  const span = reportableWeek(week, now);
  const previousWeek = previousIsoWeek(week);
  const previousSpan = isoWeekSpan(previousWeek)!;
  const lastDay = (end: Date) => day(new Date(end.getTime() - 1));
  const q: MetricsQuery = { from: day(span.start), to: lastDay(span.end), granularity: 'week' };
  const pq: MetricsQuery = {
    from: day(previousSpan.start),
    to: lastDay(previousSpan.end),
    granularity: 'week',
  };
  const sql = deps.db;
  const [workspace, adoption, previousAdoption, value, previousValue, quality] = await Promise.all([
    maybeOne<{ name: string }>(sql, 'SELECT name FROM workspaces WHERE id = $1', [workspaceId]),
    adoptionOverTime(sql, workspaceId, q),
    adoptionOverTime(sql, workspaceId, pq),
    valueOverTime(sql, workspaceId, q),
    valueOverTime(sql, workspaceId, pq),
    qualityOverTime(sql, workspaceId, q),
  ]);
  const [escalations, drift, rollout] = await Promise.all([
    escalationSection(sql, workspaceId, span, now),
    driftSection(sql, workspaceId),
    rolloutSection(deps, workspaceId, span),
  ]);
  return {
    workspaceName: workspace?.name ?? 'Workspace',
    week,
    previousWeek,
    from: q.from,
    to: q.to,
    complete: span.end.getTime() <= now.getTime(),
    generatedAt: now,
    empty: adoption.total.tickets === 0 && adoption.total.decisions === 0,
    usage: { week: adoption.total, previous: previousAdoption.total },
    value: { week: value, previous: previousValue },
    quality: {
      lowestPrecision: quality.categories
        .filter((c) => c.judged > 0 && c.precision !== null)
        .sort((a, b) => a.precision! - b.precision! || b.judged - a.judged)
        .slice(0, TOP),
      confusions: quality.confusions.slice(0, TOP),
      ece: quality.calibration.ece,
      calibrated: quality.calibration.n,
    },
    escalations,
    drift,
    rollout,
  };
}
