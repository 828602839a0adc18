-- Staffing and the weekly stakeholder report. The on-call rota for exceptions is a rotation
-- (an ordered list of people, each on call for one shift of a fixed length, starting at an
-- anchor time and repeating) plus explicit overrides (someone covers a span of time). Weekly
-- report sends are recorded once per workspace and ISO week, so the weekly job sends each
-- week's report exactly once however often it runs and on however many workers.

CREATE TABLE oncall_rotations (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id),
  -- The people in rotation order; the first is on call from starts_at for shift_hours.
  user_ids jsonb NOT NULL CHECK (jsonb_typeof(user_ids) = 'array'),
  shift_hours integer NOT NULL CHECK (shift_hours BETWEEN 1 AND 2688),
  starts_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Someone covers [starts_at, ends_at) instead of whoever the rotation names; a later override
-- wins over an earlier one for the span they share.
CREATE TABLE oncall_overrides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  user_id uuid NOT NULL REFERENCES users(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  created_at timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX oncall_overrides_span ON oncall_overrides (workspace_id, ends_at);

-- One row per workspace and ISO week whose report was sent (the notifications it enqueued
-- are in the outbox, keyed by the week too).
CREATE TABLE weekly_report_sends (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  iso_week text NOT NULL CHECK (iso_week ~ '^[0-9]{4}-W[0-9]{2}$'),
  sent_at timestamptz NOT NULL,
  notifications integer NOT NULL,
  PRIMARY KEY (workspace_id, iso_week)
);

-- Share links to the weekly report for stakeholders without an account. Only a SHA-256 of the
-- token is stored (the link is shown once); a revoked link stops working at once.
CREATE TABLE report_share_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX report_share_links_workspace ON report_share_links (workspace_id, created_at);
