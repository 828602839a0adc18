-- Labels with provenance (the feedback loop): every human action that implies a category is a
-- label saying who (actor), when (created_at), from what (previous_category_id), to what
-- (category_id), how (kind) and why (reason_code). New kinds:
--   'review'   a second (blind) reviewer's or a later reviewer's choice,
--   'helpdesk' a person's change made in a connected helpdesk,
--   'taxonomy' a label migrated by an explicit map when categories are merged or split.
ALTER TABLE labels DROP CONSTRAINT labels_kind_check;
ALTER TABLE labels ADD CONSTRAINT labels_kind_check
  CHECK (kind IN ('import', 'accept', 'correct', 'dispute', 'review', 'helpdesk', 'taxonomy'));
-- A short machine-readable reason, e.g. 'accepted_suggestion', 'corrected_prediction',
-- 'dispute_upheld', 'category_merged'. Null on labels recorded before this migration.
ALTER TABLE labels ADD COLUMN reason_code text;
