-- Migration 1764403200007, down: drops this migration's functions; the previous versions follow.

DROP FUNCTION IF EXISTS {{schema}}.run_cycle(text, int, int, text, uuid[], int[], text[], jsonb[], jsonb[], int[]);
DROP FUNCTION IF EXISTS {{schema}}.claim_steps(text, int, int);
