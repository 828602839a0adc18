-- Taxonomy changes: adding, renaming, merging, splitting and retiring categories as numbered
-- versions of a workspace's taxonomy. Old labels, decisions and events are never rewritten: a
-- change appends labels (kind 'taxonomy') by its explicit map, and the categories it retires
-- keep their rows, so every ticket's history still resolves the names it used.

-- The workspace's current taxonomy version; each change increments it (row-locked, so two
-- changes at once get two versions).
ALTER TABLE workspaces ADD COLUMN taxonomy_version integer NOT NULL DEFAULT 0;

CREATE TABLE taxonomy_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces(id),
  version integer NOT NULL CHECK (version >= 1),
  kind text NOT NULL CHECK (kind IN ('add', 'rename', 'merge', 'split', 'retire')),
  -- The explicit map: which categories went where (and for a split, which tickets), by id.
  category_map jsonb NOT NULL,
  -- What it did: labels appended, tickets moved, review items opened.
  effect jsonb NOT NULL DEFAULT '{}',
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'ai', 'system')),
  actor_id text,
  actor_name text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (workspace_id, version)
);

-- A merged category points at the one it went into: the champion's probability for it is
-- added to that category until a model is trained on the new taxonomy.
ALTER TABLE categories ADD COLUMN merged_into_id uuid REFERENCES categories(id);
-- The change that retired it (merge, split or retire), for "Payments (retired, split into …)".
ALTER TABLE categories ADD COLUMN retired_by_change_id uuid REFERENCES taxonomy_changes(id);
ALTER TABLE categories ADD CONSTRAINT categories_merged_is_retired
  CHECK (merged_into_id IS NULL OR retired_at IS NOT NULL);

-- The taxonomy version a model was trained on. Set when the row is inserted, by whatever path
-- trains it, so a champion older than the taxonomy can say that a retrain is due.
ALTER TABLE models ADD COLUMN taxonomy_version integer;
CREATE FUNCTION models_taxonomy_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.taxonomy_version IS NULL THEN
    SELECT taxonomy_version INTO NEW.taxonomy_version FROM workspaces WHERE id = NEW.workspace_id;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER models_set_taxonomy_version BEFORE INSERT ON models
  FOR EACH ROW EXECUTE FUNCTION models_taxonomy_version();
UPDATE models SET taxonomy_version = 0;
ALTER TABLE models ALTER COLUMN taxonomy_version SET NOT NULL;
