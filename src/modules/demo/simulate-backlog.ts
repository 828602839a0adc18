import { handlingMinutes } from './agent-behaviour.js';
import {
  WEEKS_SOURCE,
  type WorkContext,
  type WorkDeps,
  weeksTicket,
  workItem,
} from './simulate-ticket-work.js';
import type { SimulatedAgent } from './simulated-agents.js';

const MINUTE = 60_000;

interface OpenItem {
  id: string;
  kind: 'first' | 'second';
  externalId: string;
  firstResolvedBy: string | null;
}

/**
 * The leads start a working day with what the team left open: items agents ignored and blind
 * second reviews. They answer each with the ticket's true category, one after another from
 * `startAt`; whatever was older than a day by then has already been escalated by the sweep.
 */
export async function workBacklog(
  deps: WorkDeps,
  ctx: WorkContext,
  leads: SimulatedAgent[],
  startAt: number,
): Promise<number> {
  const items = await deps.db.query<OpenItem>(
    `SELECT r.id, r.kind, t.external_id AS "externalId", f.resolved_by AS "firstResolvedBy"
       FROM review_items r JOIN tickets t ON t.id = r.ticket_id
       LEFT JOIN review_items f ON f.id = r.first_item_id
      WHERE r.workspace_id = $1 AND r.status = 'open' AND t.source = $2 AND r.created_at < $3
      ORDER BY r.created_at, r.id`,
    [ctx.workspaceId, WEEKS_SOURCE, new Date(startAt)],
  );
  let at = startAt;
  for (const [i, item] of items.entries()) {
    const lead = leads.filter((l) => l.userId !== item.firstResolvedBy)[i % (leads.length - 1)]!;
    const sequence = Number(item.externalId.replace('WEEKS-', ''));
    const trueId = ctx.categoryIds.get(weeksTicket(sequence).category)!;
    const resolvedAt = at + handlingMinutes(ctx.rng, 'correct', lead.pace) * MINUTE;
    if (resolvedAt >= ctx.until) break;
    await workItem(deps, ctx, lead, item.id, at, resolvedAt, { action: 'correct', category: trueId });
    at = resolvedAt + MINUTE;
  }
  return items.length;
}
