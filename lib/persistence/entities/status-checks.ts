import { STEP_STATUSES, TASK_STATUSES } from '../../domain/statuses';

// The CHECK constraints of migration 1764403200000, as entity metadata. A migration is frozen
// history, so it keeps its own lists; test/integration/entities.spec.ts fails if the two ever disagree.

function statusIn(statuses: readonly string[]): string {
  return `status IN (${statuses.map((status) => `'${status}'`).join(', ')})`;
}

/** `tasks.status` must be one of TASK_STATUSES. */
export const TASK_STATUS_CHECK = statusIn(TASK_STATUSES);

/** `steps.status` must be one of STEP_STATUSES. */
export const STEP_STATUS_CHECK = statusIn(STEP_STATUSES);
