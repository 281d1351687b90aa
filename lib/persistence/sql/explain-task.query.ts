/**
 * A task's execution context and the readiness of each of its steps, from the introspection
 * functions, in one statement. No row when the task does not exist.
 */
export const explainTaskSql = (schema: string): string => `
SELECT c.task_id, c.status, c.execution_status, c.total_steps, c.completed_steps, c.ready_steps, c.failed_steps,
       c.in_progress_steps, c.completion_percentage,
       (SELECT json_agg(json_build_object(
          'name', r.name, 'status', r.status, 'ready', r.ready_for_execution, 'blockedBy', r.blocked_by,
          'waitingOn', r.waiting_on, 'totalParents', r.total_parents, 'completedParents', r.completed_parents,
          'attempts', r.attempts, 'maxAttempts', r.max_attempts, 'nextRetryAt', r.next_retry_at) ORDER BY r.position)
        FROM ${schema}.step_readiness_status($1) r) AS steps
FROM ${schema}.task_execution_context($1) c`;

export interface ExplainTaskRow {
  task_id: string;
  status: string;
  execution_status: string;
  total_steps: number;
  completed_steps: number;
  ready_steps: number;
  failed_steps: number;
  in_progress_steps: number;
  completion_percentage: string | number;
  steps: Array<{
    name: string;
    status: string;
    ready: boolean;
    blockedBy: string;
    waitingOn: string[];
    totalParents: number;
    completedParents: number;
    attempts: number;
    maxAttempts: number;
    nextRetryAt: string | null;
  }> | null;
}
