-- Model registry: training runs with progress, each model's metrics and the champion it replaced,
-- shadow predictions of the challenger, and the workspace's promotion policy.

-- The model's own held-out figures (accuracy, ECE, coverage at the target precision) and the last
-- promotion-gate verdict; the champion it replaced, so a rollback knows what to restore.
ALTER TABLE models ADD COLUMN metrics jsonb NOT NULL DEFAULT '{}';
ALTER TABLE models ADD COLUMN gate jsonb;
ALTER TABLE models ADD COLUMN status_reason text;
ALTER TABLE models ADD COLUMN previous_champion_id uuid REFERENCES models(id);
CREATE UNIQUE INDEX models_one_challenger ON models (workspace_id) WHERE status = 'challenger';

-- One row per training, running or finished, so another process (the UI, the CLI) can follow it.
CREATE TABLE training_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  step text NOT NULL,
  percent real NOT NULL CHECK (percent >= 0 AND percent <= 100),
  trigger text NOT NULL CHECK (trigger IN ('manual', 'schedule', 'upgrade', 'seed')),
  model_id uuid REFERENCES models(id),
  model_version integer,
  error text,
  started_by_type text NOT NULL,
  started_by_id text,
  started_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz
);
-- Only one training per workspace at a time, across every process.
CREATE UNIQUE INDEX training_runs_one_running ON training_runs (workspace_id) WHERE status = 'running';
CREATE INDEX training_runs_latest ON training_runs (workspace_id, started_at DESC);

-- What the challenger said about a live ticket beside the champion: recorded, never acted on.
CREATE TABLE shadow_predictions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  challenger_id uuid NOT NULL REFERENCES models(id),
  champion_id uuid NOT NULL REFERENCES models(id),
  challenger_category_id uuid REFERENCES categories(id),
  champion_category_id uuid REFERENCES categories(id),
  challenger_confidence real NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX shadow_predictions_challenger ON shadow_predictions (challenger_id, ticket_id, created_at);

-- Absent means the defaults: wait for an owner's approval, 30 labelled shadow tickets overall,
-- 10 per category, 0.02 tolerance per category.
CREATE TABLE promotion_policies (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id),
  mode text NOT NULL CHECK (mode IN ('auto', 'approval')),
  min_sample integer NOT NULL CHECK (min_sample >= 1),
  min_category_sample integer NOT NULL CHECK (min_category_sample >= 1),
  category_tolerance real NOT NULL CHECK (category_tolerance >= 0 AND category_tolerance <= 1),
  updated_at timestamptz NOT NULL
);
