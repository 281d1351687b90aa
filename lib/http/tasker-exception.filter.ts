import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { TaskerError } from '../errors/tasker.error';
import { sendHttpBody } from './send-http-body';
import { taskerErrorBody } from './tasker-error-body';
import { taskerErrorHttpStatus } from './tasker-error-http-status';
import { logLine } from '../logging/log-line';

/**
 * Answers every `TaskerError` that reaches an HTTP caller with its status (see
 * `taskerErrorHttpStatus`: 400 bad input, 404 unknown task or step, 409 duplicate, 413 too large,
 * 422 invalid state change, 503 shutting down or database unreachable, 500 otherwise) and the body
 * `{ error: { code, message, details? } }`. Register it with
 * `app.useGlobalFilters(new TaskerExceptionFilter())` or as an `APP_FILTER` provider. Other
 * exceptions are left to Nest's own handling. HTTP only: in any other context the error is rethrown.
 * @publicApi
 */
@Catch(TaskerError)
export class TaskerExceptionFilter implements ExceptionFilter<TaskerError> {
  private readonly logger = new Logger(TaskerExceptionFilter.name);

  catch(error: TaskerError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const status = taskerErrorHttpStatus(error);
    // A 500 means a fault on the server side, which the caller cannot fix: keep the stack in the log.
    if (status === 500)
      this.logger.error(
        logLine('Request failed', { error: error.name, code: error.code, message: error.message }),
        error.stack,
      );
    sendHttpBody(host, status, taskerErrorBody(error));
  }
}
