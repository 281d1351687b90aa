import { TaskerError } from './tasker.error';

/** A custom event name breaks the naming rule (a dot inside; not `task.`, `step.` or `workflow.`). @publicApi */
export class InvalidEventNameError extends TaskerError {
  readonly code = 'INVALID_EVENT_NAME';

  constructor(
    readonly eventName: string,
    problem: string,
  ) {
    super(`Invalid event name "${eventName}": ${problem}`);
  }
}
