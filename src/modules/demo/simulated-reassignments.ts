import { createRng, hashSeed } from './prng.js';

// Re-assignment hops in the simulated weeks: a ticket filed under the wrong category goes to the
// wrong desk and comes back. Triaged from scratch (no AI shown: shadow, off, control), about one
// ticket in seven bounces; with the right category shown far fewer, with a wrong one more. A
// bounce goes to the second-line desk and back to the agent (two hops), so the agent stays the
// ticket's assignee, as the rest of the story assumes. Drawn from a generator of its own per
// ticket, so adding hops changes none of the other simulated draws.

const MINUTE = 60_000;

export const BOUNCE_CHANCE = { no_category: 0.14, right_category: 0.04, wrong_category: 0.3 } as const;

export interface AssignmentRow {
  ticketId: string;
  fromAssignee: string | null;
  toAssignee: string;
  changedAt: string;
}

export function simulatedAssignments(input: {
  sequence: number;
  ticketId: string;
  arrival: number;
  agentEmail: string;
  /** The category the AI showed (applied or suggested); null when it showed nothing. */
  shownCategoryId: string | null;
  trueCategoryId: string;
  until: number;
}): AssignmentRow[] {
  const rng = createRng(hashSeed(input.sequence, 0x4a55));
  const row = (from: string | null, to: string, at: number): AssignmentRow => ({
    ticketId: input.ticketId,
    fromAssignee: from,
    toAssignee: to,
    changedAt: new Date(at).toISOString(),
  });
  const rows = [row(null, input.agentEmail, input.arrival)];
  const chance =
    input.shownCategoryId === null
      ? BOUNCE_CHANCE.no_category
      : input.shownCategoryId === input.trueCategoryId
        ? BOUNCE_CHANCE.right_category
        : BOUNCE_CHANCE.wrong_category;
  if (!rng.chance(chance)) return rows;
  const desk = `second-line@${input.agentEmail.split('@')[1] ?? 'example.com'}`;
  const away = input.arrival + rng.int(5, 60) * MINUTE;
  const back = away + rng.int(10, 90) * MINUTE;
  if (away < input.until) rows.push(row(input.agentEmail, desk, away));
  if (back < input.until) rows.push(row(desk, input.agentEmail, back));
  return rows;
}
