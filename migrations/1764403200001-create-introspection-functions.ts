import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inSchema, taskerSchema } from './tasker-schema';

// Set-based SQL functions for explanation, health and analytics. None of them is on the hot path
// (claiming and finishing steps use their own statements and the counters on the rows); these
// recompute from the rows themselves, so they explain what the data says, not what a counter says.
//
// Conventions:
// - LANGUAGE sql STABLE, every name schema-qualified and no SET clause, so the planner can inline
//   them into the caller's query. Core SQL only: they also run on PGlite.
// - Per-task counts are int; system-wide counts are bigint; durations are double precision
//   milliseconds rounded to the microsecond; percentages and scores are numeric. The pg driver
//   returns bigint and numeric as strings (PGlite returns bigint as a number): convert them.
// - A NULL passed for a defaulted argument means the default.

/** Statuses in which a step counts as done for its dependants. */
const DONE = `'complete', 'resolved_manually'`;
/** Terminal task statuses. */
const TASK_TERMINAL = `'complete', 'error', 'cancelled', 'resolved_manually'`;

const STEP_READINESS_STATUS_BATCH = `
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
           (count(*) FILTER (WHERE p.status IN (${DONE})))::int AS completed_parents,
           array_agg(p.name::text ORDER BY p.position) FILTER (WHERE p.status NOT IN (${DONE})) AS waiting_on
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
           WHEN j.status IN (${DONE}) THEN 'finished'
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
`;

const STEP_READINESS_STATUS = `
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
`;

const TASK_EXECUTION_CONTEXTS_BATCH = `
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
           (count(*) FILTER (WHERE r.status IN (${DONE})))::int AS completed,
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
`;

const TASK_EXECUTION_CONTEXT = `
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
`;

const DEPENDENCY_LEVELS = `
CREATE FUNCTION {{schema}}.dependency_levels(p_task_id uuid)
RETURNS TABLE (step_id uuid, name text, level int)
LANGUAGE sql STABLE
AS $fn$
  WITH RECURSIVE task_steps AS (
    SELECT s.id, s.name, s.position FROM {{schema}}.steps s WHERE s.task_id = p_task_id
  ),
  edges AS (
    SELECT e.parent_id, e.child_id FROM {{schema}}.step_edges e WHERE e.task_id = p_task_id
  ),
  -- UNION (not UNION ALL) keeps one row per (step, depth), so a dense DAG costs
  -- steps x depth rows instead of one row per path. The depth bound only guards against a cycle,
  -- which definitions cannot produce.
  walk (step_id, depth) AS (
    SELECT ts.id, 0 FROM task_steps ts
     WHERE NOT EXISTS (SELECT 1 FROM edges e WHERE e.child_id = ts.id)
    UNION
    SELECT e.child_id, w.depth + 1
      FROM walk w
      JOIN edges e ON e.parent_id = w.step_id
     WHERE w.depth < (SELECT count(*) FROM task_steps)
  )
  SELECT ts.id, ts.name::text, max(w.depth)::int AS level
    FROM task_steps ts
    JOIN walk w ON w.step_id = ts.id
   GROUP BY ts.id, ts.name, ts.position
   ORDER BY level, ts.position
$fn$;

COMMENT ON FUNCTION {{schema}}.dependency_levels(uuid) IS
  'Dependency level of every step of a task: 0 for roots, else the length of the longest path from '
  'a root (so a step comes after every step it depends on). Ordered by level, then position.';
`;

const SYSTEM_HEALTH_COUNTS = `
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
`;

const SLOWEST_TASKS = `
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
       AND t.status IN (${TASK_TERMINAL})
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
            (count(*) FILTER (WHERE s.status IN (${DONE})))::int AS completed_steps,
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
`;

const SLOWEST_STEPS = `
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
`;

const ANALYTICS_METRICS = `
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
       AND t.status IN (${TASK_TERMINAL})
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
`;

const UP = [
  STEP_READINESS_STATUS_BATCH,
  STEP_READINESS_STATUS,
  TASK_EXECUTION_CONTEXTS_BATCH,
  TASK_EXECUTION_CONTEXT,
  DEPENDENCY_LEVELS,
  SYSTEM_HEALTH_COUNTS,
  SLOWEST_TASKS,
  SLOWEST_STEPS,
  ANALYTICS_METRICS,
].join('\n');

const DOWN = `
DROP FUNCTION IF EXISTS {{schema}}.analytics_metrics(timestamptz);
DROP FUNCTION IF EXISTS {{schema}}.slowest_steps(timestamptz, int, text, text, text);
DROP FUNCTION IF EXISTS {{schema}}.slowest_tasks(timestamptz, int, text, text, text);
DROP FUNCTION IF EXISTS {{schema}}.system_health_counts();
DROP FUNCTION IF EXISTS {{schema}}.dependency_levels(uuid);
DROP FUNCTION IF EXISTS {{schema}}.task_execution_context(uuid);
DROP FUNCTION IF EXISTS {{schema}}.task_execution_contexts_batch(uuid[]);
DROP FUNCTION IF EXISTS {{schema}}.step_readiness_status(uuid);
DROP FUNCTION IF EXISTS {{schema}}.step_readiness_status_batch(uuid[]);
`;

/** SQL functions for task explanation, system health and analytics (not used on the hot path). */
export class CreateIntrospectionFunctions1764403200001 implements MigrationInterface {
  name = 'CreateIntrospectionFunctions1764403200001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), UP));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), DOWN));
  }
}
