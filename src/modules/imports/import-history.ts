import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import { type Database, maybeOne } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/index.js';
import type { RequestContext } from '../access/index.js';
import { type Category, categoryKeyOf, insertCategory, listCategories } from '../categories/index.js';
import { recordLabel } from '../learning/index.js';
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

/**
 * Imports one batch of labelled history in one transaction: each row becomes a ticket with
 * an `import` label. Rows already imported with the same content are counted unchanged;
 * rows that cannot be imported are returned with the reason and nothing of them is written.
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
      const ticket = { ...row, source: options.source, externalId };
      const contentHash = ticketContentHash(ticket);
      const inserted = await maybeOne<{ id: string }>(
        tx,
        `INSERT INTO tickets (workspace_id, source, external_id, subject, body, requester, channel, content_hash,
           external_created_at, received_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
         ON CONFLICT (workspace_id, source, external_id) DO NOTHING RETURNING id`,
        [
          ctx.workspaceId,
          options.source,
          externalId,
          row.subject ?? '',
          row.body ?? '',
          row.requester ?? null,
          row.channel ?? null,
          contentHash,
          row.createdAt ? new Date(row.createdAt) : null,
          deps.clock.now(),
        ],
      );
      if (!inserted) {
        const existing = await maybeOne<{ contentHash: string }>(
          tx,
          `SELECT content_hash AS "contentHash" FROM tickets WHERE workspace_id = $1 AND source = $2 AND external_id = $3`,
          [ctx.workspaceId, options.source, externalId],
        );
        if (existing?.contentHash === contentHash) result.unchanged++;
        else
          result.rejected.push({
            index,
            reason: `externalId "${externalId}" was imported before with other content`,
          });
        continue;
      }
      await appendEvent(tx, {
        workspaceId: ctx.workspaceId,
        actor: ctx.actor,
        action: 'ticket.imported',
        subjectType: 'ticket',
        subjectId: inserted.id,
        payload: { source: options.source, externalId },
        occurredAt: deps.clock.now(),
      });
      await recordLabel(tx, deps.clock, ctx, {
        ticketId: inserted.id,
        categoryId: category.id,
        kind: 'import',
      });
      result.created++;
    }
    return result;
  });
}
