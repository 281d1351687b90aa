// The operator-action functions as migration 1764403200004 defines them. Each records the operator
// (actor, optional reason) in the metadata of the transitions it writes, never a worker id.

/** cancel_task. $1 task id, $2 actor, $3 reason (or null), $4 cancel channel. */
export const cancelTaskSql = (schema: string): string => `SELECT * FROM ${schema}.cancel_task($1, $2, $3, $4)`;

/** retry_step. $1 task id, $2 step name, $3 actor, $4 reason (or null), $5 ready channel. */
export const retryStepSql = (schema: string): string => `SELECT * FROM ${schema}.retry_step($1, $2, $3, $4, $5)`;

/** resolve_step. $1 task id, $2 step name, $3 results jsonb, $4 actor, $5 reason (or null), $6 ready channel. */
export const resolveStepSql = (schema: string): string =>
  `SELECT * FROM ${schema}.resolve_step($1, $2, $3::jsonb, $4, $5, $6)`;

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
