-- Frozen: shipped with migration 1764403200001. Never edit; change it in a new migration (migrations/README.md).

CREATE FUNCTION {{schema}}.task_execution_contexts_batch(p_task_ids uuid[])
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
  WITH counts AS (
    SELECT r.task_id,
           count(*)::int AS total,
           (count(*) FILTER (WHERE r.status = 'pending'))::int AS pending,
           (count(*) FILTER (WHERE r.status = 'in_progress'))::int AS in_progress,
           (count(*) FILTER (WHERE r.status = 'waiting_for_retry'))::int AS waiting,
           (count(*) FILTER (WHERE r.status IN ('complete', 'resolved_manually')))::int AS completed,
           (count(*) FILTER (WHERE r.status = 'error'))::int AS failed,
           (count(*) FILTER (WHERE r.status = 'cancelled'))::int AS cancelled,
           (count(*) FILTER (WHERE r.ready_for_execution))::int AS ready
      FROM {{schema}}.step_readiness_status_batch(p_task_ids) r
     GROUP BY r.task_id
  ),
  classified AS (
    SELECT t.id,
           t.status,
           coalesce(c.total, 0) AS total,
           coalesce(c.pending, 0) AS pending,
           coalesce(c.in_progress, 0) AS in_progress,
           coalesce(c.waiting, 0) AS waiting,
           coalesce(c.completed, 0) AS completed,
           coalesce(c.failed, 0) AS failed,
           coalesce(c.cancelled, 0) AS cancelled,
           coalesce(c.ready, 0) AS ready,
           -- Precedence is part of the public contract (API.md, TaskExplanation): failures block
           -- only when nothing else can move; a step still running or due for retry is not blocked.
           CASE
             WHEN c.total > 0 AND c.completed = c.total THEN 'all_complete'
             WHEN c.failed > 0 AND c.ready = 0 AND c.in_progress = 0 AND c.waiting = 0 THEN 'blocked_by_failures'
             WHEN c.ready > 0 THEN 'has_ready_steps'
             WHEN c.in_progress > 0 THEN 'processing'
             ELSE 'waiting_for_dependencies'
           END AS execution_status
      FROM {{schema}}.tasks t
      LEFT JOIN counts c ON c.task_id = t.id
     WHERE t.id = ANY (p_task_ids)
  )
  SELECT x.id,
         x.status::text,
         x.total,
         x.pending,
         x.in_progress,
         x.waiting,
         x.completed,
         x.failed,
         x.cancelled,
         x.ready,
         x.execution_status,
         CASE x.execution_status
           WHEN 'all_complete' THEN 'finalize_task'
           WHEN 'blocked_by_failures' THEN 'handle_failures'
           WHEN 'has_ready_steps' THEN 'execute_ready_steps'
           WHEN 'processing' THEN 'wait_for_completion'
           ELSE 'wait_for_dependencies'
         END,
         CASE WHEN x.total = 0 THEN 0::numeric(5,2)
              ELSE round(x.completed * 100.0 / x.total, 2)::numeric(5,2)
         END,
         CASE
           WHEN x.failed = 0 THEN 'healthy'
           WHEN x.execution_status = 'blocked_by_failures' THEN 'blocked'
           ELSE 'recovering'
         END
    FROM classified x
   ORDER BY array_position(p_task_ids, x.id)
$fn$;

COMMENT ON FUNCTION {{schema}}.task_execution_contexts_batch(uuid[]) IS
  'One row per existing task of the array (in its order): step counts by status (completed = complete '
  '+ resolved_manually), ready steps, execution_status (first that holds: all_complete, '
  'blocked_by_failures, has_ready_steps, processing, waiting_for_dependencies), the matching '
  'recommended_action, completion_percentage and health_status (healthy, blocked, recovering).';
