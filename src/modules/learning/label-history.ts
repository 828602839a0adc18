import { z } from 'zod';
import type { Sql } from '../../platform/db/database.js';

// A ticket's labels as people read them: who, when, from what, to what, how and why, and
// whether the model has learned it — online in the champion ("v3+5 online") or in a trained
// model ("in model v4"). Retired categories keep their names here.

/** What the person who just recorded a label is told (see `learningOfLabel`). */
export const labelLearningSchema = z
  .object({
    state: z.enum(['learned', 'in_model', 'pending']),
    modelVersion: z.number().nullable(),
    onlineCorrections: z.number(),
  })
  .describe('learned: the champion vN applied it online and now holds k corrections ("vN+k online")');

const ref = z.object({ id: z.string(), name: z.string(), retired: z.boolean() });

export const ticketLabelSchema = z
  .object({
    id: z.string(),
    seq: z.number(),
    at: z.string(),
    kind: z.string(),
    reasonCode: z.string().nullable(),
    actorType: z.string(),
    actorName: z.string(),
    from: ref.nullable(),
    to: ref,
    learning: z
      .discriminatedUnion('state', [
        z.object({ state: z.literal('in_model'), modelVersion: z.number() }),
        z.object({ state: z.literal('learned_online'), modelVersion: z.number() }),
        z.object({
          state: z.literal('not_learned'),
          reason: z.enum(['no_model', 'retired_category', 'kind']),
        }),
      ])
      .describe(
        "in_model: the champion was trained on it; learned_online: applied on top of the champion's training",
      ),
  })
  .describe('TicketLabel');

export type TicketLabelView = z.output<typeof ticketLabelSchema>;

/** Label kinds every process learns online (see ChampionCache); taxonomy maps wait for a retrain. */
export const ONLINE_LABEL_KINDS = ['accept', 'correct', 'dispute', 'review', 'helpdesk', 'import'];

interface Row {
  id: string;
  seq: number;
  at: Date;
  kind: string;
  reasonCode: string | null;
  actorType: string;
  actorName: string | null;
  fromId: string | null;
  fromName: string | null;
  fromRetired: boolean | null;
  toId: string;
  toName: string;
  toRetired: boolean;
  championVersion: number | null;
  championWatermark: number | null;
}

/** Oldest first. */
export async function ticketLabels(
  sql: Sql,
  workspaceId: string,
  ticketId: string,
): Promise<TicketLabelView[]> {
  const rows = await sql.query<Row>(
    `SELECT l.id, l.seq, l.created_at AS at, l.kind, l.reason_code AS "reasonCode", l.actor_type AS "actorType",
            coalesce(e.actor_name, u.name) AS "actorName",
            f.id AS "fromId", f.name AS "fromName", f.retired_at IS NOT NULL AS "fromRetired",
            c.id AS "toId", c.name AS "toName", c.retired_at IS NOT NULL AS "toRetired",
            m.version AS "championVersion", m.label_watermark AS "championWatermark"
       FROM labels l
       JOIN categories c ON c.id = l.category_id
       LEFT JOIN categories f ON f.id = l.previous_category_id
       LEFT JOIN users u ON l.actor_type = 'user' AND u.id::text = l.actor_id
       LEFT JOIN LATERAL (SELECT actor_name FROM events
                           WHERE workspace_id = l.workspace_id AND subject_type = 'ticket' AND subject_id = l.ticket_id::text
                             AND action = 'label.recorded' AND payload->>'labelId' = l.id::text
                           LIMIT 1) e ON true
       LEFT JOIN models m ON m.workspace_id = l.workspace_id AND m.status = 'champion'
      WHERE l.workspace_id = $1 AND l.ticket_id = $2
      ORDER BY l.seq`,
    [workspaceId, ticketId],
  );
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    at: r.at.toISOString(),
    kind: r.kind,
    reasonCode: r.reasonCode,
    actorType: r.actorType,
    actorName: r.actorName ?? r.actorType,
    from: r.fromId ? { id: r.fromId, name: r.fromName!, retired: Boolean(r.fromRetired) } : null,
    to: { id: r.toId, name: r.toName, retired: r.toRetired },
    learning: learningOf(r),
  }));
}

function learningOf(r: Row): TicketLabelView['learning'] {
  if (r.championVersion === null || r.championWatermark === null)
    return { state: 'not_learned', reason: 'no_model' };
  if (r.championWatermark >= r.seq) return { state: 'in_model', modelVersion: r.championVersion };
  if (r.toRetired) return { state: 'not_learned', reason: 'retired_category' };
  if (!ONLINE_LABEL_KINDS.includes(r.kind)) return { state: 'not_learned', reason: 'kind' };
  return { state: 'learned_online', modelVersion: r.championVersion };
}
