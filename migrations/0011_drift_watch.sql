-- Drift watch: the model's world changing under it. A check compares the recent window of
-- decisions with a baseline (confidence sliding down, the category mix shifting away from
-- the champion's training labels, more tickets out of scope) and clusters similar unmatched
-- tickets (a candidate new category). Each finding is an alert with an owner; the same drift
-- keeps updating one live alert (same key) until its condition clears.

CREATE TABLE drift_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  kind text NOT NULL CHECK (kind IN ('confidence_drop', 'category_mix', 'out_of_scope_rise', 'new_cluster')),
  -- What drifts, so a later check finds the same alert: 'confidence', 'category_mix',
  -- 'out_of_scope', or 'cluster:<top terms>' for a candidate new category.
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  severity text NOT NULL CHECK (severity IN ('warning', 'critical')),
  title text NOT NULL,
  -- The figures behind it: current value, baseline, threshold, the window, the sample, and
  -- the metric over recent windows (for the chart).
  figures jsonb NOT NULL,
  -- For a cluster: up to five example tickets and the ids of all its members.
  examples jsonb NOT NULL DEFAULT '[]',
  member_ticket_ids jsonb NOT NULL DEFAULT '[]',
  -- The category it is about, when it is about one (its owner may own the alert).
  category_id uuid REFERENCES categories(id),
  -- Who answers for it, and why this person ("drift owner of the workspace").
  owner_user_id uuid REFERENCES users(id),
  owner_reason text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  opened_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by_name text,
  resolved_at timestamptz,
  -- NULL for an automatic resolution (the condition cleared) or an API key.
  resolved_by uuid REFERENCES users(id),
  resolved_by_name text,
  resolution_note text CHECK (length(resolution_note) BETWEEN 1 AND 2000),
  -- True when a check closed it because its condition cleared; false when a person did.
  resolved_automatically boolean NOT NULL DEFAULT false,
  -- Why nobody was notified (no endpoint enabled), or NULL when notifications were enqueued.
  not_notified_reason text,
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
  CHECK (status = 'open' OR acknowledged_at IS NOT NULL OR status = 'resolved')
);

-- One live (open or acknowledged) alert per drift: concurrent checks cannot raise it twice.
CREATE UNIQUE INDEX drift_alerts_one_live_per_key ON drift_alerts (workspace_id, key) WHERE status <> 'resolved';
CREATE INDEX drift_alerts_listing ON drift_alerts (workspace_id, status, opened_at DESC);

-- Who owns drift alerts in a workspace; absent means category owners, then an admin.
CREATE TABLE drift_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id),
  owner_user_id uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL
);

-- The check reads a workspace's decisions by time window.
CREATE INDEX decisions_workspace_time ON decisions (workspace_id, created_at);
-- Tickets a reviewer said no category fits are candidates for a new category.
CREATE INDEX review_items_none_fits ON review_items (workspace_id, resolved_at) WHERE resolution = 'none_fits';
