/** The `status` label values of `tasker_steps_finished_total`: how a step ended for good. */
export const FINISHED_STEP_STATUSES = ['complete', 'error', 'cancelled', 'resolved_manually'] as const;

/** A `status` label value of `tasker_steps_finished_total`. */
export type FinishedStepStatus = (typeof FINISHED_STEP_STATUSES)[number];

/** The `status` label values of `tasker_tasks_finished_total` and `tasker_task_duration_seconds`. */
export const FINISHED_TASK_STATUSES = ['complete', 'error', 'cancelled', 'resolved_manually'] as const;

/** A `status` label value of `tasker_tasks_finished_total`. */
export type FinishedTaskStatus = (typeof FINISHED_TASK_STATUSES)[number];
