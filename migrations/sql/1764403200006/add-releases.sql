-- Migration 1764403200006: steps count the runs a graceful shutdown gave back without counting them as
-- attempts (at most 3; later ones count, see apply-step-outcomes.sql).

ALTER TABLE {{schema}}.steps ADD COLUMN releases int NOT NULL DEFAULT 0;
