-- Foundation: workspaces, people and keys, categories, tickets, models, predictions,
-- decisions, review items, labels and the append-only event log.

CREATE TABLE workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- People belong to the organisation; their access to a workspace is a membership.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  user_id uuid NOT NULL REFERENCES users(id),
  role text NOT NULL CHECK (role IN ('admin', 'lead', 'reviewer', 'agent')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id)
);

-- Only a SHA-256 of the session token is stored; the cookie holds the token itself.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL,
  -- The first characters of the key, shown in lists so people can tell keys apart.
  prefix text NOT NULL,
  -- SHA-256 of the whole key: keys are long random secrets, so a fast hash suffices.
  secret_hash text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'integration')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text NOT NULL DEFAULT '',
  examples jsonb NOT NULL DEFAULT '[]',
  counter_examples jsonb NOT NULL DEFAULT '[]',
  owner_user_id uuid REFERENCES users(id),
  auto_threshold real NOT NULL DEFAULT 0.9 CHECK (auto_threshold > 0 AND auto_threshold <= 1),
  suggest_threshold real NOT NULL DEFAULT 0.35 CHECK (suggest_threshold >= 0 AND suggest_threshold <= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  UNIQUE (workspace_id, key)
);
CREATE UNIQUE INDEX categories_live_name ON categories (workspace_id, lower(name)) WHERE retired_at IS NULL;

CREATE TABLE tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  source text NOT NULL,
  external_id text NOT NULL,
  subject text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  requester text,
  channel text,
  assignee text,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  -- Hash of the creating request's content: a repeat with the same hash is the same ticket.
  content_hash text NOT NULL,
  external_created_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  category_id uuid REFERENCES categories(id),
  category_set_by text CHECK (category_set_by IN ('ai', 'human')),
  UNIQUE (workspace_id, source, external_id)
);
CREATE INDEX tickets_listing ON tickets (workspace_id, received_at DESC, id DESC);

-- Updates, comments and other events from the ticket's source, idempotent on the
-- source's own event id.
CREATE TABLE ticket_activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  source text NOT NULL,
  event_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('update', 'comment', 'event')),
  payload jsonb NOT NULL,
  content_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, source, event_id)
);
CREATE INDEX ticket_activities_ticket ON ticket_activities (ticket_id, created_at);

CREATE TABLE models (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('candidate', 'challenger', 'champion', 'retired')),
  algorithm text NOT NULL,
  -- The highest label sequence number the training data included.
  label_watermark bigint NOT NULL DEFAULT 0,
  training_summary jsonb NOT NULL,
  artifact bytea NOT NULL,
  created_by_type text NOT NULL,
  created_by_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, version)
);
CREATE UNIQUE INDEX models_one_champion ON models (workspace_id) WHERE status = 'champion';

CREATE TABLE predictions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  model_id uuid NOT NULL REFERENCES models(id),
  model_version integer NOT NULL,
  category_id uuid REFERENCES categories(id),
  confidence real NOT NULL,
  ranked jsonb NOT NULL,
  explanation jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX predictions_ticket ON predictions (ticket_id, created_at DESC);

CREATE TABLE decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  prediction_id uuid REFERENCES predictions(id),
  outcome text NOT NULL CHECK (outcome IN ('applied', 'suggested', 'needs_review')),
  category_id uuid REFERENCES categories(id),
  confidence real,
  model_version integer,
  rule text NOT NULL,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_ticket ON decisions (ticket_id, created_at DESC);

CREATE TABLE review_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  decision_id uuid NOT NULL REFERENCES decisions(id),
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  reason text NOT NULL,
  resolution text CHECK (resolution IN ('accepted', 'corrected')),
  resolved_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE UNIQUE INDEX review_items_one_open ON review_items (ticket_id) WHERE status = 'open';
CREATE INDEX review_items_queue ON review_items (workspace_id, status, created_at);

-- A label is a category a human (or an imported history) gave a ticket.
CREATE TABLE labels (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  category_id uuid NOT NULL REFERENCES categories(id),
  previous_category_id uuid REFERENCES categories(id),
  kind text NOT NULL CHECK (kind IN ('import', 'accept', 'correct')),
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX labels_ticket ON labels (ticket_id, seq DESC);
CREATE INDEX labels_workspace ON labels (workspace_id, seq);

-- The event log: append-only (enforced below) and hash-chained per workspace so that
-- any rewrite of history is detectable by recomputing the chain.
CREATE TABLE events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  workspace_id uuid REFERENCES workspaces(id),
  occurred_at timestamptz NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'ai', 'system')),
  actor_id text,
  actor_name text NOT NULL,
  model_version integer,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  payload jsonb NOT NULL,
  prev_hash text,
  hash text NOT NULL
);
CREATE INDEX events_subject ON events (subject_type, subject_id, seq);
CREATE INDEX events_workspace ON events (workspace_id, seq);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the events table is append-only';
END
$$;
CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
