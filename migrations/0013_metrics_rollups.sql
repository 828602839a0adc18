-- Metrics rollups: adoption, value and quality of the AI, pre-aggregated per workspace × UTC day
-- × category × cohort (and per person without the category), so dashboards read a few thousand rows instead of scanning
-- every ticket. Rows hold counts and sums only, never ratios, so days add up to weeks and
-- cohorts add up to the workspace. A day's rows are replaced as a whole (delete + insert in one
-- transaction) by the rollup job; see src/modules/metrics for the definitions.

-- Decisions with a predicted category, by the day they were taken, the predicted category and the
-- cohort they were taken for.
CREATE TABLE metric_decisions_daily (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  day date NOT NULL,
  category_id uuid NOT NULL REFERENCES categories(id),
  cohort_id uuid REFERENCES rollout_cohorts(id),
  decisions integer NOT NULL,
  shadow integer NOT NULL,
  suggested integer NOT NULL,
  applied integer NOT NULL,
  -- Of the suggested and applied (shown): the first human label within 24 h agrees / differs;
  -- no human label within 24 h. Shown minus these three is still pending (younger than 24 h).
  accepted integer NOT NULL,
  overridden integer NOT NULL,
  ignored integer NOT NULL,
  -- Minutes from the decision to that first human label (accepted + overridden).
  action_minutes double precision NOT NULL,
  -- The latest human label after the decision, whenever it came: judged and agreeing.
  applied_judged integer NOT NULL,
  applied_correct integer NOT NULL,
  suggested_judged integer NOT NULL,
  suggested_correct integer NOT NULL
);
CREATE INDEX metric_decisions_daily_day ON metric_decisions_daily (workspace_id, day);

-- The same per person (the ticket's assignee: who the suggestion was for), without the category:
-- a person × category key would multiply the rows by the number of categories, and adoption per
-- person and people active are read across categories.
CREATE TABLE metric_people_daily (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  day date NOT NULL,
  cohort_id uuid REFERENCES rollout_cohorts(id),
  person_id uuid NOT NULL REFERENCES users(id),
  decisions integer NOT NULL,
  shadow integer NOT NULL,
  shown integer NOT NULL,
  accepted integer NOT NULL,
  overridden integer NOT NULL,
  ignored integer NOT NULL
);
CREATE INDEX metric_people_daily_day ON metric_people_daily (workspace_id, day);

-- How long people took to act on a shown decision, as a histogram (medians do not add up;
-- bucket counts do). Bucket b holds times up to ACTION_BUCKETS[b] minutes (metric-definitions.ts).
CREATE TABLE metric_action_times_daily (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  day date NOT NULL,
  category_id uuid NOT NULL REFERENCES categories(id),
  cohort_id uuid REFERENCES rollout_cohorts(id),
  bucket smallint NOT NULL,
  n integer NOT NULL
);
CREATE INDEX metric_action_times_daily_day ON metric_action_times_daily (workspace_id, day);

-- Tickets by the day they were received, their category now, the cohort of their first decision,
-- and the arm they belong to: 'live' (the AI could act), 'shadow' (predicted
-- but showed nothing), 'control' (a control cohort's), 'off' (no AI: stage off, no model yet).
CREATE TABLE metric_tickets_daily (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  day date NOT NULL,
  category_id uuid REFERENCES categories(id),
  cohort_id uuid REFERENCES rollout_cohorts(id),
  arm text NOT NULL CHECK (arm IN ('live', 'shadow', 'control', 'off')),
  tickets integer NOT NULL,
  ai_touched integer NOT NULL,
  human_touches integer NOT NULL,
  correct_n integer NOT NULL,
  correct_minutes double precision NOT NULL,
  assigned_n integer NOT NULL,
  assign_minutes double precision NOT NULL
);
CREATE INDEX metric_tickets_daily_day ON metric_tickets_daily (workspace_id, day);

-- Review items by the day they were resolved (superseded ones excluded), the decision's
-- predicted category and cohort; handling = claim → resolution.
CREATE TABLE metric_reviews_daily (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  day date NOT NULL,
  category_id uuid REFERENCES categories(id),
  cohort_id uuid REFERENCES rollout_cohorts(id),
  resolved integer NOT NULL,
  handled integer NOT NULL,
  handling_minutes double precision NOT NULL
);
CREATE INDEX metric_reviews_daily_day ON metric_reviews_daily (workspace_id, day);

-- Calibration: shown decisions a person later labelled, by confidence tenth (bin 0..9).
CREATE TABLE metric_calibration_daily (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  day date NOT NULL,
  category_id uuid NOT NULL REFERENCES categories(id),
  cohort_id uuid REFERENCES rollout_cohorts(id),
  bin smallint NOT NULL CHECK (bin BETWEEN 0 AND 9),
  n integer NOT NULL,
  confidence_sum double precision NOT NULL,
  correct integer NOT NULL
);
CREATE INDEX metric_calibration_daily_day ON metric_calibration_daily (workspace_id, day);

-- Confusions: decisions whose predicted category the latest human label contradicts, and the
-- review minutes spent on them.
CREATE TABLE metric_confusions_daily (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  day date NOT NULL,
  predicted_category_id uuid NOT NULL REFERENCES categories(id),
  human_category_id uuid NOT NULL REFERENCES categories(id),
  cohort_id uuid REFERENCES rollout_cohorts(id),
  n integer NOT NULL,
  review_minutes double precision NOT NULL
);
CREATE INDEX metric_confusions_daily_day ON metric_confusions_daily (workspace_id, day);

-- Which days a workspace's rollups cover: absent means never built (the next run builds every
-- day from the earliest source row).
CREATE TABLE metric_rollup_state (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id),
  first_day date NOT NULL,
  last_day date NOT NULL,
  refreshed_at timestamptz NOT NULL
);

-- The rollups find a day's resolved review items by resolution time.
CREATE INDEX review_items_resolved_time ON review_items (workspace_id, resolved_at) WHERE status = 'resolved';
-- Review minutes of a decision's items (confusion pairs).
CREATE INDEX review_items_decision ON review_items (decision_id);
