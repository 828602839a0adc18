-- The demo's simulated rollout history: the simulated people of the demo workspace (so they
-- are never mistaken for real colleagues and the history can be told apart and removed) and
-- the progress of the backfill, so a first start interrupted mid-way resumes where it stopped.

CREATE TABLE demo_simulated_agents (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  user_id uuid NOT NULL REFERENCES users(id),
  -- 'pilot', 'wave_2', 'wave_3', 'control' or 'lead' (leads approve, they take no tickets).
  role_in_demo text NOT NULL,
  -- How fast this person works relative to the team (1 = the median).
  pace real NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE demo_history_runs (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id),
  -- The history ends at this instant: every simulated timestamp lies before it.
  anchor_at timestamptz NOT NULL,
  days_total integer NOT NULL,
  -- Days simulated so far (each day commits in one transaction).
  days_done integer NOT NULL DEFAULT 0,
  tickets_per_weekday integer NOT NULL,
  completed_at timestamptz
);
