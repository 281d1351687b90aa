-- Frozen: shipped with migration 1764403200001. Never edit; change it in a new migration (migrations/README.md).

CREATE FUNCTION {{schema}}.analytics_metrics(p_since timestamptz DEFAULT now() - interval '1 hour')
RETURNS TABLE (
  active_tasks          bigint,
  total_namespaces      bigint,
  unique_task_types     bigint,
  task_throughput       bigint,
  completion_count      bigint,
  error_count           bigint,
  completion_rate       numeric(5,2),
  error_rate            numeric(5,2),
  avg_task_duration_ms  double precision,
  avg_step_duration_ms  double precision,
  step_throughput       bigint,
  system_health_score   numeric(5,3),
  analysis_period_start timestamptz,
  calculated_at         timestamptz
)
LANGUAGE sql STABLE
AS $fn$
  WITH period AS (
    SELECT coalesce(p_since, now() - interval '1 hour') AS since
  ),
  -- tasks_status_created_at_idx
  active AS (
    SELECT count(*) AS n FROM {{schema}}.tasks t WHERE t.status IN ('pending', 'in_progress')
  ),
  -- tasks_created_at_idx
  created AS (
    SELECT count(*) AS n FROM {{schema}}.tasks t, period p WHERE t.created_at >= p.since
  ),
  -- Tasks that reached a terminal status since the start of the period (completed_at is set on
  -- every terminal status). No index on completed_at: a scan of tasks.
  finished AS (
    SELECT count(*) AS n,
           count(*) FILTER (WHERE t.status = 'complete') AS completed,
           count(*) FILTER (WHERE t.status = 'error') AS failed,
           avg(t.completed_at - coalesce(t.started_at, t.created_at)) FILTER (WHERE t.status = 'complete') AS avg_elapsed
      FROM {{schema}}.tasks t, period p
     WHERE t.completed_at >= p.since
       AND t.status IN ('complete', 'error', 'cancelled', 'resolved_manually')
  ),
  -- Steps that completed, or failed for good, since the start of the period. A step in error is
  -- dated by completed_at when set, else by updated_at (its last change is the move to error).
  step_outcomes AS (
    SELECT count(*) FILTER (WHERE s.status = 'complete') AS completed,
           count(*) FILTER (WHERE s.status = 'error') AS failed,
           avg(s.completed_at - s.last_attempted_at) FILTER (WHERE s.status = 'complete') AS avg_elapsed
      FROM {{schema}}.steps s, period p
     WHERE (s.status = 'complete' AND s.completed_at >= p.since)
        OR (s.status = 'error' AND coalesce(s.completed_at, s.updated_at) >= p.since)
  )
  SELECT a.n,
         (SELECT count(*) FROM {{schema}}.namespaces),
         (SELECT count(*) FROM (SELECT DISTINCT nt.namespace_id, nt.name FROM {{schema}}.named_tasks nt) types),
         c.n,
         f.completed,
         f.failed,
         CASE WHEN f.n = 0 THEN 0::numeric(5,2) ELSE round(f.completed * 100.0 / f.n, 2)::numeric(5,2) END,
         CASE WHEN f.n = 0 THEN 0::numeric(5,2) ELSE round(f.failed * 100.0 / f.n, 2)::numeric(5,2) END,
         coalesce(round(extract(epoch FROM f.avg_elapsed) * 1000, 3), 0)::double precision,
         coalesce(round(extract(epoch FROM so.avg_elapsed) * 1000, 3), 0)::double precision,
         so.completed,
         CASE WHEN so.completed + so.failed = 0 THEN 1.000::numeric(5,3)
              ELSE round(so.completed::numeric / (so.completed + so.failed), 3)::numeric(5,3)
         END,
         p.since,
         now()
    FROM period p, active a, created c, finished f, step_outcomes so
$fn$;

COMMENT ON FUNCTION {{schema}}.analytics_metrics(timestamptz) IS
  'System-wide metrics since p_since: active tasks (pending + in_progress), namespaces, task types '
  '(distinct namespace/name), tasks created (throughput), tasks completed / failed (by completed_at) '
  'and their percentage of all tasks finished in the period, average duration of completed tasks and '
  'of the last attempt of completed steps (ms), steps completed, and the health score '
  'completed / (completed + error) over steps finished in the period (1.000 when none).';
