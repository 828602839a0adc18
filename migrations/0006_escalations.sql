-- Escalations: an exception that waited too long (a review item past its deadline) or that
-- will not go away by itself (a dead letter of the outbox) is handed to a named person with
-- a deadline: first the owner of the queue it belongs to (level 1), and when that owner's
-- deadline passes too, the queue's fallback owner (level 2).

CREATE TABLE escalations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  kind text NOT NULL CHECK (kind IN ('overdue_review', 'dead_letter')),
  -- What is escalated: the overdue first review, or the dead effect.
  review_item_id uuid REFERENCES review_items(id),
  outbox_id uuid REFERENCES outbox(id),
  -- The ticket it concerns, when there is one, and the queue whose owners answer for it.
  ticket_id uuid REFERENCES tickets(id),
  queue_id uuid NOT NULL REFERENCES review_queues(id),
  -- 1: the queue's owner; 2: its fallback owner (or still the owner when there is none).
  level smallint NOT NULL DEFAULT 1 CHECK (level IN (1, 2)),
  -- Who must act now. NULL only when the workspace has no active admin either.
  owner_user_id uuid REFERENCES users(id),
  -- Why this person, as a sentence ("owner of queue Billing").
  owner_reason text NOT NULL,
  -- The current owner's deadline; at level 1, when it passes the escalation is raised.
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  opened_at timestamptz NOT NULL,
  raised_to_fallback_at timestamptz,
  resolved_at timestamptz,
  -- The person who resolved it (NULL for an API key or an automatic resolution) and the
  -- name of whoever did, as the event log records actors.
  resolved_by uuid REFERENCES users(id),
  resolved_by_name text,
  resolution_note text CHECK (length(resolution_note) BETWEEN 1 AND 2000),
  -- Why nobody was notified (no endpoint enabled; the dead effect was itself a
  -- notification), or NULL when notifications were enqueued.
  not_notified_reason text,
  CHECK ((kind = 'overdue_review') = (review_item_id IS NOT NULL)),
  CHECK ((kind = 'dead_letter') = (outbox_id IS NOT NULL)),
  CHECK ((level = 2) = (raised_to_fallback_at IS NOT NULL)),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
  CHECK ((status = 'resolved') = (resolution_note IS NOT NULL))
);

-- At most one open escalation per review item and per dead letter: two workers sweeping
-- at once, or a hook run twice, cannot open a second one.
CREATE UNIQUE INDEX escalations_one_open_per_item ON escalations (review_item_id) WHERE status = 'open';
CREATE UNIQUE INDEX escalations_one_open_per_effect ON escalations (outbox_id) WHERE status = 'open';
-- An item escalates once: after a person resolved its escalation it is not escalated again.
CREATE INDEX escalations_by_item ON escalations (review_item_id);
CREATE INDEX escalations_listing ON escalations (workspace_id, status, opened_at DESC);
CREATE INDEX escalations_open_due ON escalations (due_at) WHERE status = 'open' AND level = 1;
CREATE INDEX escalations_open_owner ON escalations (owner_user_id) WHERE status = 'open';

-- The sweep looks for open first reviews past their deadline.
CREATE INDEX review_items_open_due ON review_items (due_at) WHERE status = 'open' AND kind = 'first';
