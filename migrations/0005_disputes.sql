-- Disputes: anyone who sees a decision (the AI's or a person's) can dispute it with a reason;
-- the disputed category's owner rules, and the ruling becomes a label of kind 'dispute'.

CREATE TABLE disputes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  -- The decision as it stood when disputed: the ticket's category and who set it. The actor is
  -- the AI (with the model version that applied it) or whoever recorded the latest label.
  disputed_category_id uuid NOT NULL REFERENCES categories(id),
  disputed_actor_type text NOT NULL CHECK (disputed_actor_type IN ('ai', 'user', 'api_key', 'system')),
  disputed_actor_id text,
  -- A snapshot: the party's name as it was, like events.actor_name.
  disputed_actor_name text NOT NULL,
  disputed_model_version integer,
  disputed_decision_id uuid REFERENCES decisions(id),
  disputed_label_id uuid REFERENCES labels(id),
  raised_by uuid NOT NULL REFERENCES users(id),
  reason text NOT NULL CHECK (length(btrim(reason)) >= 1 AND length(reason) <= 2000),
  proposed_category_id uuid REFERENCES categories(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ruled', 'withdrawn')),
  ruling_category_id uuid REFERENCES categories(id),
  ruling_note text CHECK (length(ruling_note) <= 2000),
  ruled_by uuid REFERENCES users(id),
  ruled_at timestamptz,
  outcome text CHECK (outcome IN ('upheld', 'overturned')),
  -- The label the ruling recorded: what the next model learns from.
  ruling_label_id uuid REFERENCES labels(id),
  withdrawn_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((disputed_actor_type = 'ai') = (disputed_model_version IS NOT NULL)),
  CHECK ((status = 'ruled') = (outcome IS NOT NULL AND ruling_category_id IS NOT NULL
                               AND ruled_by IS NOT NULL AND ruled_at IS NOT NULL)),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
CREATE UNIQUE INDEX disputes_one_open ON disputes (ticket_id) WHERE status = 'open';
CREATE INDEX disputes_workspace ON disputes (workspace_id, status, created_at);
CREATE INDEX disputes_raised_by ON disputes (raised_by, created_at);

ALTER TABLE labels DROP CONSTRAINT labels_kind_check;
ALTER TABLE labels ADD CONSTRAINT labels_kind_check CHECK (kind IN ('import', 'accept', 'correct', 'dispute'));
