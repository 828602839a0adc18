-- Backfill: importing a connection's past tickets with the categories they ended with, page by
-- page, to train the first model. The cursor is saved in the same transaction as the page's
-- tickets, so a killed worker resumes at the next page and never imports a ticket twice.
CREATE TABLE backfill_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  connection_id uuid NOT NULL REFERENCES connections(id),
  -- Tickets created (or updated, where the helpdesk filters by that) at or after this instant.
  since timestamptz NOT NULL,
  -- The actor who asked for it ({type, id, name}): the import labels are recorded in their name.
  requested_by jsonb NOT NULL,
  -- queued: waiting for a worker; running: a worker holds the lease; paused: by a person;
  -- failed: retries used up (last_error says why; resumable); done; cancelled.
  status text NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'failed', 'done', 'cancelled')),
  -- The connector's opaque resume point: the next page to read (null: the first page).
  cursor text,
  pages integer NOT NULL DEFAULT 0,
  read_count integer NOT NULL DEFAULT 0,
  imported_count integer NOT NULL DEFAULT 0,
  unchanged_count integer NOT NULL DEFAULT 0,
  labelled_count integer NOT NULL DEFAULT 0,
  ai_provenance_count integer NOT NULL DEFAULT 0,
  uncategorised_count integer NOT NULL DEFAULT 0,
  unmapped_count integer NOT NULL DEFAULT 0,
  rejected_count integer NOT NULL DEFAULT 0,
  -- How many tickets the whole backfill covers, when the helpdesk says.
  total integer,
  -- Failed attempts at the current page (reset by a page that succeeds or by a resume).
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  -- A worker owns a running run until lease_until; a run whose lease ran out is taken over.
  leased_by text,
  lease_until timestamptz,
  -- Not before this instant (a helpdesk's Retry-After, or back-off after a failure).
  next_attempt_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL
);
-- One active run per connection.
CREATE UNIQUE INDEX backfill_runs_one_active ON backfill_runs (connection_id)
  WHERE status IN ('queued', 'running', 'paused');
CREATE INDEX backfill_runs_due ON backfill_runs (next_attempt_at) WHERE status IN ('queued', 'running');
CREATE INDEX backfill_runs_list ON backfill_runs (workspace_id, connection_id, created_at DESC);
