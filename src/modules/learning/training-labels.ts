import { json, type Sql } from '../../platform/db/database.js';
import { liveTaxonomy } from '../categories/index.js';
import type { TrainingExample } from '../classifier/index.js';

// Which category a ticket teaches the next model, from all of its labels. The rule:
//
// 1. The latest dispute ruling wins over every label before it (the category owner had the
//    final word).
// 2. After the last ruling (or from the first label when there is none), each person's
//    latest label counts: someone correcting their own earlier label is not a conflict.
// 3. When those people's latest labels name different categories — e.g. a first and a blind
//    second reviewer disagreed and nobody settled it with a ruling — the ticket is left out
//    of training rather than guessed.
//
// Only people's labels exist (the AI's own decisions never become labels); an 'ai' actor is
// ignored here as well, so a model can never train on its own output.
//
// Labels are read in today's taxonomy: a label of a category merged since counts as its target
// (so a person who said Billing agrees with the migrated label Payments), and a label of a
// category split or retired since is no opinion any more (the person chose among categories that
// no longer exist as they were). A ticket left with no opinion is 'retired': out of training
// until someone labels it again.

export interface TicketLabel {
  seq: number;
  categoryId: string;
  kind: string;
  actorType: string;
  actorId: string | null;
}

export type LabelResolution =
  | { outcome: 'labelled'; categoryId: string }
  | { outcome: 'conflict'; categoryIds: string[] }
  | { outcome: 'retired' }
  | { outcome: 'unlabelled' };

/**
 * Resolves one ticket's labels (any order) to the category it teaches, by the rule above;
 * `resolve` gives the live category a label's category stands for today (see categories'
 * `liveTaxonomy`), undefined for one split or retired.
 */
export function resolveTicketLabel(
  labels: readonly TicketLabel[],
  resolve: (categoryId: string) => string | undefined = (id) => id,
): LabelResolution {
  const human = labels.filter((l) => l.actorType !== 'ai').sort((a, b) => a.seq - b.seq);
  if (human.length === 0) return { outcome: 'unlabelled' };
  let from = 0;
  human.forEach((label, index) => {
    if (label.kind === 'dispute') from = index;
  });
  const latestByPerson = new Map<string, string | undefined>();
  for (const label of human.slice(from)) {
    latestByPerson.set(`${label.actorType}:${label.actorId ?? ''}`, resolve(label.categoryId));
  }
  const categoryIds = [...new Set(latestByPerson.values())].filter((id) => id !== undefined);
  if (categoryIds.length === 0) return { outcome: 'retired' };
  return categoryIds.length === 1
    ? { outcome: 'labelled', categoryId: categoryIds[0]! }
    : { outcome: 'conflict', categoryIds: categoryIds.sort() };
}

export type TrainingExampleOf = TrainingExample & { id: string; category: string };

export interface TrainingLabels {
  /** Oldest ticket first; `category` is the category id. */
  examples: TrainingExampleOf[];
  /** Tickets whose people disagree and nobody ruled: left out of training. */
  conflicting: number;
  /** Tickets whose resolved category has been retired since: left out. */
  retired: number;
}

/**
 * Every labelled ticket's resolved category from labels up to `watermark` (live categories
 * only), with how many tickets the rule left out.
 */
export async function trainingLabels(
  sql: Sql,
  workspaceId: string,
  watermark = Number.MAX_SAFE_INTEGER,
): Promise<TrainingLabels> {
  const rows = await sql.query<TicketLabel & { ticketId: string }>(
    `SELECT ticket_id AS "ticketId", seq, category_id AS "categoryId", kind, actor_type AS "actorType",
            actor_id AS "actorId"
       FROM labels WHERE workspace_id = $1 AND seq <= $2 ORDER BY seq`,
    [workspaceId, watermark],
  );
  const byTicket = new Map<string, TicketLabel[]>();
  for (const { ticketId, ...label } of rows) {
    const list = byTicket.get(ticketId);
    if (list) list.push(label);
    else byTicket.set(ticketId, [label]);
  }
  const taxonomy = await liveTaxonomy(sql, workspaceId);
  const resolved: { ticketId: string; categoryId: string }[] = [];
  let conflicting = 0;
  let retired = 0;
  for (const [ticketId, labels] of byTicket) {
    const resolution = resolveTicketLabel(labels, taxonomy.resolve);
    if (resolution.outcome === 'labelled') resolved.push({ ticketId, categoryId: resolution.categoryId });
    else if (resolution.outcome === 'conflict') conflicting++;
    else if (resolution.outcome === 'retired') retired++;
  }
  if (resolved.length === 0) return { examples: [], conflicting, retired };
  const tickets = await sql.query<{ ticketId: string; categoryId: string; subject: string; body: string }>(
    `SELECT t.id AS "ticketId", x."categoryId", t.subject, t.body
       FROM jsonb_to_recordset($2::jsonb) AS x("ticketId" uuid, "categoryId" uuid)
       JOIN tickets t ON t.id = x."ticketId" AND t.workspace_id = $1
       JOIN categories c ON c.id = x."categoryId" AND c.retired_at IS NULL
      ORDER BY t.received_at, t.id`,
    [workspaceId, json(resolved)],
  );
  return {
    examples: tickets.map((t) => ({
      id: t.ticketId,
      subject: t.subject,
      body: t.body,
      category: t.categoryId,
    })),
    conflicting,
    retired: retired + resolved.length - tickets.length,
  };
}

/** The training examples alone (see `trainingLabels`). */
export async function labelledTickets(
  sql: Sql,
  workspaceId: string,
  watermark = Number.MAX_SAFE_INTEGER,
): Promise<TrainingExampleOf[]> {
  return (await trainingLabels(sql, workspaceId, watermark)).examples;
}
