-- Frozen: shipped with migration 1764403200001. Never edit; change it in a new migration (migrations/README.md).

CREATE FUNCTION {{schema}}.step_readiness_status_batch(p_task_ids uuid[])
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
  -- Parents are read from the edges and the parent rows (not from unfinished_parents), so the
  -- answer stays truthful even if a counter were wrong. The tasks' steps are fetched once by
  -- (task_id, name) and the edges by step_edges(task_id); parents are then looked up among those
  -- steps, never in the whole steps table.
  WITH task_steps AS MATERIALIZED (
    SELECT s.id, s.task_id, s.name, s.position, s.status, s.attempts, s.max_attempts, s.next_attempt_at,
           s.last_attempted_at
      FROM {{schema}}.steps s
     WHERE s.task_id = ANY (p_task_ids)
  ),
  parents AS (
    SELECT e.child_id,
           count(*)::int AS total_parents,
           (count(*) FILTER (WHERE p.status IN ('complete', 'resolved_manually')))::int AS completed_parents,
           array_agg(p.name::text ORDER BY p.position) FILTER (WHERE p.status NOT IN ('complete', 'resolved_manually')) AS waiting_on
      FROM {{schema}}.step_edges e
      JOIN task_steps p ON p.id = e.parent_id
     WHERE e.task_id = ANY (p_task_ids)
     GROUP BY e.child_id
  ),
  judged AS (
    SELECT s.*,
           coalesce(pa.total_parents, 0) AS n_parents,
           coalesce(pa.completed_parents, 0) AS n_done_parents,
           coalesce(pa.waiting_on, '{}'::text[]) AS unfinished_parents_names,
           coalesce(pa.completed_parents, 0) = coalesce(pa.total_parents, 0) AS deps_ok,
           CASE s.status
             WHEN 'pending' THEN coalesce(pa.completed_parents, 0) = coalesce(pa.total_parents, 0)
             -- a waiting step's parents are all done (it ran once); only its delay matters
             WHEN 'waiting_for_retry' THEN coalesce(s.next_attempt_at <= now(), false)
             ELSE false
           END AS ready
      FROM task_steps s
      LEFT JOIN parents pa ON pa.child_id = s.id
  )
  SELECT j.id,
         j.task_id,
         j.name::text,
         j.position::int,
         j.status::text,
         j.n_parents,
         j.n_done_parents,
         j.deps_ok,
         j.status <> 'error' AND j.attempts < j.max_attempts,
         j.ready,
         CASE
           WHEN j.ready THEN 'none'
           WHEN j.status IN ('complete', 'resolved_manually') THEN 'finished'
           WHEN j.status = 'cancelled' THEN 'cancelled'
           WHEN j.status = 'error' THEN 'retries_exhausted'
           WHEN j.status = 'in_progress' THEN 'in_progress'
           WHEN j.status = 'waiting_for_retry' THEN 'backoff'
           ELSE 'dependencies'
         END,
         j.unfinished_parents_names,
         j.attempts,
         j.max_attempts,
         CASE WHEN j.status = 'waiting_for_retry' THEN j.next_attempt_at END,
         j.last_attempted_at
    FROM judged j
   ORDER BY array_position(p_task_ids, j.task_id), j.position
$fn$;

COMMENT ON FUNCTION {{schema}}.step_readiness_status_batch(uuid[]) IS
  'One row per step of the given tasks (in the order of the array, then by position): its status, '
  'its parents (counted from the edges: complete or resolved_manually counts as done), whether it is '
  'ready for execution now, and what blocks it otherwise (dependencies, backoff, retries_exhausted, '
  'in_progress, finished, cancelled). Unknown task ids yield no rows.';
