import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db/database.js';
import { listCategories } from '../categories/index.js';
import { predict } from '../classifier/index.js';
import type { ChallengerCache } from './challenger-cache.js';
import type { ShadowOutcome } from './promotion-gate.js';

/**
 * Lets the workspace's challenger predict a live ticket beside the champion and records both top
 * categories — nothing else: no decision, no review item, no category on the ticket. The row is
 * the measurement itself and changes no state anyone acts on, so it writes no event (a model's
 * steps — started, gate evaluated, promoted, rejected — do). A workspace without a challenger
 * costs one indexed lookup.
 */
export async function recordShadowPrediction(
  tx: Sql,
  deps: { clock: Clock; challengers: ChallengerCache },
  input: {
    workspaceId: string;
    ticketId: string;
    subject: string;
    body: string;
    championId: string;
    championCategoryId: string | null;
  },
): Promise<void> {
  const challenger = await deps.challengers.challenger(tx, input.workspaceId);
  if (!challenger || challenger.id === input.championId) return;
  const { ranked } = predict(challenger.model, input, { explain: false });
  // As for the champion: a category retired since training is never the answer.
  const live = new Set((await listCategories(tx, input.workspaceId)).map((c) => c.id));
  const top = ranked.find((r) => live.has(r.category));
  const kept = ranked.filter((r) => live.has(r.category)).reduce((sum, r) => sum + r.probability, 0) || 1;
  await tx.query(
    `INSERT INTO shadow_predictions (workspace_id, ticket_id, challenger_id, champion_id, challenger_category_id,
       champion_category_id, challenger_confidence, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      input.workspaceId,
      input.ticketId,
      challenger.id,
      input.championId,
      top?.category ?? null,
      input.championCategoryId,
      top ? top.probability / kept : 0,
      deps.clock.now(),
    ],
  );
}

/**
 * The challenger's labelled shadow tickets against `championId`: per ticket its latest shadow
 * prediction and latest label. Only labels newer than the challenger's training data count, so
 * it is never scored on a ticket it learned from.
 */
export async function shadowOutcomes(
  sql: Sql,
  challenger: { id: string; labelWatermark: number },
  championId: string,
): Promise<ShadowOutcome[]> {
  return sql.query<ShadowOutcome>(
    `SELECT DISTINCT ON (s.ticket_id) l.category_id AS gold, s.champion_category_id AS champion,
            s.challenger_category_id AS challenger
       FROM shadow_predictions s
       JOIN LATERAL (SELECT category_id, seq FROM labels WHERE ticket_id = s.ticket_id ORDER BY seq DESC LIMIT 1) l
         ON true
      WHERE s.challenger_id = $1 AND s.champion_id = $2 AND l.seq > $3
      ORDER BY s.ticket_id, s.created_at DESC`,
    [challenger.id, championId, challenger.labelWatermark],
  );
}
