import type { StepStatus, TaskStatus } from '../../interfaces/task-view.interface';

// The CHECK constraints of migration 1764403200000, as entity metadata. A migration is frozen
// history, so these lists are restated here rather than imported from it;
// test/integration/entities.spec.ts fails if the two ever disagree.
const TASK_STATUSES: readonly TaskStatus[] = ['pending', 'in_progress', 'complete', 'error', 'cancelled', 'resolved_manually'];
const STEP_STATUSES: readonly StepStatus[] = [
  'pending',
  'in_progress',
  'waiting_for_retry',
  'complete',
  'error',
  'cancelled',
  'resolved_manually',
];

function statusIn(statuses: readonly string[]): string {
  return `status IN (${statuses.map((status) => `'${status}'`).join(', ')})`;
}

/** `tasks.status` must be a {@link TaskStatus}. */
export const TASK_STATUS_CHECK = statusIn(TASK_STATUSES);

/** `steps.status` must be a {@link StepStatus}. */
export const STEP_STATUS_CHECK = statusIn(STEP_STATUSES);
