import { maybeOne, type Sql } from '../../platform/db/database.js';
import type { GateResult, ModelScores } from './promotion-gate.js';
import { evaluatePromotionGate, scoreShadow } from './promotion-gate.js';
import { promotionPolicyOf } from './promotion-policy-store.js';
import { shadowOutcomes } from './shadow-predictions.js';

export interface RegisteredModel {
  id: string;
  version: number;
  status: 'candidate' | 'challenger' | 'champion' | 'retired';
  statusReason: string | null;
  algorithm: string;
  labelWatermark: number;
  trainingSummary: Record<string, unknown>;
  metrics: Record<string, unknown>;
  gate: GateResult | null;
  createdByType: string;
  createdById: string | null;
  /** The person's or key's name, or the system's, as the event log recorded it. */
  createdByName: string | null;
  createdAt: Date;
  artifactBytes: number;
  previousChampionVersion: number | null;
}

export interface ModelHistoryEntry {
  seq: number;
  action: string;
  actorName: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

export interface ModelDetail extends RegisteredModel {
  history: ModelHistoryEntry[];
  /** A challenger's live comparison with the champion, on its labelled shadow tickets so far. */
  shadow: { champion: ModelScores; challenger: ModelScores; gate: GateResult } | null;
}

const columns = `m.id, m.version, m.status, m.status_reason AS "statusReason", m.algorithm,
  m.label_watermark AS "labelWatermark", m.training_summary AS "trainingSummary", m.metrics, m.gate,
  m.created_by_type AS "createdByType", m.created_by_id AS "createdById",
  (SELECT e.actor_name FROM events e WHERE e.subject_type = 'model' AND e.subject_id = m.id::text
     AND e.action = 'model.trained' LIMIT 1) AS "createdByName",
  m.created_at AS "createdAt", length(m.artifact)::int AS "artifactBytes",
  p.version AS "previousChampionVersion"`;

const from = `FROM models m LEFT JOIN models p ON p.id = m.previous_champion_id`;

/** Every model version of the workspace, newest first, without artifacts. */
export const listRegisteredModels = (sql: Sql, workspaceId: string) =>
  sql.query<RegisteredModel>(`SELECT ${columns} ${from} WHERE m.workspace_id = $1 ORDER BY m.version DESC`, [
    workspaceId,
  ]);

/** One version with its status history (its events) and, for a challenger, its shadow scores. */
export async function modelDetail(
  sql: Sql,
  workspaceId: string,
  version: number,
): Promise<ModelDetail | null> {
  const model = await maybeOne<RegisteredModel>(
    sql,
    `SELECT ${columns} ${from} WHERE m.workspace_id = $1 AND m.version = $2`,
    [workspaceId, version],
  );
  if (!model) return null;
  const history = await sql.query<ModelHistoryEntry>(
    `SELECT seq, action, actor_name AS "actorName", occurred_at AS "occurredAt", payload FROM events
      WHERE workspace_id = $1 AND subject_type = 'model' AND subject_id = $2 ORDER BY seq`,
    [workspaceId, model.id],
  );
  let shadow: ModelDetail['shadow'] = null;
  if (model.status === 'challenger') {
    const champion = await maybeOne<{ id: string }>(
      sql,
      `SELECT id FROM models WHERE workspace_id = $1 AND status = 'champion'`,
      [workspaceId],
    );
    if (champion) {
      const scores = scoreShadow(await shadowOutcomes(sql, model, champion.id));
      const policy = await promotionPolicyOf(sql, workspaceId);
      shadow = { ...scores, gate: evaluatePromotionGate(scores.champion, scores.challenger, policy) };
    }
  }
  return { ...model, history, shadow };
}
