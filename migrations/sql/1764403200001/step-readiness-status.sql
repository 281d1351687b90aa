-- Frozen: shipped with migration 1764403200001. Never edit; change it in a new migration (migrations/README.md).

CREATE FUNCTION {{schema}}.step_readiness_status(p_task_id uuid)
RETURNS TABLE (
  step_id                uuid,
  task_id                uuid,
  name                   text,
  "position"             int,
  status                 text,
  total_parents          int,
  completed_parents      int,
  dependencies_satisfied boolean,
  retry_eligible         boolean,
  ready_for_execution    boolean,
  blocked_by             text,
  waiting_on             text[],
  attempts               int,
  max_attempts           int,
  next_retry_at          timestamptz,
  last_attempted_at      timestamptz
)
LANGUAGE sql STABLE
AS $fn$
  SELECT * FROM {{schema}}.step_readiness_status_batch(ARRAY[p_task_id]) r ORDER BY r.position
$fn$;

COMMENT ON FUNCTION {{schema}}.step_readiness_status(uuid) IS
  'step_readiness_status_batch for one task: one row per step, ordered by position.';
