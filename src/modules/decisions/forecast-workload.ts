import type { Sql } from '../../platform/db/database.js';
import { type Autonomy, liveTaxonomy } from '../categories/index.js';
import type { ChampionCache } from '../learning/index.js';
import { decisionPolicyOf } from './decision-policy-store.js';
import { replayDecision } from './policy-replay.js';

export interface QueueForecast {
  queueId: string;
  queueName: string;
  ownerName: string | null;
  /** Review items a day this queue would get at the current model and policy. */
  itemsPerDay: number;
  personHoursPerDay: number;
}

export interface WorkloadForecast {
  days: number;
  ticketsPerDay: number;
  minutesPerItem: number;
  /** 'measured': median time from claim to resolution over recent items; else the given default. */
  minutesSource: 'measured' | 'default';
  modelVersion: number | null;
  queues: QueueForecast[];
}

const MAX_TICKETS = 50_000;
const MIN_MEASURED_ITEMS = 20;

/**
 * How many review items a day each queue will get, and how many person-hours that is: the tickets
 * of the last `days` days replayed through the current champion and the current policy (so a
 * raised target precision or a category set to suggest shows its cost before anyone feels it),
 * routed as intake would route them. Time per item is measured from recent claimed-and-resolved
 * items when there are enough, else `defaultMinutesPerItem`.
 */
export async function forecastWorkload(
  sql: Sql,
  champions: ChampionCache,
  workspaceId: string,
  options: { days: number; defaultMinutesPerItem: number; now: Date },
): Promise<WorkloadForecast> {
  const since = new Date(options.now.getTime() - options.days * 86_400_000);
  const [policy, champion, taxonomy, categories, queues, tickets, handled] = await Promise.all([
    decisionPolicyOf(sql, workspaceId),
    champions.champion(sql, workspaceId),
    liveTaxonomy(sql, workspaceId),
    sql.query<{ id: string; autonomy: Autonomy; queueId: string | null }>(
      `SELECT c.id, c.autonomy, qc.queue_id AS "queueId" FROM categories c
         LEFT JOIN review_queue_categories qc ON qc.category_id = c.id
        WHERE c.workspace_id = $1 AND c.retired_at IS NULL`,
      [workspaceId],
    ),
    sql.query<{ id: string; name: string; isDefault: boolean; ownerName: string | null }>(
      `SELECT q.id, q.name, q.is_default AS "isDefault", u.name AS "ownerName" FROM review_queues q
         LEFT JOIN users u ON u.id = q.owner_user_id
        WHERE q.workspace_id = $1 AND q.archived_at IS NULL ORDER BY q.is_default DESC, q.name`,
      [workspaceId],
    ),
    sql.query<{ subject: string; body: string }>(
      `SELECT subject, body FROM tickets WHERE workspace_id = $1 AND received_at >= $2
        ORDER BY received_at DESC LIMIT ${MAX_TICKETS}`,
      [workspaceId, since],
    ),
    sql.query<{ minutes: number | null; n: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - claimed_at) / 60) AS minutes,
              count(*)::int AS n
         FROM review_items WHERE workspace_id = $1 AND claimed_at IS NOT NULL AND resolved_at >= $2
          AND resolution IN ('accepted', 'corrected', 'none_fits')`,
      [workspaceId, since],
    ),
  ]);
  const measured = handled[0] && handled[0].n >= MIN_MEASURED_ITEMS ? handled[0].minutes : null;
  const minutesPerItem = measured ?? options.defaultMinutesPerItem;
  const byCategory = new Map(categories.map((c) => [c.id, c]));
  const defaultQueue = queues.find((q) => q.isDefault) ?? queues[0];
  const counts = new Map<string, number>();
  for (const ticket of tickets) {
    // No model: every ticket is a review item in the default queue.
    const decision = champion
      ? replayDecision(
          champion.model,
          ticket,
          policy,
          (id) => byCategory.get(id)?.autonomy,
          undefined,
          taxonomy.resolve,
        )
      : null;
    if (decision?.outcome === 'applied') continue;
    const queueId =
      (decision?.categoryId ? byCategory.get(decision.categoryId)?.queueId : null) ?? defaultQueue?.id;
    if (queueId) counts.set(queueId, (counts.get(queueId) ?? 0) + 1);
  }
  return {
    days: options.days,
    ticketsPerDay: tickets.length / options.days,
    minutesPerItem,
    minutesSource: measured === null ? 'default' : 'measured',
    modelVersion: champion?.version ?? null,
    queues: queues.map((q) => {
      const itemsPerDay = (counts.get(q.id) ?? 0) / options.days;
      return {
        queueId: q.id,
        queueName: q.name,
        ownerName: q.ownerName,
        itemsPerDay,
        personHoursPerDay: (itemsPerDay * minutesPerItem) / 60,
      };
    }),
  };
}
