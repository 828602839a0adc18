-- Review queues: one per team or group of categories, each with an owner, a fallback
-- owner (who an overdue item escalates to after the owner) and an SLA that sets every
-- item's deadline. Review items gain their queue, deadline, claim, the "none fits"
-- resolution, and blind second reviews whose agreement with the first is measured.

CREATE TABLE review_queues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  owner_user_id uuid REFERENCES users(id),
  fallback_owner_user_id uuid REFERENCES users(id),
  -- A plain duration: an item is due this many minutes after it entered the queue.
  sla_minutes integer NOT NULL DEFAULT 1440 CHECK (sla_minutes BETWEEN 1 AND 525600),
  -- The catch-all: items of unmapped categories and items without a predicted category.
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Archived queues keep their resolved items' history; they receive nothing new.
  archived_at timestamptz,
  UNIQUE (workspace_id, key),
  CHECK (NOT (is_default AND archived_at IS NOT NULL)),
  CHECK (fallback_owner_user_id IS DISTINCT FROM owner_user_id OR owner_user_id IS NULL)
);
CREATE UNIQUE INDEX review_queues_one_default ON review_queues (workspace_id) WHERE is_default;
CREATE UNIQUE INDEX review_queues_live_name ON review_queues (workspace_id, lower(name))
  WHERE archived_at IS NULL;

-- Who may claim and resolve a queue's items (besides its owner and fallback owner).
CREATE TABLE review_queue_members (
  queue_id uuid NOT NULL REFERENCES review_queues(id),
  user_id uuid NOT NULL REFERENCES users(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (queue_id, user_id)
);
CREATE INDEX review_queue_members_user ON review_queue_members (user_id);

-- A category belongs to at most one queue: the primary key is the category.
CREATE TABLE review_queue_categories (
  category_id uuid PRIMARY KEY REFERENCES categories(id),
  queue_id uuid NOT NULL REFERENCES review_queues(id),
  assigned_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_queue_categories_queue ON review_queue_categories (queue_id);

-- Per-workspace review settings; a workspace without a row has the defaults.
CREATE TABLE review_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces(id),
  -- The share of resolved review items that also go, blind, to a second reviewer.
  second_review_share real NOT NULL DEFAULT 0.05
    CHECK (second_review_share >= 0 AND second_review_share <= 1),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Existing workspaces get their default queue, owned by their earliest admin, with every
-- current member of the workspace as a member so nobody loses work they could do before.
INSERT INTO review_queues (workspace_id, key, name, owner_user_id, is_default)
SELECT w.id, 'default', 'Default queue',
       (SELECT m.user_id FROM memberships m
         WHERE m.workspace_id = w.id AND m.role = 'admin'
         ORDER BY m.created_at, m.user_id LIMIT 1),
       true
  FROM workspaces w;
INSERT INTO review_queue_members (queue_id, user_id)
SELECT q.id, m.user_id FROM review_queues q JOIN memberships m ON m.workspace_id = q.workspace_id;

ALTER TABLE review_items
  ADD COLUMN queue_id uuid REFERENCES review_queues(id),
  ADD COLUMN due_at timestamptz,
  -- 'second': the blind second review of a resolved 'first' item (first_item_id).
  ADD COLUMN kind text NOT NULL DEFAULT 'first' CHECK (kind IN ('first', 'second')),
  ADD COLUMN first_item_id uuid REFERENCES review_items(id),
  ADD COLUMN claimed_by uuid REFERENCES users(id),
  ADD COLUMN claimed_at timestamptz,
  -- The category the reviewer chose (NULL for 'none fits', superseded items, and items
  -- resolved before this migration: agreement only needs those with a second review).
  ADD COLUMN resolved_category_id uuid REFERENCES categories(id),
  -- With 'none fits': the new category the reviewer proposes.
  ADD COLUMN suggested_category text CHECK (length(suggested_category) BETWEEN 1 AND 120);

ALTER TABLE review_items DROP CONSTRAINT review_items_resolution_check;
ALTER TABLE review_items ADD CONSTRAINT review_items_resolution_check
  CHECK (resolution IN ('accepted', 'corrected', 'none_fits', 'superseded'));

-- Existing items: in the default queue, due after its SLA; an item a newer decision
-- replaced (resolved without a resolution until now) is marked superseded.
UPDATE review_items r
   SET queue_id = q.id, due_at = r.created_at + q.sla_minutes * interval '1 minute'
  FROM review_queues q
 WHERE q.workspace_id = r.workspace_id AND q.is_default;
UPDATE review_items SET resolution = 'superseded' WHERE status = 'resolved' AND resolution IS NULL;

ALTER TABLE review_items ALTER COLUMN queue_id SET NOT NULL;
ALTER TABLE review_items ALTER COLUMN due_at SET NOT NULL;
ALTER TABLE review_items ADD CONSTRAINT review_items_resolved_has_resolution
  CHECK ((status = 'resolved') = (resolution IS NOT NULL));
ALTER TABLE review_items ADD CONSTRAINT review_items_second_has_first
  CHECK ((kind = 'second') = (first_item_id IS NOT NULL));
ALTER TABLE review_items ADD CONSTRAINT review_items_none_fits_suggests
  CHECK ((resolution = 'none_fits') = (suggested_category IS NOT NULL) OR resolution IS NULL);
ALTER TABLE review_items ADD CONSTRAINT review_items_claim_complete
  CHECK ((claimed_by IS NULL) = (claimed_at IS NULL));

-- A ticket has at most one open first review and one open second review.
DROP INDEX review_items_one_open;
CREATE UNIQUE INDEX review_items_one_open ON review_items (ticket_id, kind) WHERE status = 'open';
CREATE UNIQUE INDEX review_items_one_second ON review_items (first_item_id) WHERE kind = 'second';
CREATE INDEX review_items_by_queue ON review_items (queue_id, status, due_at);
