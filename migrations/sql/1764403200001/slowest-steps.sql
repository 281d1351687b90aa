-- Frozen: shipped with migration 1764403200001. Never edit; change it in a new migration (migrations/README.md).

CREATE FUNCTION {{schema}}.slowest_steps(
  p_since     timestamptz DEFAULT now() - interval '24 hours',
  p_limit     int DEFAULT 10,
  p_namespace text DEFAULT NULL,
  p_name      text DEFAULT NULL,
  p_version   text DEFAULT NULL
)
RETURNS TABLE (
  step_id      uuid,
  task_id      uuid,
  step_name    text,
  namespace    text,
  name         text,
  version      text,
  duration_ms  double precision,
  attempts     int,
  retryable    boolean,
  status       text,
  completed_at timestamptz
)
LANGUAGE sql STABLE
AS $fn$
  -- The window applies to the task's created_at (tasks_created_at_idx), and the steps are reached
  -- through their task (steps (task_id, name)). Ranked by the interval itself (cheap to compare);
  -- only the winners are converted to milliseconds.
  WITH ranked AS (
    SELECT s.id, s.task_id, s.name AS step_name, t.namespace, t.name, t.version, s.attempts, s.retryable,
           s.status, s.completed_at, s.completed_at - s.last_attempted_at AS elapsed
      FROM {{schema}}.tasks t
      JOIN {{schema}}.steps s ON s.task_id = t.id
     WHERE t.created_at >= coalesce(p_since, now() - interval '24 hours')
       AND (p_namespace IS NULL OR t.namespace = p_namespace)
       AND (p_name IS NULL OR t.name = p_name)
       AND (p_version IS NULL OR t.version = p_version)
       AND s.status = 'complete'
       AND s.completed_at IS NOT NULL
       AND s.last_attempted_at IS NOT NULL
     ORDER BY elapsed DESC, s.completed_at DESC, s.id
     LIMIT coalesce(p_limit, 10)
  )
  SELECT r.id, r.task_id, r.step_name::text, r.namespace::text, r.name::text, r.version::text,
         round(extract(epoch FROM r.elapsed) * 1000, 3)::double precision,
         r.attempts, r.retryable, r.status::text, r.completed_at
    FROM ranked r
   ORDER BY r.elapsed DESC, r.completed_at DESC, r.id
$fn$;

COMMENT ON FUNCTION {{schema}}.slowest_steps(timestamptz, int, text, text, text) IS
  'The slowest completed steps of tasks created since p_since (optionally of one namespace/name/'
  'version), longest first. duration_ms is that of the last attempt: completed_at - last_attempted_at.';
