import type { Clock } from '../../platform/clock.js';
import type { Database, Sql } from '../../platform/db/database.js';
import { isoWeekOf, ONE_WEEK_MS, weekStartOf } from '../../platform/iso-week.js';
import { reviewLoad } from '../metrics/index.js';
import { type OnCallPerson, onCallAt, rotaAhead } from './on-call-rota.js';
import { recommendStaffing, type StaffingInputs, type StaffingRecommendation } from './recommend-staffing.js';

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

// The Staffing page's read model: who owns what, the rota, and the recommendation with the
// inputs it was computed from, gathered from the workspace's own data.

export interface StaffingDeps {
  db: Database;
  clock: Clock;
  config: { staffing: { hoursPerWeek: number; focusShare: number; defaultMinutesPerItem: number } };
}

export interface Named {
  id: string;
  name: string;
}

export interface QueueOwnership {
  id: string;
  name: string;
  isDefault: boolean;
  slaMinutes: number;
  owner: Named | null;
  fallbackOwner: Named | null;
  members: Named[];
}

export interface CategoryOwnership {
  id: string;
  name: string;
  owner: Named | null;
  queueName: string;
}

export interface WeeklyLoad {
  week: string;
  reviewItems: number;
  loadMinutes: number;
  capacityMinutes: number;
  /** The current week, still running: not used for the mean. */
  partial: boolean;
}

export interface StaffingPlan {
  categories: CategoryOwnership[];
  queues: QueueOwnership[];
  /** Who an escalation goes to when a queue has nobody active: the earliest active admin. */
  lastResort: Named | null;
  onCallNow: OnCallPerson | null;
  rota: Awaited<ReturnType<typeof rotaAhead>>;
  people: Named[];
  inputs: StaffingInputs;
  recommendation: StaffingRecommendation;
  weeks: WeeklyLoad[];
}

/** Weeks of exception load shown, and used for the mean (the complete ones). */
const WEEKS_SHOWN = 8;
const WEEKS_AVERAGED = 4;
/** Fewest claimed-and-resolved items in the last 28 days before their mean counts as measured. */
export const MIN_TIMED_ITEMS = 20;

export async function staffingPlan(deps: StaffingDeps, workspaceId: string): Promise<StaffingPlan> {
  const now = deps.clock.now();
  const sql = deps.db;
  const [queues, categories, lastResort, people, rota, onCallNow] = await Promise.all([
    queueOwnership(sql, workspaceId),
    sql.query<{
      id: string;
      name: string;
      ownerId: string | null;
      ownerName: string | null;
      queueName: string | null;
    }>(
      `SELECT c.id, c.name, u.id AS "ownerId", u.name AS "ownerName", q.name AS "queueName"
         FROM categories c
         LEFT JOIN users u ON u.id = c.owner_user_id
         LEFT JOIN review_queue_categories qc ON qc.category_id = c.id
         LEFT JOIN review_queues q ON q.id = qc.queue_id AND q.archived_at IS NULL
        WHERE c.workspace_id = $1 AND c.retired_at IS NULL ORDER BY c.name`,
      [workspaceId],
    ),
    sql.query<Named>(
      `SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.workspace_id = $1 AND m.role = 'admin' AND u.disabled_at IS NULL
        ORDER BY m.created_at, u.id LIMIT 1`,
      [workspaceId],
    ),
    activeMembers(sql, workspaceId),
    rotaAhead(sql, workspaceId, now, 6),
    onCallAt(sql, workspaceId, now),
  ]);
  const defaultQueue = queues.find((q) => q.isDefault)?.name ?? 'Default queue';
  const weeks = await weeklyReviewItems(sql, workspaceId, now);
  const inputs = await staffingInputs(deps, workspaceId, now, {
    queues,
    weeks,
    activeMemberCount: people.length,
    rotationIds: rota.rotation?.userIds,
  });
  const recommendation = recommendStaffing(inputs);
  return {
    categories: categories.map((c) => ({
      id: c.id,
      name: c.name,
      owner: c.ownerId ? { id: c.ownerId, name: c.ownerName ?? 'someone' } : null,
      queueName: c.queueName ?? defaultQueue,
    })),
    queues,
    lastResort: lastResort[0] ?? null,
    onCallNow,
    rota,
    people,
    inputs,
    recommendation,
    weeks: weeks.map((w) => ({
      ...w,
      loadMinutes: w.reviewItems * inputs.minutesPerItem,
      capacityMinutes: recommendation.capacityMinutesPerWeek,
    })),
  };
}

async function activeMembers(sql: Sql, workspaceId: string): Promise<Named[]> {
  return sql.query<Named>(
    `SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.workspace_id = $1 AND u.disabled_at IS NULL ORDER BY u.name, u.id`,
    [workspaceId],
  );
}

async function queueOwnership(sql: Sql, workspaceId: string): Promise<QueueOwnership[]> {
  const rows = await sql.query<{
    id: string;
    name: string;
    isDefault: boolean;
    slaMinutes: number;
    ownerId: string | null;
    ownerName: string | null;
    fallbackId: string | null;
    fallbackName: string | null;
    members: Named[] | null;
  }>(
    `SELECT q.id, q.name, q.is_default AS "isDefault", q.sla_minutes AS "slaMinutes",
            o.id AS "ownerId", o.name AS "ownerName", f.id AS "fallbackId", f.name AS "fallbackName",
            (SELECT jsonb_agg(jsonb_build_object('id', u.id, 'name', u.name) ORDER BY u.name)
               FROM review_queue_members qm JOIN users u ON u.id = qm.user_id AND u.disabled_at IS NULL
              WHERE qm.queue_id = q.id) AS members
       FROM review_queues q
       LEFT JOIN users o ON o.id = q.owner_user_id AND o.disabled_at IS NULL
       LEFT JOIN users f ON f.id = q.fallback_owner_user_id AND f.disabled_at IS NULL
      WHERE q.workspace_id = $1 AND q.archived_at IS NULL
      ORDER BY q.is_default DESC, q.name`,
    [workspaceId],
  );
  return rows.map((q) => ({
    id: q.id,
    name: q.name,
    isDefault: q.isDefault,
    slaMinutes: q.slaMinutes,
    owner: q.ownerId ? { id: q.ownerId, name: q.ownerName ?? 'someone' } : null,
    fallbackOwner: q.fallbackId ? { id: q.fallbackId, name: q.fallbackName ?? 'someone' } : null,
    members: q.members ?? [],
  }));
}

async function staffingInputs(
  deps: StaffingDeps,
  workspaceId: string,
  now: Date,
  known: {
    queues: QueueOwnership[];
    weeks: WeekCount[];
    activeMemberCount: number;
    rotationIds: string[] | undefined;
  },
): Promise<StaffingInputs> {
  const { queues, weeks, activeMemberCount, rotationIds } = known;
  const sql = deps.db;
  const since = new Date(now.getTime() - 27 * 86_400_000);
  const [cohortUsers, timed, rotaPeople] = await Promise.all([
    sql.query<{ n: number; cohorts: number }>(
      `SELECT count(DISTINCT cm.user_id)::int AS n, count(DISTINCT c.id)::int AS cohorts
         FROM rollout_cohorts c
         LEFT JOIN rollout_cohort_members cm ON cm.cohort_id = c.id
         LEFT JOIN users u ON u.id = cm.user_id
        WHERE c.workspace_id = $1 AND NOT c.is_control AND (cm.user_id IS NULL OR u.disabled_at IS NULL)`,
      [workspaceId],
    ),
    // The same measure as the Metrics page and the weekly report: claim → resolution, from the rollups.
    reviewLoad(sql, workspaceId, { from: utcDay(since), to: utcDay(now), granularity: 'day' }),
    rotationIds && rotationIds.length > 0
      ? sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM users u JOIN memberships m ON m.user_id = u.id AND m.workspace_id = $1
            WHERE u.id = ANY($2::uuid[]) AND u.disabled_at IS NULL`,
          [workspaceId, rotationIds],
        )
      : Promise.resolve(null),
  ]);
  const inCohorts = cohortUsers[0]!;
  const measured = timed.handled >= MIN_TIMED_ITEMS && timed.minutesPerItem !== null;
  const queuePeople = new Set(
    queues.flatMap((q) => [q.owner?.id, q.fallbackOwner?.id, ...q.members.map((m) => m.id)]).filter(Boolean),
  );
  const complete = weeks.filter((w) => !w.partial).slice(-WEEKS_AVERAGED);
  return {
    users: inCohorts.cohorts > 0 ? inCohorts.n : activeMemberCount,
    usersSource: inCohorts.cohorts > 0 ? 'cohorts' : 'members',
    reviewItemsPerWeek:
      complete.length > 0 ? complete.reduce((sum, w) => sum + w.reviewItems, 0) / complete.length : 0,
    weeksMeasured: complete.length,
    minutesPerItem: measured ? timed.minutesPerItem! : deps.config.staffing.defaultMinutesPerItem,
    minutesSource: measured ? 'measured' : 'assumed',
    minutesSamples: timed.handled,
    hoursPerWeek: deps.config.staffing.hoursPerWeek,
    focusShare: deps.config.staffing.focusShare,
    currentPeople: rotaPeople ? rotaPeople[0]!.n : queuePeople.size,
    currentSource: rotaPeople ? 'rota' : 'queues',
  };
}

/**
 * Review items opened per ISO week (first and second reviews: both are work), for the last
 * complete weeks and the current one. Weeks before the workspace's first review item are left
 * out, so a new workspace's mean is not diluted by weeks it did not exist.
 */
type WeekCount = Pick<WeeklyLoad, 'week' | 'reviewItems' | 'partial'>;

async function weeklyReviewItems(sql: Sql, workspaceId: string, now: Date): Promise<WeekCount[]> {
  const thisWeek = weekStartOf(now);
  const from = new Date(thisWeek.getTime() - WEEKS_SHOWN * ONE_WEEK_MS);
  const [rows, first] = await Promise.all([
    sql.query<{ n: number; weekIndex: number }>(
      `SELECT floor(extract(epoch FROM created_at - $2::timestamptz) / 604800)::int AS "weekIndex", count(*)::int AS n
         FROM review_items WHERE workspace_id = $1 AND created_at >= $2 AND created_at <= $3
        GROUP BY 1`,
      [workspaceId, from, now],
    ),
    sql.query<{ at: Date | null }>('SELECT min(created_at) AS at FROM review_items WHERE workspace_id = $1', [
      workspaceId,
    ]),
  ]);
  const firstWeek = first[0]?.at ? weekStartOf(new Date(first[0].at)).getTime() : thisWeek.getTime();
  const counts = new Map(rows.map((r) => [r.weekIndex, r.n]));
  const series: WeekCount[] = [];
  for (let i = 0; i <= WEEKS_SHOWN; i++) {
    const start = from.getTime() + i * ONE_WEEK_MS;
    if (start < firstWeek) continue;
    const reviewItems = counts.get(i) ?? 0;
    series.push({ week: isoWeekOf(new Date(start)), reviewItems, partial: i === WEEKS_SHOWN });
  }
  return series;
}
