-- Migration 1764403200007: run_cycle and claim_steps return more columns; a return type cannot be changed
-- by CREATE OR REPLACE, so both are dropped and created anew.

DROP FUNCTION IF EXISTS {{schema}}.run_cycle(text, int, int, text, uuid[], int[], text[], jsonb[], jsonb[], int[]);
DROP FUNCTION IF EXISTS {{schema}}.claim_steps(text, int, int);
