import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import {
  DuplicateTaskError,
  InvalidStateTransitionError,
  StepNotFoundError,
  TaskHandlerNotFoundError,
  TaskNotFoundError,
  TaskValidationError,
  TaskerError,
} from '../../lib';

/** The part of the platform's response this filter uses. */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

/** HTTP status of each Tasker error, as API.md section 4 maps them; anything else is a 500. */
function statusOf(error: TaskerError): number {
  if (error instanceof TaskValidationError || error instanceof TaskHandlerNotFoundError) return 400;
  if (error instanceof TaskNotFoundError || error instanceof StepNotFoundError) return 404;
  if (error instanceof DuplicateTaskError) return 409;
  if (error instanceof InvalidStateTransitionError) return 422;
  return 500;
}

/** Answers Tasker's typed errors as `{ error: { code, message, details? } }` with their status. */
@Catch(TaskerError)
export class TaskerErrorFilter implements ExceptionFilter {
  catch(error: TaskerError, host: ArgumentsHost): void {
    const details = error instanceof TaskValidationError ? error.errors : undefined;
    host
      .switchToHttp()
      .getResponse<JsonResponse>()
      .status(statusOf(error))
      .json({ error: { code: error.code, message: error.message, ...(details === undefined ? {} : { details }) } });
  }
}
