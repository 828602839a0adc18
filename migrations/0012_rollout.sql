-- Rollout: the AI reaches people in steps. Cohorts are named groups of workspace members in a
-- fixed order (waves); each cohort × category has a stage (off → shadow → suggest → auto). A step
-- up needs its gates (stored as data) to pass and approval by people other than the requester;
-- a breached gate in a live stage rolls it back one step. Every change is also an event.

CREATE TABLE rollout_cohorts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  -- The wave order: a person is in the earliest cohort that holds them.
  position integer NOT NULL,
  -- The control cohort sees no AI at all, kept for comparison.
  is_control boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  UNIQUE (workspace_id, position)
);
CREATE UNIQUE INDEX rollout_cohorts_name ON rollout_cohorts (workspace_id, lower(name));
CREATE UNIQUE INDEX rollout_cohorts_one_control ON rollout_cohorts (workspace_id) WHERE is_control;

-- A person is in at most one cohort (the primary key): adding them to a later wave keeps them
-- where they are, so membership only grows until someone removes them explicitly.
CREATE TABLE rollout_cohort_members (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  user_id uuid NOT NULL REFERENCES users(id),
  cohort_id uuid NOT NULL REFERENCES rollout_cohorts(id),
  added_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX rollout_cohort_members_cohort ON rollout_cohort_members (cohort_id);

-- The stage of a cohort × category. No row: 'off' for a cohort; for the workspace default
-- (cohort_id NULL: unassigned tickets and people in no cohort) no row means 'auto'.
CREATE TABLE rollout_stages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  cohort_id uuid REFERENCES rollout_cohorts(id),
  category_id uuid NOT NULL REFERENCES categories(id),
  stage text NOT NULL CHECK (stage IN ('off', 'shadow', 'suggest', 'auto')),
  changed_at timestamptz NOT NULL,
  -- The latest gate evaluation of the stage it is in (for a live stage: whether it holds).
  gate_results jsonb NOT NULL DEFAULT '[]',
  evaluated_at timestamptz,
  -- Why the last automatic rollback happened, as a sentence; NULL when there was none.
  rolled_back_reason text
);
CREATE UNIQUE INDEX rollout_stages_cell ON rollout_stages
  (workspace_id, coalesce(cohort_id, '00000000-0000-0000-0000-000000000000'::uuid), category_id);

-- The gates of a step up, as data: [{"metric": "precision", "op": ">=", "value": 0.98}, ...].
-- No row: the defaults in rollout-gates.ts.
CREATE TABLE rollout_gate_sets (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  to_stage text NOT NULL CHECK (to_stage IN ('shadow', 'suggest', 'auto')),
  gates jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, to_stage)
);

-- A request to move a cohort × category one stage up, and who approved it.
CREATE TABLE rollout_step_ups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  cohort_id uuid NOT NULL REFERENCES rollout_cohorts(id),
  category_id uuid NOT NULL REFERENCES categories(id),
  from_stage text NOT NULL CHECK (from_stage IN ('off', 'shadow', 'suggest')),
  to_stage text NOT NULL CHECK (to_stage IN ('shadow', 'suggest', 'auto')),
  requested_by uuid REFERENCES users(id),
  requested_by_name text NOT NULL,
  requested_at timestamptz NOT NULL,
  approvals_needed smallint NOT NULL CHECK (approvals_needed >= 1),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'cancelled')),
  closed_at timestamptz,
  CHECK ((status = 'pending') = (closed_at IS NULL))
);
CREATE UNIQUE INDEX rollout_step_ups_one_pending ON rollout_step_ups (workspace_id, cohort_id, category_id)
  WHERE status = 'pending';

CREATE TABLE rollout_approvals (
  step_up_id uuid NOT NULL REFERENCES rollout_step_ups(id),
  user_id uuid NOT NULL REFERENCES users(id),
  user_name text NOT NULL,
  approved_at timestamptz NOT NULL,
  PRIMARY KEY (step_up_id, user_id)
);

-- Which cohort a decision was taken for (NULL: the workspace default), so gate metrics are
-- counted per cohort × category without re-resolving assignees later.
ALTER TABLE decisions ADD COLUMN cohort_id uuid REFERENCES rollout_cohorts(id);
CREATE INDEX decisions_cohort_time ON decisions (workspace_id, cohort_id, created_at);
