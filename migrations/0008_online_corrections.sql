-- Learns at once: every process applies people's labels recorded after the champion's label
-- watermark to its in-memory copy of the champion (online learning), in label order. A
-- prediction records how many such corrections its model carried, so "v3+5 online" is
-- auditable next to the model version.
ALTER TABLE predictions ADD COLUMN online_corrections integer NOT NULL DEFAULT 0;
