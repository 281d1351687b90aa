/**
 * The columns of a TaskView, with its steps aggregated in dependency order, so a task (or a page
 * of tasks) is read in one statement whatever its number of steps. Steps are found through the
 * (task_id, name) unique index; each step's parents through step_edges_child_idx.
 */
export const taskViewColumns = (schema: string): string => `
  t.id, t.namespace, t.name, t.version, t.status, t.context, t.initiator, t.source_system, t.reason, t.tags,
  t.idempotency_key, t.created_at, t.updated_at, t.completed_at,
  (SELECT coalesce(json_agg(json_build_object(
      'id', s.id, 'name', s.name, 'status', s.status,
      'dependsOn', ARRAY(SELECT p.name FROM ${schema}.step_edges e JOIN ${schema}.steps p ON p.id = e.parent_id
                         WHERE e.child_id = s.id ORDER BY p.position),
      'attempts', s.attempts, 'maxAttempts', s.max_attempts, 'retryable', s.retryable,
      'results', s.results, 'error', s.last_error, 'lastAttemptedAt', s.last_attempted_at,
      'nextRetryAt', CASE WHEN s.status = 'waiting_for_retry' THEN s.next_attempt_at END,
      'completedAt', s.completed_at) ORDER BY s.position), '[]'::json)
   FROM ${schema}.steps s WHERE s.task_id = t.id) AS steps`;

/** One task by id. */
export const getTaskSql = (schema: string): string =>
  `SELECT ${taskViewColumns(schema)} FROM ${schema}.tasks t WHERE t.id = $1`;

/**
 * A page of tasks, newest first, with the total of the filtered set (window count, so one
 * statement). Each filter is skipped when its parameter is null. Indexes: tasks_created_at_idx,
 * tasks_status_created_at_idx, tasks_name_created_at_idx.
 * $1 status, $2 namespace, $3 name, $4 limit, $5 offset
 */
export const listTasksSql = (schema: string): string => `
SELECT ${taskViewColumns(schema)}, count(*) OVER () AS total
FROM ${schema}.tasks t
WHERE ($1::text IS NULL OR t.status = $1) AND ($2::text IS NULL OR t.namespace = $2) AND ($3::text IS NULL OR t.name = $3)
ORDER BY t.created_at DESC, t.id DESC
LIMIT $4 OFFSET $5`;

/** Counts the filtered set when the page asked for lies past its end (the window count is then absent). */
export const countTasksSql = (schema: string): string => `
SELECT count(*)::int AS total FROM ${schema}.tasks t
WHERE ($1::text IS NULL OR t.status = $1) AND ($2::text IS NULL OR t.namespace = $2) AND ($3::text IS NULL OR t.name = $3)`;

/** A step as json_build_object writes it (timestamps as ISO strings with an offset). */
export interface StepViewJson {
  id: string;
  name: string;
  status: string;
  dependsOn: string[];
  attempts: number;
  maxAttempts: number;
  retryable: boolean;
  results: unknown;
  error: { message: string; code: string | null; type: string } | null;
  lastAttemptedAt: string | null;
  nextRetryAt: string | null;
  completedAt: string | null;
}

export interface TaskViewRow {
  id: string;
  namespace: string;
  name: string;
  version: string;
  status: string;
  context: Record<string, unknown>;
  initiator: string | null;
  source_system: string | null;
  reason: string | null;
  tags: string[];
  idempotency_key: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  steps: StepViewJson[];
  total?: string;
}
