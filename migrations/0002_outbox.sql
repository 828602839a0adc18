-- The outbox: every side effect on another system (a webhook notification, later a
-- helpdesk write-back) is a row written in the same transaction as the decision that
-- causes it. A worker delivers it with retries; after the last one it is a dead letter.

CREATE TABLE outbox (
  -- Insertion order; effects that share an ordering key are delivered in this order.
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  -- What the effect is about (e.g. a ticket id): one key's effects go out oldest first.
  ordering_key text NOT NULL,
  -- Enqueuing the same effect twice is a no-op; receivers de-duplicate on it too.
  idempotency_key text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'delivering', 'delivered', 'dead')),
  -- Attempts started, including one a crashed worker never finished.
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- NULL: the deployment's TRIAGE_OUTBOX_MAX_ATTEMPTS at delivery time.
  max_attempts integer CHECK (max_attempts >= 1),
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  -- The lease of the worker delivering it; once expired, another worker takes the row.
  locked_by text,
  locked_until timestamptz,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (workspace_id, idempotency_key),
  CHECK ((status = 'delivering') = (locked_by IS NOT NULL AND locked_until IS NOT NULL))
);
CREATE INDEX outbox_due ON outbox (seq) WHERE status IN ('pending', 'delivering');
CREATE INDEX outbox_ordering ON outbox (workspace_id, ordering_key, seq)
  WHERE status IN ('pending', 'delivering');
CREATE INDEX outbox_listing ON outbox (workspace_id, status, seq DESC);

-- One row per delivery attempt, for the history of an effect (deliveries and retries).
-- A row is written when the attempt starts and completed when it ends.
CREATE TABLE outbox_attempts (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_id uuid NOT NULL REFERENCES outbox(id),
  attempt integer NOT NULL CHECK (attempt >= 1),
  worker_id text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  -- NULL while in flight; delivered; retry (will be tried again); failed (permanent, or
  -- the last attempt); abandoned (the worker stopped mid-delivery and its lease expired).
  outcome text CHECK (outcome IN ('delivered', 'retry', 'failed', 'abandoned')),
  http_status integer,
  error text,
  duration_ms integer,
  CHECK ((outcome IS NULL) = (finished_at IS NULL))
);
CREATE INDEX outbox_attempts_effect ON outbox_attempts (outbox_id, seq);
-- An effect is in the hands of at most one worker at a time.
CREATE UNIQUE INDEX outbox_attempts_in_flight ON outbox_attempts (outbox_id) WHERE outcome IS NULL;

-- Where notifications go: webhooks that accept a Slack-compatible JSON body.
CREATE TABLE notification_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  url text NOT NULL CHECK (url ~ '^https?://'),
  -- Signs each request (HMAC-SHA256). Kept in clear because signing needs it; the API
  -- never returns it.
  secret text,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX notification_endpoints_live_name
  ON notification_endpoints (workspace_id, lower(name)) WHERE enabled;
