/**
 * The columns of a TaskView, with its steps aggregated in dependency order, so a task (or a page
 * of tasks) is read in one statement whatever its number of steps. Steps are found through the
 * (task_id, name) unique index; each step's parents through step_edges_child_idx.
 */
export const taskViewColumns = (schema: string): string => `
  t.id, t.namespace, t.name, t.version, t.status, t.context, t.initiator, t.source_system, t.reason, t.tags,
  t.idempotency_key, coalesce(t.correlation_id, t.id::text) AS correlation_id, t.created_at, t.updated_at, t.completed_at,
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

/** The filters of a task listing; each one given becomes an equality on an indexed column. */
export interface TaskListFilter {
  status?: string;
  namespace?: string;
  name?: string;
}

const FILTER_COLUMNS = ['status', 'namespace', 'name'] as const;

/** `WHERE` over the given filters (parameters from $1, in FILTER_COLUMNS order) and its values. */
function filterClause(alias: string, filter: TaskListFilter): { where: string; values: string[] } {
  const given = FILTER_COLUMNS.filter((column) => filter[column] !== undefined);
  const where = given.map((column, i) => `${alias}.${column} = $${i + 1}`).join(' AND ');
  return { where: where === '' ? '' : `WHERE ${where}`, values: given.map((column) => filter[column] as string) };
}

/**
 * A page of tasks, newest first, with the total of the filtered set, in one statement. Only the
 * filters given appear in the SQL (no "$1 IS NULL OR ..." that a generic plan could not index).
 * The total is a scalar subquery (an index-only count) rather than a window over the set:
 * `count(*) OVER ()` made the page read and spill every matching task before its LIMIT (120 ms at
 * 250,000 tasks). Indexes: tasks_created_at_idx, tasks_status_created_at_idx,
 * tasks_name_created_at_idx.
 */
export function listTasksQuery(
  schema: string,
  filter: TaskListFilter,
  limit: number,
  offset: number,
): { text: string; values: unknown[] } {
  const outer = filterClause('t', filter);
  const inner = filterClause('c', filter);
  const n = outer.values.length;
  return {
    text: `
SELECT ${taskViewColumns(schema)}, (SELECT count(*) FROM ${schema}.tasks c ${inner.where}) AS total
FROM ${schema}.tasks t
${outer.where}
ORDER BY t.created_at DESC, t.id DESC
LIMIT $${n + 1} OFFSET $${n + 2}`,
    values: [...outer.values, limit, offset],
  };
}

/** Counts the filtered set when the page asked for lies past its end (no row carries the total then). */
export function countTasksQuery(schema: string, filter: TaskListFilter): { text: string; values: unknown[] } {
  const clause = filterClause('t', filter);
  return { text: `SELECT count(*)::int AS total FROM ${schema}.tasks t ${clause.where}`, values: clause.values };
}

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
  correlation_id: string;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  steps: StepViewJson[];
  total?: string;
}
