import type { Sql } from '../../platform/db/database.js';

// Every change of a ticket's assignee, kept so the value metrics can count re-assignment hops
// (metrics/metric-definitions.ts). The tickets row holds only the current assignee.

const normalised = (assignee: string | null | undefined) => assignee?.trim().toLowerCase() || null;

/** Records a change of assignee; nothing when it names the same person (case and spaces aside). */
export async function recordAssignment(
  tx: Sql,
  change: { workspaceId: string; ticketId: string; from: string | null; to: string | null; at: Date },
): Promise<boolean> {
  if (normalised(change.from) === normalised(change.to)) return false;
  await tx.query(
    `INSERT INTO ticket_assignments (workspace_id, ticket_id, from_assignee, to_assignee, changed_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [change.workspaceId, change.ticketId, change.from, change.to, change.at],
  );
  return true;
}
