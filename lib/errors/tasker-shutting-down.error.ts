import { TaskerError } from './tasker.error';

/** The Tasker module is shutting down; a pending call (e.g. `waitForTask`) was given up. @publicApi */
export class TaskerShuttingDownError extends TaskerError {
  readonly code = 'TASKER_SHUTTING_DOWN';

  constructor(what: string) {
    super(`Tasker is shutting down: ${what} was abandoned`);
  }
}
