import { TaskerError } from './tasker.error';

/** No task has this id (a string that is not a UUID matches nothing). @publicApi */
export class TaskNotFoundError extends TaskerError {
  readonly code = 'TASK_NOT_FOUND';

  constructor(readonly taskId: string) {
    super(`Task ${taskId} not found`);
  }
}
