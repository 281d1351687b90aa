-- Migration 1764403200006, down: drops this migration's functions; the previous versions follow.

DROP FUNCTION IF EXISTS {{schema}}.expire_leases(text, int, float8, float8, float8, float8, uuid[]);
DROP FUNCTION IF EXISTS {{schema}}.heartbeat(text, uuid[], int);
DROP FUNCTION IF EXISTS {{schema}}.apply_step_outcomes(text, boolean, uuid[], int[], text[], jsonb[], jsonb[], int[]);
