-- Frozen: shipped with migration 1764403200001. Never edit; change it in a new migration (migrations/README.md).

CREATE FUNCTION {{schema}}.slowest_tasks(
  p_since     timestamptz DEFAULT now() - interval '24 hours',
  p_limit     int DEFAULT 10,
  p_namespace text DEFAULT NULL,
  p_name      text DEFAULT NULL,
  p_version   text DEFAULT NULL
)
RETURNS TABLE (
  task_id         uuid,
  namespace       text,
  name            text,
  version         text,
  status          text,
  duration_ms     double precision,
  step_count      int,
  completed_steps int,
  error_steps     int,
  created_at      timestamptz,
  completed_at    timestamptz,
  initiator       text,
  source_system   text
)
LANGUAGE sql STABLE
AS $fn$
  -- Rank on the tasks alone (tasks_created_at_idx bounds the window), by the interval itself
  -- (cheap to compare), then convert and count the steps of the few winners only.
  WITH ranked AS (
    SELECT t.id, t.namespace, t.name, t.version, t.status, t.created_at, t.completed_at,
           t.initiator, t.source_system,
           t.completed_at - coalesce(t.started_at, t.created_at) AS elapsed
      FROM {{schema}}.tasks t
     WHERE t.created_at >= coalesce(p_since, now() - interval '24 hours')
       AND t.status IN ('complete', 'error', 'cancelled', 'resolved_manually')
       AND t.completed_at IS NOT NULL
       AND (p_namespace IS NULL OR t.namespace = p_namespace)
       AND (p_name IS NULL OR t.name = p_name)
       AND (p_version IS NULL OR t.version = p_version)
     ORDER BY elapsed DESC, t.created_at DESC, t.id
     LIMIT coalesce(p_limit, 10)
  )
  SELECT r.id, r.namespace::text, r.name::text, r.version::text, r.status::text,
         round(extract(epoch FROM r.elapsed) * 1000, 3)::double precision,
         c.step_count, c.completed_steps, c.error_steps,
         r.created_at, r.completed_at, r.initiator::text, r.source_system::text
    FROM ranked r
   CROSS JOIN LATERAL (
     SELECT count(*)::int AS step_count,
            (count(*) FILTER (WHERE s.status IN ('complete', 'resolved_manually')))::int AS completed_steps,
            (count(*) FILTER (WHERE s.status = 'error'))::int AS error_steps
       FROM {{schema}}.steps s
      WHERE s.task_id = r.id
   ) c
   ORDER BY r.elapsed DESC, r.created_at DESC, r.id
$fn$;

COMMENT ON FUNCTION {{schema}}.slowest_tasks(timestamptz, int, text, text, text) IS
  'The slowest finished tasks (complete, error, cancelled, resolved_manually) created since p_since, '
  'optionally of one namespace/name/version, longest first. duration_ms = completed_at - started_at '
  '(created_at when the task never started); completed_steps counts complete + resolved_manually.';
