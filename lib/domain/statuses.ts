/**
 * Every status a task and a step can have, and the sets of them the engine reasons with, defined
 * once for the TypeScript side. The SQL functions keep their own literals (a migration is frozen
 * history); test/unit/domain/statuses.spec.ts checks that the schema's CHECK constraints and
 * function bodies list exactly these sets.
 */
/** A task's statuses, in the order of the `tasks_status_check` constraint. */
export const TASK_STATUSES = ['pending', 'in_progress', 'complete', 'error', 'cancelled', 'resolved_manually'] as const;

/** A step's statuses, in the order of the `steps_status_check` constraint. */
export const STEP_STATUSES = [
  'pending',
  'in_progress',
  'waiting_for_retry',
  'complete',
  'error',
  'cancelled',
  'resolved_manually',
] as const;

/** pending, in_progress, complete, error, cancelled or resolved_manually. @publicApi */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** pending, in_progress, waiting_for_retry, complete, error, cancelled or resolved_manually. @publicApi */
export type StepStatus = (typeof STEP_STATUSES)[number];

/** A task in one of these still has steps to run; any other status is final unless an operator acts. */
export const ACTIVE_TASK_STATUSES = ['pending', 'in_progress'] as const satisfies readonly TaskStatus[];

/** A task in one of these runs nothing by itself any more: `waitForTask` returns on them. */
export const FINISHED_TASK_STATUSES = [
  'complete',
  'error',
  'cancelled',
  'resolved_manually',
] as const satisfies readonly TaskStatus[];

/** A step in one of these is claimable once its parents are done and it is due. */
export const RUNNABLE_STEP_STATUSES = ['pending', 'waiting_for_retry'] as const satisfies readonly StepStatus[];

/** A parent step in one of these no longer holds its children back. */
export const SUCCEEDED_STEP_STATUSES = ['complete', 'resolved_manually'] as const satisfies readonly StepStatus[];

/** The statuses each operator action accepts (of the task for cancel, of the step otherwise). */
export const OPERATOR_ACTION_FROM = {
  cancelTask: ['pending', 'in_progress', 'error'],
  retryStep: ['error'],
  resolveStep: ['pending', 'waiting_for_retry', 'error'],
} as const satisfies {
  cancelTask: readonly TaskStatus[];
  retryStep: readonly StepStatus[];
  resolveStep: readonly StepStatus[];
};

const TASK_STATUS_SET: ReadonlySet<string> = new Set(TASK_STATUSES);
const FINISHED_TASK_STATUS_SET: ReadonlySet<string> = new Set(FINISHED_TASK_STATUSES);

/** Whether `value` is a task status. */
export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && TASK_STATUS_SET.has(value);
}

/** Whether a task in `status` is finished (see {@link FINISHED_TASK_STATUSES}). */
export function isFinishedTaskStatus(status: string): boolean {
  return FINISHED_TASK_STATUS_SET.has(status);
}
