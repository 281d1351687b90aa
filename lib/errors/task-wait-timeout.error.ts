import { TaskerError } from './tasker.error';

/** `waitForTask` gave up before the task reached a terminal status. @publicApi */
export class TaskWaitTimeoutError extends TaskerError {
  readonly code = 'TASK_WAIT_TIMEOUT';

  constructor(
    readonly taskId: string,
    readonly timeoutMs: number,
    readonly lastStatus: string,
  ) {
    super(`Task ${taskId} did not finish within ${timeoutMs} ms (status: ${lastStatus})`);
  }
}
