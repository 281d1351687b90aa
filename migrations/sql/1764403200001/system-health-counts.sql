-- Frozen: shipped with migration 1764403200001. Never edit; change it in a new migration (migrations/README.md).

CREATE FUNCTION {{schema}}.system_health_counts()
RETURNS TABLE (
  total_tasks              bigint,
  pending_tasks            bigint,
  in_progress_tasks        bigint,
  complete_tasks           bigint,
  error_tasks              bigint,
  cancelled_tasks          bigint,
  resolved_manually_tasks  bigint,
  total_steps              bigint,
  pending_steps            bigint,
  in_progress_steps        bigint,
  waiting_for_retry_steps  bigint,
  complete_steps           bigint,
  error_steps              bigint,
  cancelled_steps          bigint,
  resolved_manually_steps  bigint,
  retryable_error_steps    bigint,
  exhausted_retry_steps    bigint,
  in_backoff_steps         bigint,
  active_connections       bigint,
  max_connections          int
)
LANGUAGE sql STABLE
AS $fn$
  -- Exact counts: one sequential pass over each table (grouping by status), so the cost grows
  -- with history. Cache the result (the concurrency limit reuses it for cacheTtlMs).
  WITH task_counts AS (
    SELECT t.status, count(*) AS n FROM {{schema}}.tasks t GROUP BY t.status
  ),
  step_counts AS (
    SELECT s.status,
           count(*) AS n,
           count(*) FILTER (WHERE s.status = 'error' AND s.attempts >= s.max_attempts) AS exhausted,
           count(*) FILTER (WHERE s.status = 'waiting_for_retry' AND s.next_attempt_at > now()) AS in_backoff
      FROM {{schema}}.steps s
     GROUP BY s.status
  )
  SELECT coalesce((SELECT sum(n) FROM task_counts), 0)::bigint,
         coalesce((SELECT n FROM task_counts WHERE status = 'pending'), 0),
         coalesce((SELECT n FROM task_counts WHERE status = 'in_progress'), 0),
         coalesce((SELECT n FROM task_counts WHERE status = 'complete'), 0),
         coalesce((SELECT n FROM task_counts WHERE status = 'error'), 0),
         coalesce((SELECT n FROM task_counts WHERE status = 'cancelled'), 0),
         coalesce((SELECT n FROM task_counts WHERE status = 'resolved_manually'), 0),
         coalesce((SELECT sum(n) FROM step_counts), 0)::bigint,
         coalesce((SELECT n FROM step_counts WHERE status = 'pending'), 0),
         coalesce((SELECT n FROM step_counts WHERE status = 'in_progress'), 0),
         coalesce((SELECT n FROM step_counts WHERE status = 'waiting_for_retry'), 0),
         coalesce((SELECT n FROM step_counts WHERE status = 'complete'), 0),
         coalesce((SELECT n FROM step_counts WHERE status = 'error'), 0),
         coalesce((SELECT n FROM step_counts WHERE status = 'cancelled'), 0),
         coalesce((SELECT n FROM step_counts WHERE status = 'resolved_manually'), 0),
         coalesce((SELECT n FROM step_counts WHERE status = 'waiting_for_retry'), 0),
         coalesce((SELECT exhausted FROM step_counts WHERE status = 'error'), 0),
         coalesce((SELECT in_backoff FROM step_counts WHERE status = 'waiting_for_retry'), 0),
         (SELECT count(*) FROM pg_catalog.pg_stat_activity a
           WHERE a.datname = pg_catalog.current_database() AND a.state = 'active'),
         pg_catalog.current_setting('max_connections')::int
$fn$;

COMMENT ON FUNCTION {{schema}}.system_health_counts() IS
  'Exact task and step counts by status, retryable_error_steps (waiting_for_retry), '
  'exhausted_retry_steps (error with attempts >= max_attempts), in_backoff_steps (waiting_for_retry '
  'not yet due), active connections to this database and max_connections. Feeds the health endpoint '
  'and the load-aware concurrency limit. Scans both tables: cache the result.';
