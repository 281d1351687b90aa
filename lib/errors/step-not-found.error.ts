import { TaskerError } from './tasker.error';

/** The task has no step of this name. @publicApi */
export class StepNotFoundError extends TaskerError {
  readonly code = 'STEP_NOT_FOUND';

  constructor(
    readonly taskId: string,
    readonly stepName: string,
  ) {
    super(`Task ${taskId} has no step named "${stepName}"`);
  }
}
