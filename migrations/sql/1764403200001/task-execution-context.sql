-- Frozen: shipped with migration 1764403200001. Never edit; change it in a new migration (migrations/README.md).

CREATE FUNCTION {{schema}}.task_execution_context(p_task_id uuid)
RETURNS TABLE (
  task_id               uuid,
  status                text,
  total_steps           int,
  pending_steps         int,
  in_progress_steps     int,
  waiting_steps         int,
  completed_steps       int,
  failed_steps          int,
  cancelled_steps       int,
  ready_steps           int,
  execution_status      text,
  recommended_action    text,
  completion_percentage numeric(5,2),
  health_status         text
)
LANGUAGE sql STABLE
AS $fn$
  SELECT * FROM {{schema}}.task_execution_contexts_batch(ARRAY[p_task_id])
$fn$;

COMMENT ON FUNCTION {{schema}}.task_execution_context(uuid) IS
  'task_execution_contexts_batch for one task: one row, or none when the task does not exist.';
