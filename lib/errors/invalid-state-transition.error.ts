import { TaskerError } from './tasker.error';

/** An operator action is not allowed in the current state of the task or step. @publicApi */
export class InvalidStateTransitionError extends TaskerError {
  readonly code = 'INVALID_STATE_TRANSITION';

  constructor(
    readonly action: string,
    readonly entity: string,
    readonly currentStatus: string,
    readonly allowedStatuses: readonly string[],
  ) {
    super(`Cannot ${action} ${entity}: it is ${currentStatus}; allowed only when ${allowedStatuses.join(', ')}`);
  }
}
