-- Helpdesk integrations: connections to helpdesks, the raw inbound deliveries they send us,
-- what Triage wrote to them, and per-connection rate limits on the outbox.

-- A connection to one helpdesk. Credentials are AES-256-GCM ciphertexts under the key named
-- by key_id (TRIAGE_ENCRYPTION_KEY): the API never returns them. The inbound secret is
-- encrypted too, not hashed, because checking an HMAC signature needs the secret itself.
CREATE TABLE connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  base_url text NOT NULL CHECK (base_url ~ '^https?://'),
  credentials_encrypted text NOT NULL,
  inbound_secret_encrypted text,
  -- Which encryption key the two ciphertexts above are under (rotation re-encrypts and updates it).
  key_id text NOT NULL,
  -- Triage's own user in the helpdesk: its changes come back as echoes, never as labels.
  integration_user_id text,
  integration_user_email text,
  -- At most this many outbound effects per minute on this connection (all workers together).
  rate_limit_per_minute integer NOT NULL DEFAULT 60 CHECK (rate_limit_per_minute BETWEEN 1 AND 6000),
  -- [{ "categoryId": uuid, "value": "the helpdesk's field value, tag or label" }]
  category_mapping jsonb NOT NULL DEFAULT '[]',
  write_suggestions_as_note boolean NOT NULL DEFAULT false,
  settings jsonb NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX connections_live_name ON connections (workspace_id, lower(name)) WHERE enabled;

-- Every inbound delivery that passed the signature check, kept raw for inspection, once per
-- delivery id. 'rejected': malformed (the reason says why); 'processed': its events were taken
-- in; 'ignored': nothing in it concerns Triage; 'failed': processing broke (reason; can be retried).
CREATE TABLE inbound_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  connection_id uuid NOT NULL REFERENCES connections(id),
  delivery_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('received', 'processed', 'ignored', 'rejected', 'failed')),
  reason text,
  raw_body text NOT NULL,
  headers jsonb NOT NULL,
  -- What each event became: ticket created, label, echo, ...
  outcomes jsonb NOT NULL DEFAULT '[]',
  received_at timestamptz NOT NULL,
  processed_at timestamptz,
  UNIQUE (connection_id, delivery_id)
);
CREATE INDEX inbound_events_recent ON inbound_events (connection_id, received_at DESC);

-- What Triage wrote to a helpdesk ticket (or found already written): the last value it set
-- is what a person's later change is compared with, and recent writes identify echoes.
CREATE TABLE helpdesk_writes (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  connection_id uuid NOT NULL REFERENCES connections(id),
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  outbox_id uuid REFERENCES outbox(id),
  marker text NOT NULL,
  action text NOT NULL,
  value text,
  -- 'written', 'already_present' (the marker was found), 'skipped' (a person's value was in the way)
  result text NOT NULL CHECK (result IN ('written', 'already_present', 'skipped')),
  reason text,
  written_at timestamptz NOT NULL,
  UNIQUE (connection_id, marker)
);
CREATE INDEX helpdesk_writes_ticket ON helpdesk_writes (connection_id, ticket_id, seq DESC);

-- Rate limits of the outbox: effects sharing a throttle key (a connection) are claimed at
-- most once per min_interval_ms across all workers; a helpdesk's Retry-After pushes
-- next_allowed_at further, pausing the whole connection.
CREATE TABLE outbox_throttles (
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  throttle_key text NOT NULL,
  min_interval_ms integer NOT NULL CHECK (min_interval_ms >= 0),
  next_allowed_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, throttle_key)
);
ALTER TABLE outbox ADD COLUMN throttle_key text;
-- Times the receiver asked us to wait (429, or 503 with Retry-After): such a deferral does not
-- use up an attempt, up to a bound (MAX_DEFERRALS in the outbox), so an outage is waited out.
ALTER TABLE outbox ADD COLUMN deferrals integer NOT NULL DEFAULT 0;
