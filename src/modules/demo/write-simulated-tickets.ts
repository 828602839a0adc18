import { json, type Sql } from '../../platform/db/database.js';
import { appendEvents, type NewEvent } from '../../platform/events/index.js';
import { WEEKS_SOURCE } from './simulate-ticket-work.js';
import type { TicketStory } from './simulated-ticket-story.js';

// Writes a simulated day's tickets set-based: one INSERT per table and one for the events (in the
// order they happened), instead of some thirty statements per ticket.

const recordset = (columns: string) => `jsonb_to_recordset($1::jsonb) AS x(${columns}, ord integer)`;

export async function writeSimulatedTickets(
  tx: Sql,
  workspaceId: string,
  stories: readonly TicketStory[],
): Promise<void> {
  if (stories.length === 0) return;
  const rows = <T>(pick: (s: TicketStory) => T[]) =>
    json(stories.flatMap(pick).map((row, ord) => ({ ...row, ord })));
  await tx.query(
    `INSERT INTO tickets (id, workspace_id, source, external_id, subject, body, requester, channel, assignee,
       custom_fields, content_hash, external_created_at, received_at, updated_at, category_id, category_set_by)
     SELECT x.id, $2, $3, x."externalId", x.subject, x.body, x.requester, x.channel, x.assignee, '{}'::jsonb,
            x."contentHash", x."externalCreatedAt", x."receivedAt", x."updatedAt", x."categoryId", x."categorySetBy"
       FROM ${recordset(`id uuid, "externalId" text, subject text, body text, requester text, channel text, assignee text,
            "contentHash" text, "externalCreatedAt" timestamptz, "receivedAt" timestamptz, "updatedAt" timestamptz,
            "categoryId" uuid, "categorySetBy" text`)} ORDER BY x.ord`,
    [rows((s) => [s.ticket]), workspaceId, WEEKS_SOURCE],
  );
  await tx.query(
    `INSERT INTO ticket_assignments (workspace_id, ticket_id, from_assignee, to_assignee, changed_at)
     SELECT $2, x."ticketId", x."fromAssignee", x."toAssignee", x."changedAt"
       FROM ${recordset(`"ticketId" uuid, "fromAssignee" text, "toAssignee" text, "changedAt" timestamptz`)}
      ORDER BY x.ord`,
    [rows((s) => s.assignments), workspaceId],
  );
  await tx.query(
    `INSERT INTO predictions (id, workspace_id, ticket_id, model_id, model_version, category_id, confidence, ranked,
       explanation, created_at, online_corrections)
     SELECT x.id, $2, x."ticketId", x."modelId", x."modelVersion", x."categoryId", x.confidence, x.ranked,
            x.explanation, x."createdAt", x."onlineCorrections"
       FROM ${recordset(`id uuid, "ticketId" uuid, "modelId" uuid, "modelVersion" integer, "categoryId" uuid,
            confidence real, ranked jsonb, explanation jsonb, "createdAt" timestamptz, "onlineCorrections" integer`)}
      ORDER BY x.ord`,
    [rows((s) => (s.prediction ? [s.prediction] : [])), workspaceId],
  );
  await tx.query(
    `INSERT INTO decisions (id, workspace_id, ticket_id, prediction_id, outcome, category_id, confidence, model_version,
       rule, reason, inputs, created_at, cohort_id)
     SELECT x.id, $2, x."ticketId", x."predictionId", x.outcome, x."categoryId", x.confidence, x."modelVersion",
            x.rule, x.reason, x.inputs, x."createdAt", x."cohortId"
       FROM ${recordset(`id uuid, "ticketId" uuid, "predictionId" uuid, outcome text, "categoryId" uuid,
            confidence real, "modelVersion" integer, rule text, reason text, inputs jsonb, "createdAt" timestamptz,
            "cohortId" uuid`)} ORDER BY x.ord`,
    [rows((s) => [s.decision]), workspaceId],
  );
  // First reviews before the second reviews that point at them.
  await tx.query(
    `INSERT INTO review_items (id, workspace_id, ticket_id, decision_id, status, reason, kind, first_item_id, queue_id,
       due_at, created_at, claimed_by, claimed_at, resolution, resolved_by, resolved_at, resolved_category_id)
     SELECT x.id, $2, x."ticketId", x."decisionId", x.status, x.reason, x.kind, x."firstItemId", x."queueId",
            x."dueAt", x."createdAt", x."claimedBy", x."claimedAt", x.resolution, x."resolvedBy", x."resolvedAt",
            x."resolvedCategoryId"
       FROM ${recordset(`id uuid, "ticketId" uuid, "decisionId" uuid, status text, reason text, kind text,
            "firstItemId" uuid, "queueId" uuid, "dueAt" timestamptz, "createdAt" timestamptz, "claimedBy" uuid,
            "claimedAt" timestamptz, resolution text, "resolvedBy" uuid, "resolvedAt" timestamptz,
            "resolvedCategoryId" uuid`)} ORDER BY x.kind, x.ord`,
    [rows((s) => s.items), workspaceId],
  );
  // Labels in the order they were given, so their sequence follows time as it does live.
  const labels = stories.flatMap((s) => s.labels).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const stored = await tx.query<{ id: string; seq: number }>(
    `INSERT INTO labels (id, workspace_id, ticket_id, category_id, previous_category_id, kind, reason_code,
       actor_type, actor_id, created_at)
     SELECT x.id, $2, x."ticketId", x."categoryId", x."previousCategoryId", x.kind, x."reasonCode", x."actorType",
            x."actorId", x."createdAt"
       FROM ${recordset(`id uuid, "ticketId" uuid, "categoryId" uuid, "previousCategoryId" uuid, kind text,
            "reasonCode" text, "actorType" text, "actorId" text, "createdAt" timestamptz`)} ORDER BY x.ord
     RETURNING id, seq`,
    [json(labels.map((l, ord) => ({ ...l, ord }))), workspaceId],
  );
  const seqOf = new Map(stored.map((l) => [l.id, Number(l.seq)]));
  const labelEvents: NewEvent[] = stories.flatMap((s) =>
    s.labels.map((l) => ({
      workspaceId,
      actor: s.agent,
      action: 'label.recorded',
      subjectType: 'ticket',
      subjectId: l.ticketId,
      payload: {
        labelId: l.id,
        labelSeq: seqOf.get(l.id)!,
        kind: l.kind,
        reasonCode: l.reasonCode,
        categoryId: l.categoryId,
        previousCategoryId: l.previousCategoryId,
      },
      occurredAt: new Date(l.createdAt),
    })),
  );
  // In time order; at the same instant, in the order the product appends them.
  const all = [...stories.flatMap((s) => s.events), ...labelEvents]
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        a.e.occurredAt.getTime() - b.e.occurredAt.getTime() ||
        a.e.subjectId.localeCompare(b.e.subjectId) ||
        eventOrder(a.e.action) - eventOrder(b.e.action) ||
        a.i - b.i,
    )
    .map((x) => x.e);
  await appendEvents(tx, all);
}

const ORDER = [
  'ticket.received',
  'prediction.made',
  'decision.made',
  'review.opened',
  'review.claimed',
  'label.recorded',
  'review.resolved',
  'second_review.opened',
];
const eventOrder = (action: string) => ORDER.indexOf(action);
