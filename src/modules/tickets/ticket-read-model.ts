import { maybeOne, type Sql } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { eventColumns, type StoredEvent } from '../../platform/events/index.js';
import type { HistoryEntry, TicketView } from './ticket-schemas.js';

// The ticket as people and integrations see it: its content, current category, latest
// prediction and decision, open review item, and which model learned from its label.

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const viewSql = `
  SELECT t.id, t.source, t.external_id AS "externalId", t.subject, t.body, t.requester, t.channel, t.assignee,
         t.custom_fields AS "customFields", coalesce(t.external_created_at, t.received_at) AS "createdAt",
         t.received_at AS "receivedAt", t.updated_at AS "updatedAt", t.category_set_by AS "categorySetBy",
         c.id AS "cId", c.key AS "cKey", c.name AS "cName",
         p.model_version AS "pModelVersion", p.online_corrections AS "pOnlineCorrections", p.confidence AS "pConfidence", p.ranked AS "pRanked",
         p.explanation AS "pExplanation", p.created_at AS "pCreatedAt",
         pc.id AS "pcId", pc.key AS "pcKey", pc.name AS "pcName",
         d.id AS "dId", d.outcome AS "dOutcome", d.confidence AS "dConfidence", d.model_version AS "dModelVersion",
         d.rule AS "dRule", d.reason AS "dReason", d.inputs AS "dInputs", d.created_at AS "dCreatedAt",
         dc.id AS "dcId", dc.key AS "dcKey", dc.name AS "dcName",
         r.id AS "rId", r.status AS "rStatus", r.reason AS "rReason", r.resolution AS "rResolution",
         (SELECT m.version FROM labels l JOIN models m ON m.workspace_id = l.workspace_id AND m.label_watermark >= l.seq
           WHERE l.ticket_id = t.id AND l.seq = (SELECT max(seq) FROM labels WHERE ticket_id = t.id)
           ORDER BY m.version LIMIT 1) AS "learnedInModelVersion"
    FROM tickets t
    LEFT JOIN categories c ON c.id = t.category_id
    LEFT JOIN LATERAL (SELECT * FROM decisions WHERE ticket_id = t.id ORDER BY created_at DESC, id DESC LIMIT 1) d ON true
    -- In the shadow rollout stage the prediction is recorded for measurement only, never shown.
    LEFT JOIN predictions p ON p.id = d.prediction_id AND d.reason IS DISTINCT FROM 'rollout_shadow'
    LEFT JOIN categories pc ON pc.id = p.category_id
    LEFT JOIN categories dc ON dc.id = d.category_id
    LEFT JOIN LATERAL (SELECT * FROM review_items WHERE ticket_id = t.id AND kind = 'first'
                         ORDER BY created_at DESC, id DESC LIMIT 1) r ON true`;

type ViewRow = Record<string, unknown>;

const ref = (row: ViewRow, p: string) =>
  row[`${p}Id`]
    ? { id: row[`${p}Id`] as string, key: row[`${p}Key`] as string, name: row[`${p}Name`] as string }
    : null;

function toView(row: ViewRow): TicketView {
  return {
    id: row.id as string,
    source: row.source as string,
    externalId: row.externalId as string,
    subject: row.subject as string,
    body: row.body as string,
    requester: row.requester as string | null,
    channel: row.channel as string | null,
    assignee: row.assignee as string | null,
    customFields: row.customFields as Record<string, unknown>,
    createdAt: iso(row.createdAt as Date)!,
    receivedAt: iso(row.receivedAt as Date)!,
    updatedAt: iso(row.updatedAt as Date)!,
    category: ref(row, 'c'),
    categorySetBy: row.categorySetBy as TicketView['categorySetBy'],
    prediction:
      row.pModelVersion == null
        ? null
        : {
            modelVersion: row.pModelVersion as number,
            onlineCorrections: row.pOnlineCorrections as number,
            confidence: row.pConfidence as number,
            category: ref(row, 'pc'),
            ranked: row.pRanked as NonNullable<TicketView['prediction']>['ranked'],
            explanation: row.pExplanation as NonNullable<TicketView['prediction']>['explanation'],
            createdAt: iso(row.pCreatedAt as Date)!,
          },
    decision: row.dId
      ? {
          id: row.dId as string,
          outcome: row.dOutcome as NonNullable<TicketView['decision']>['outcome'],
          category: ref(row, 'dc'),
          confidence: row.dConfidence as number | null,
          modelVersion: row.dModelVersion as number | null,
          rule: row.dRule as string,
          reason: row.dReason as string | null,
          inputs: row.dInputs as Record<string, unknown>,
          createdAt: iso(row.dCreatedAt as Date)!,
        }
      : null,
    reviewItem: row.rId
      ? {
          id: row.rId as string,
          status: row.rStatus as 'open' | 'resolved',
          reason: row.rReason as string,
          resolution: row.rResolution as string | null,
        }
      : null,
    learnedInModelVersion: (row.learnedInModelVersion as number | null) ?? null,
  };
}

export async function getTicketView(
  sql: Sql,
  workspaceId: string,
  ticketId: string,
): Promise<TicketView | undefined> {
  const row = await maybeOne<ViewRow>(sql, `${viewSql} WHERE t.workspace_id = $1 AND t.id = $2`, [
    workspaceId,
    ticketId,
  ]);
  return row && toView(row);
}

export interface TicketFilters {
  source?: string;
  externalId?: string;
  categoryId?: string;
  outcome?: 'applied' | 'suggested' | 'needs_review' | 'escalated';
  limit: number;
  cursor?: string;
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at)))
      throw new Error('shape');
    return [at, id];
  } catch {
    throw new AppError('validation_failed', 'The cursor is not one this API returned.');
  }
}

/** Newest first, paged by an opaque cursor over (receivedAt, id) so pages never shift. */
export async function listTickets(
  sql: Sql,
  workspaceId: string,
  filters: TicketFilters,
): Promise<{ items: TicketView[]; nextCursor: string | null }> {
  const [cursorAt, cursorId] = filters.cursor ? decodeCursor(filters.cursor) : [null, null];
  const rows = await sql.query<ViewRow>(
    `${viewSql}
      WHERE t.workspace_id = $1
        AND ($2::text IS NULL OR t.source = $2)
        AND ($3::text IS NULL OR t.external_id = $3)
        AND ($4::uuid IS NULL OR t.category_id = $4)
        AND ($5::text IS NULL OR d.outcome = $5)
        AND ($6::timestamptz IS NULL OR (t.received_at, t.id) < ($6::timestamptz, $7::uuid))
      ORDER BY t.received_at DESC, t.id DESC
      LIMIT $8`,
    [
      workspaceId,
      filters.source ?? null,
      filters.externalId ?? null,
      filters.categoryId ?? null,
      filters.outcome ?? null,
      cursorAt,
      cursorId,
      filters.limit + 1,
    ],
  );
  const items = rows.slice(0, filters.limit).map(toView);
  const last = items.at(-1);
  const nextCursor =
    rows.length > filters.limit && last
      ? Buffer.from(JSON.stringify([last.receivedAt, last.id])).toString('base64url')
      : null;
  return { items, nextCursor };
}

/**
 * Everything that happened to a ticket, from the event log, plus the training of the first
 * model that learned from its latest label (an event about the model, not the ticket).
 */
export async function ticketHistory(
  sql: Sql,
  workspaceId: string,
  ticketId: string,
): Promise<HistoryEntry[]> {
  const events = await sql.query<StoredEvent>(
    `SELECT ${eventColumns} FROM events
      WHERE workspace_id = $1 AND subject_type = 'ticket' AND subject_id = $2
     UNION ALL
     (SELECT ${eventColumns} FROM events
       WHERE workspace_id = $1 AND action = 'model.trained'
         AND (payload->>'labelWatermark')::bigint >= (SELECT max(seq) FROM labels WHERE ticket_id = $2::uuid)
       ORDER BY seq LIMIT 1)
     ORDER BY seq`,
    [workspaceId, ticketId],
  );
  return events.map((e) => ({
    at: e.occurredAt.toISOString(),
    action: e.action,
    actorType: e.actorType,
    actorName: e.actorName,
    modelVersion: e.modelVersion,
    payload: e.payload,
  }));
}
