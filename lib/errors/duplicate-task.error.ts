import { TaskerError } from './tasker.error';

/** A task with the same idempotency key already exists for this namespace/name. @publicApi */
export class DuplicateTaskError extends TaskerError {
  readonly code = 'DUPLICATE_TASK';

  constructor(
    readonly namespace: string,
    readonly taskName: string,
    readonly idempotencyKey: string,
    readonly existingTaskId: string,
  ) {
    super(`A task ${namespace}/${taskName} with idempotency key "${idempotencyKey}" already exists: ${existingTaskId}`);
  }
}
