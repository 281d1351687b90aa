/** cancel_task (migrations/sql/operator-actions.functions.ts). $1 task id, $2 actor, $3 cancel channel. */
export const cancelTaskSql = (schema: string): string => `SELECT * FROM ${schema}.cancel_task($1, $2, $3)`;

/** retry_step. $1 task id, $2 step name, $3 actor, $4 ready channel. */
export const retryStepSql = (schema: string): string => `SELECT * FROM ${schema}.retry_step($1, $2, $3, $4)`;

/** resolve_step. $1 task id, $2 step name, $3 results jsonb, $4 actor, $5 ready channel. */
export const resolveStepSql = (schema: string): string => `SELECT * FROM ${schema}.resolve_step($1, $2, $3::jsonb, $4, $5)`;

export interface OperatorActionRow {
  outcome: string;
  detail: string | null;
  step_id?: string | null;
  step_name?: string | null;
  attempt?: number | null;
  task_status?: string | null;
}

/** Statuses of tasks, for the waiters' fallback check. $1 ids. */
export const taskStatusesSql = (schema: string): string =>
  `SELECT id, status FROM ${schema}.tasks WHERE id = ANY ($1::uuid[])`;
