import type { ErrorPattern } from './analytics.interface';
import { toIso, toNumber, toOptionalText, toText } from './sql-values';

/**
 * Failed attempts grouped by task type, step and error (type and code), most frequent first. Every
 * failed attempt leaves a step transition carrying its error (to `waiting_for_retry` or `error`),
 * so retried failures count too, not only the steps that ended in `error`. Like the slowest-task
 * functions, the window applies to the tasks' `created_at` (tasks_created_at_idx); each task's
 * transitions are reached through step_transitions_task_idx. Parameters: $1 since, $2 limit,
 * $3 namespace, $4 name, $5 version (null matches every version).
 */
export const errorPatternsSql = (schema: string): string => `
SELECT t.namespace::text AS namespace, t.name::text AS name, s.name::text AS step_name,
       coalesce(tr.error->>'type', 'Error') AS error_type, tr.error->>'code' AS error_code,
       count(*) AS occurrences, count(DISTINCT tr.task_id) AS tasks, max(tr.created_at) AS last_seen_at,
       (array_agg(tr.error->>'message' ORDER BY tr.created_at DESC, tr.id DESC))[1] AS last_message
  FROM ${schema}.tasks t
  JOIN ${schema}.step_transitions tr ON tr.task_id = t.id
  JOIN ${schema}.steps s ON s.id = tr.step_id
 WHERE t.created_at >= $1
   AND tr.error IS NOT NULL
   AND ($3::text IS NULL OR t.namespace = $3)
   AND ($4::text IS NULL OR t.name = $4)
   AND ($5::text IS NULL OR t.version = $5)
 GROUP BY 1, 2, 3, 4, 5
 ORDER BY occurrences DESC, last_seen_at DESC, 1, 2, 3, 4, 5
 LIMIT $2`;

/** A row of the error-pattern query; counts arrive as strings on node-postgres. */
export type ErrorPatternRow = Record<string, unknown>;

/** The answer's shape of one row. */
export function toErrorPattern(row: ErrorPatternRow): ErrorPattern {
  return {
    namespace: toText(row.namespace),
    name: toText(row.name),
    stepName: toText(row.step_name),
    errorType: toText(row.error_type, 'Error'),
    errorCode: toOptionalText(row.error_code),
    occurrences: toNumber(row.occurrences),
    tasks: toNumber(row.tasks),
    lastSeenAt: toIso(row.last_seen_at),
    lastMessage: toText(row.last_message),
  };
}
