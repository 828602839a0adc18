-- Decision policy (issue 4): how far the AI may go per category, and the workspace's targets.
-- Auto-apply thresholds are no longer set by hand per category: they are fitted by the model to
-- the workspace's target precision (see src/modules/classifier/auto-apply-thresholds.ts).

ALTER TABLE categories
  ADD COLUMN autonomy text NOT NULL DEFAULT 'auto' CHECK (autonomy IN ('auto', 'suggest', 'human_only'));
ALTER TABLE categories DROP COLUMN auto_threshold;
ALTER TABLE categories DROP COLUMN suggest_threshold;

-- One row per workspace once someone changes a setting; absent means the defaults.
CREATE TABLE decision_policies (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id),
  target_precision real NOT NULL CHECK (target_precision >= 0.5 AND target_precision <= 1),
  suggest_threshold real NOT NULL CHECK (suggest_threshold >= 0 AND suggest_threshold <= 1),
  out_of_scope_cutoff real CHECK (out_of_scope_cutoff >= 0 AND out_of_scope_cutoff <= 1),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What the rule saw (stage, autonomy, thresholds, scores), so a decision can be explained and replayed.
ALTER TABLE decisions ADD COLUMN inputs jsonb NOT NULL DEFAULT '{}';
ALTER TABLE decisions DROP CONSTRAINT decisions_outcome_check;
ALTER TABLE decisions
  ADD CONSTRAINT decisions_outcome_check CHECK (outcome IN ('applied', 'suggested', 'needs_review', 'escalated'));
