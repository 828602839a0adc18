import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import { type Database, json, type Sql } from '../../platform/db/database.js';
import { appendEvents } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { type Category, categoryKeyOf, insertCategory, listCategories } from '../categories/index.js';
import { recordImportLabels } from '../learning/index.js';
import { ticketContentHash } from '../tickets/index.js';
import type { HistoryRow } from './history-row.js';

export interface ImportOptions {
  /** Create categories the history names but the workspace lacks (otherwise such rows are rejected). */
  createCategories: boolean;
  source: string;
}

export interface BatchResult {
  created: number;
  unchanged: number;
  rejected: { index: number; reason: string }[];
  createdCategories: string[];
}

export const MAX_IMPORT_BATCH = 1000;

/** A stable external id for rows that carry none, so importing the same file twice adds nothing. */
export const derivedExternalId = (row: HistoryRow) =>
  `row-${createHash('sha256')
    .update(`${row.subject ?? ''}\u0000${row.body ?? ''}`)
    .digest('hex')
    .slice(0, 24)}`;

export function categoryLookup(categories: Category[]) {
  const byRef = new Map<string, Category>();
  for (const c of categories) {
    byRef.set(c.key, c);
    byRef.set(c.name.toLowerCase(), c);
  }
  return (ref: string) => byRef.get(ref.toLowerCase()) ?? byRef.get(categoryKeyOf(ref));
}

interface Candidate {
  index: number;
  externalId: string;
  contentHash: string;
  categoryId: string;
  row: HistoryRow;
}

/**
 * Imports one batch of labelled history in one transaction: each row becomes a ticket with
 * an `import` label. Rows already imported with the same content are counted unchanged;
 * rows that cannot be imported are returned with the reason and nothing of them is written.
 * Tickets, labels and events are written with a few set-based statements per batch, not a
 * few per row: a first start imports thousands.
 */
export async function importHistoryBatch(
  deps: { db: Database; clock: Clock },
  ctx: RequestContext,
  rows: HistoryRow[],
  options: ImportOptions,
): Promise<BatchResult> {
  return deps.db.transaction(async (tx) => {
    const result: BatchResult = { created: 0, unchanged: 0, rejected: [], createdCategories: [] };
    const categories = await listCategories(tx, ctx.workspaceId);
    let find = categoryLookup(categories);
    const candidates = new Map<string, Candidate>();
    const repeats: Candidate[] = [];
    for (const [index, row] of rows.entries()) {
      let category = find(row.category);
      if (!category && options.createCategories) {
        category = await insertCategory(tx, deps.clock, ctx, { name: row.category });
        categories.push(category);
        find = categoryLookup(categories);
        result.createdCategories.push(category.name);
      }
      if (!category) {
        result.rejected.push({ index, reason: `unknown category "${row.category}"` });
        continue;
      }
      const externalId = row.externalId ?? derivedExternalId(row);
      const contentHash = ticketContentHash({ ...row, source: options.source, externalId });
      const candidate = { index, externalId, contentHash, categoryId: category.id, row };
      if (candidates.has(externalId)) repeats.push(candidate);
      else candidates.set(externalId, candidate);
    }

    const now = deps.clock.now();
    const created = await insertImportedTickets(
      tx,
      ctx,
      options.source,
      now,
      [...candidates.values()].map((c) => ({
        externalId: c.externalId,
        subject: c.row.subject ?? null,
        body: c.row.body ?? null,
        requester: c.row.requester ?? null,
        channel: c.row.channel ?? null,
        contentHash: c.contentHash,
        createdAt: c.row.createdAt ?? null,
      })),
    );
    const existing = new Map(
      (
        await tx.query<{ externalId: string; contentHash: string }>(
          `SELECT external_id AS "externalId", content_hash AS "contentHash" FROM tickets
            WHERE workspace_id = $1 AND source = $2 AND external_id = ANY($3::text[])`,
          [ctx.workspaceId, options.source, [...candidates.keys()].filter((id) => !created.has(id))],
        )
      ).map((t) => [t.externalId, t.contentHash]),
    );
    for (const c of [...candidates.values(), ...repeats]) {
      if (created.has(c.externalId) && candidates.get(c.externalId) === c) continue;
      const known = existing.get(c.externalId) ?? candidates.get(c.externalId)?.contentHash;
      if (known === c.contentHash) result.unchanged++;
      else
        result.rejected.push({
          index: c.index,
          reason: `externalId "${c.externalId}" was imported before with other content`,
        });
    }
    result.rejected.sort((a, b) => a.index - b.index);

    const fresh = [...candidates.values()].filter((c) => created.has(c.externalId));
    await recordImportLabels(
      tx,
      deps.clock,
      ctx,
      fresh.map((c) => ({ ticketId: created.get(c.externalId)!, categoryId: c.categoryId })),
    );
    result.created = fresh.length;
    return result;
  });
}

export interface ImportedTicketRow {
  externalId: string;
  subject: string | null;
  body: string | null;
  requester: string | null;
  channel: string | null;
  contentHash: string;
  createdAt: string | null;
  assignee?: string | null;
  customFields?: Record<string, unknown>;
}

/**
 * Inserts history tickets set-based in the caller's transaction, skipping any (source, externalId)
 * already there, and appends `ticket.imported` for each new one. Returns externalId → id of the
 * tickets created. Shared by file imports and backfills from a connection.
 */
export async function insertImportedTickets(
  tx: Sql,
  ctx: RequestContext,
  source: string,
  now: Date,
  rows: readonly ImportedTicketRow[],
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const inserted = await tx.query<{ id: string; externalId: string }>(
    `INSERT INTO tickets (workspace_id, source, external_id, subject, body, requester, channel, assignee,
       custom_fields, content_hash, external_created_at, received_at, updated_at)
     SELECT $1, $2, x."externalId", coalesce(x.subject, ''), coalesce(x.body, ''), x.requester, x.channel,
            x.assignee, coalesce(x."customFields", '{}'::jsonb), x."contentHash", x."createdAt", $3, $3
       FROM jsonb_to_recordset($4::jsonb) AS x("externalId" text, subject text, body text, requester text,
            channel text, assignee text, "customFields" jsonb, "contentHash" text, "createdAt" timestamptz,
            ord integer)
      ORDER BY x.ord
     ON CONFLICT (workspace_id, source, external_id) DO NOTHING
     RETURNING id, external_id AS "externalId"`,
    [ctx.workspaceId, source, now, json(rows.map((row, ord) => ({ ...row, ord })))],
  );
  await appendEvents(
    tx,
    inserted.map((t) => ({
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'ticket.imported',
      subjectType: 'ticket',
      subjectId: t.id,
      payload: { source, externalId: t.externalId },
      occurredAt: now,
    })),
  );
  return new Map(inserted.map((t) => [t.externalId, t.id]));
}
