import { TaskerError } from './tasker.error';

/** No task handler is registered for the requested namespace/name/version. @publicApi */
export class TaskHandlerNotFoundError extends TaskerError {
  readonly code = 'TASK_HANDLER_NOT_FOUND';

  constructor(
    readonly namespace: string,
    readonly taskName: string,
    readonly version?: string,
  ) {
    super(
      `No task handler registered for ${namespace}/${taskName}` +
        (version === undefined ? ' (any version)' : `@${version}`),
    );
  }
}
