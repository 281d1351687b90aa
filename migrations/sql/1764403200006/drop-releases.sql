-- Migration 1764403200006, down: removes the releases counter.

ALTER TABLE {{schema}}.steps DROP COLUMN IF EXISTS releases;
