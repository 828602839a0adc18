import type { Clock } from '../../../platform/clock.js';
import { json, type Sql } from '../../../platform/db/database.js';
import { appendEvents } from '../../../platform/events/index.js';
import type { RequestContext } from '../../access/index.js';
import { type ImportedTicketRow, insertImportedTickets } from '../../imports/index.js';
import { recordImportLabels } from '../../learning/index.js';
import { ticketContentHash } from '../../tickets/index.js';
import { ticketSourceOf } from '../connection-store.js';
import type { ConnectionView, PastTicket } from '../connector.js';
import { isOwn } from '../process-inbound-event.js';
import { categoryOfValue } from '../write-back-plan.js';
import { type BackfillCounts, zeroCounts } from './backfill-store.js';

// One page of past tickets into Triage's history, in the caller's transaction (the same one that
// saves the cursor). Past tickets are history, not intake: no prediction, no decision, no
// write-back, no review item. A category a person left becomes an `import` label; a category
// Triage itself set is AI provenance — kept on the ticket (category_set_by 'ai') and counted, but
// never a label, so a model never learns from its own output.

export type Provenance = 'human' | 'ai';

/**
 * External ids whose current value is one Triage wrote itself (helpdesk_writes: a set_category it
 * wrote with that value): covers helpdesks that do not say who set a field.
 */
async function valuesTriageWrote(
  sql: Sql,
  connection: ConnectionView,
  items: readonly { externalId: string; value: string }[],
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const rows = await sql.query<{ externalId: string }>(
    `SELECT DISTINCT t.external_id AS "externalId"
       FROM jsonb_to_recordset($3::jsonb) AS x("externalId" text, value text)
       JOIN tickets t ON t.workspace_id = $1 AND t.source = $2 AND t.external_id = x."externalId"
       JOIN helpdesk_writes w ON w.connection_id = $4 AND w.ticket_id = t.id AND w.action = 'set_category'
                             AND w.result = 'written' AND lower(w.value) = lower(x.value)`,
    [connection.workspaceId, ticketSourceOf(connection), json(items), connection.id],
  );
  return new Set(rows.map((r) => r.externalId));
}

export interface Classified {
  past: PastTicket;
  categoryId: string;
  provenance: Provenance;
}

/**
 * Sorts a page out: rejected (no id or text), repeated, uncategorised, unmapped, or a Triage
 * category with its provenance — 'ai' when the connector says Triage set it, when the integration
 * user set it, or when it is a value Triage itself wrote to that ticket (helpdesk_writes).
 */
export async function classifyPastTickets(
  sql: Sql,
  connection: ConnectionView,
  page: readonly PastTicket[],
): Promise<{ counts: BackfillCounts; classified: Classified[] }> {
  const counts = zeroCounts();
  counts.read = page.length;
  const seen = new Set<string>();
  const mapped: { past: PastTicket; categoryId: string }[] = [];
  for (const past of page) {
    const externalId = past.ticket.externalId.trim();
    if (externalId === '' || (past.ticket.subject.trim() === '' && past.ticket.body.trim() === '')) {
      counts.rejected++;
      continue;
    }
    // A helpdesk may list a ticket twice when it changed while being paged through.
    if (seen.has(externalId)) {
      counts.unchanged++;
      continue;
    }
    seen.add(externalId);
    if (past.categoryValue === null || past.categoryValue.trim() === '') {
      counts.uncategorised++;
      continue;
    }
    const categoryId = categoryOfValue(connection, past.categoryValue);
    if (categoryId === null) counts.unmapped++;
    else mapped.push({ past, categoryId });
  }

  const wroteIt = await valuesTriageWrote(
    sql,
    connection,
    mapped.map((m) => ({ externalId: m.past.ticket.externalId, value: m.past.categoryValue! })),
  );
  const classified: Classified[] = mapped.map((m) => ({
    ...m,
    provenance:
      m.past.setByTriage ||
      (m.past.categorySetBy !== null && isOwn(connection, m.past.categorySetBy)) ||
      wroteIt.has(m.past.ticket.externalId)
        ? 'ai'
        : 'human',
  }));
  return { counts, classified };
}

/** Imports one page (see the top of this file); returns what became of its tickets. */
export async function importPastTickets(
  tx: Sql,
  clock: Clock,
  ctx: RequestContext,
  connection: ConnectionView,
  page: readonly PastTicket[],
): Promise<BackfillCounts> {
  const { counts, classified } = await classifyPastTickets(tx, connection, page);
  const source = ticketSourceOf(connection);
  const now = clock.now();
  const created = await insertImportedTickets(
    tx,
    ctx,
    source,
    now,
    classified.map(rowOf(source, connection)),
  );
  counts.unchanged += classified.length - created.size;
  counts.imported = created.size;
  const fresh = classified.filter((c) => created.has(c.past.ticket.externalId));
  const withId = (c: Classified) => ({
    ticketId: created.get(c.past.ticket.externalId)!,
    categoryId: c.categoryId,
  });
  const human = fresh.filter((c) => c.provenance === 'human').map(withId);
  const ai = fresh.filter((c) => c.provenance === 'ai').map(withId);
  await recordImportLabels(tx, clock, ctx, human);
  await recordAiProvenance(tx, ctx, now, ai);
  counts.labelled = human.length;
  counts.aiProvenance = ai.length;
  return counts;
}

const rowOf =
  (source: string, connection: ConnectionView) =>
  ({ past }: Classified): ImportedTicketRow => {
    const t = past.ticket;
    const customFields = { ...t.fields, helpdeskCategory: past.categoryValue };
    const fields = {
      externalId: t.externalId,
      subject: t.subject,
      body: t.body,
      requester: t.requesterEmail ?? undefined,
      channel: connection.kind,
      assignee: t.assigneeEmail ?? undefined,
      createdAt: t.createdAt ?? undefined,
      customFields,
    };
    return {
      ...fields,
      requester: fields.requester ?? null,
      assignee: fields.assignee ?? null,
      createdAt: fields.createdAt ?? null,
      contentHash: ticketContentHash({ source, ...fields }),
    };
  };

/** The category Triage set, kept visible on the ticket as the AI's, with no label. */
async function recordAiProvenance(
  tx: Sql,
  ctx: RequestContext,
  now: Date,
  items: readonly { ticketId: string; categoryId: string }[],
): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `UPDATE tickets t SET category_id = x."categoryId", category_set_by = 'ai', updated_at = $2
       FROM jsonb_to_recordset($3::jsonb) AS x("ticketId" uuid, "categoryId" uuid)
      WHERE t.id = x."ticketId" AND t.workspace_id = $1`,
    [ctx.workspaceId, now, json(items)],
  );
  await appendEvents(
    tx,
    items.map((item) => ({
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'ticket.ai_category_imported',
      subjectType: 'ticket',
      subjectId: item.ticketId,
      payload: { categoryId: item.categoryId, provenance: 'ai', why: 'set by Triage in the helpdesk' },
      occurredAt: now,
    })),
  );
}
