import { TaskerError } from './tasker.error';

/** A TaskerModule option is invalid. @publicApi */
export class TaskerConfigurationError extends TaskerError {
  readonly code = 'TASKER_CONFIGURATION';

  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(`Invalid Tasker option ${option}: ${detail}`);
  }
}
