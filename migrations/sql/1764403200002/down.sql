-- Frozen: shipped with migration 1764403200002. Never edit; change it in a new migration (migrations/README.md).

DROP FUNCTION IF EXISTS {{schema}}.resolve_step(uuid, text, jsonb, text, text);
DROP FUNCTION IF EXISTS {{schema}}.retry_step(uuid, text, text, text);
DROP FUNCTION IF EXISTS {{schema}}.cancel_task(uuid, text, text);
DROP FUNCTION IF EXISTS {{schema}}.expire_leases(text, int, float8, float8, float8);
DROP FUNCTION IF EXISTS {{schema}}.heartbeat(text, uuid[], int);
DROP FUNCTION IF EXISTS {{schema}}.run_cycle(text, int, int, text, uuid[], int[], text[], jsonb[], jsonb[], int[]);
DROP FUNCTION IF EXISTS {{schema}}.apply_step_outcomes(text, boolean, uuid[], int[], text[], jsonb[], jsonb[], int[]);
DROP FUNCTION IF EXISTS {{schema}}.claim_steps(text, int, int);
