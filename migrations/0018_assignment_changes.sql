-- Re-assignment hops: every change of a ticket's assignee (from its arrival on), so the value
-- metrics can count how often a ticket moved from one person to another after its first
-- assignment. Before this, only the current assignee was kept and whether a ticket arrived
-- assigned was not recorded.

CREATE TABLE ticket_assignments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  -- Free text as the helpdesk sends it (an e-mail or a member id); NULL: unassigned.
  from_assignee text,
  to_assignee text,
  changed_at timestamptz NOT NULL
);
CREATE INDEX ticket_assignments_ticket ON ticket_assignments (ticket_id, changed_at, id);

-- History so far, from the ticket.updated events (they hold the assignee before and after) and,
-- for the arrival, the assignee before the first such change or else the current one.
WITH first_change AS (
  SELECT DISTINCT ON (e.subject_id) e.subject_id, e.payload->'before'->>'assignee' AS before
    FROM events e
   WHERE e.action = 'ticket.updated' AND e.subject_type = 'ticket' AND (e.payload->'after') ? 'assignee'
   ORDER BY e.subject_id, e.seq
)
INSERT INTO ticket_assignments (workspace_id, ticket_id, from_assignee, to_assignee, changed_at)
SELECT t.workspace_id, t.id, NULL, CASE WHEN f.subject_id IS NULL THEN t.assignee ELSE f.before END, t.received_at
  FROM tickets t LEFT JOIN first_change f ON f.subject_id = t.id::text
 WHERE CASE WHEN f.subject_id IS NULL THEN t.assignee ELSE f.before END IS NOT NULL;

INSERT INTO ticket_assignments (workspace_id, ticket_id, from_assignee, to_assignee, changed_at)
SELECT e.workspace_id, e.subject_id::uuid, e.payload->'before'->>'assignee', e.payload->'after'->>'assignee',
       e.occurred_at
  FROM events e
 WHERE e.action = 'ticket.updated' AND e.subject_type = 'ticket' AND (e.payload->'after') ? 'assignee'
   AND (e.payload->'before'->>'assignee') IS DISTINCT FROM (e.payload->'after'->>'assignee')
 ORDER BY e.seq;

-- Hops of the day's tickets (by arrival), next to the first-assignment figures.
ALTER TABLE metric_tickets_daily ADD COLUMN hops integer NOT NULL DEFAULT 0;
