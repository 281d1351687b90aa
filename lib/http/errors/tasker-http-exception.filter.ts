import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { isRecord } from '../../definition/is-record';
import { sendHttpBody } from '../send-http-body';
import { httpErrorCode } from './http-error-code';
import type { TaskerHttpErrorBody } from './tasker-http.exception';
import { TaskerRouteDisabledException } from './tasker-route-disabled.exception';

/** A body that already has Tasker's error shape. */
function isTaskerErrorBody(body: unknown): body is TaskerHttpErrorBody {
  return isRecord(body) && isRecord(body.error) && typeof body.error.code === 'string';
}

/** A terminus health-check result (what `HealthCheckService` answers 503 with). */
function isHealthCheckResult(body: unknown): boolean {
  return isRecord(body) && typeof body.status === 'string' && isRecord(body.details);
}

/**
 * Answers the `HttpException`s of Tasker's routes (validation, authorization, terminus) with
 * Tasker's error body `{ error: { code, message, details? } }`, the code being the status name
 * (`BAD_REQUEST`, `FORBIDDEN`, ...) unless the exception carries one. Two bodies pass through
 * unchanged: a health-check result (its shape is terminus's), and the not-found answer of a route
 * whose API is disabled (it must look like a path nothing is mounted on). Tasker errors are the
 * business of `TaskerExceptionFilter`; anything else is left to the app and Nest.
 */
@Catch(HttpException)
export class TaskerHttpExceptionFilter implements ExceptionFilter<HttpException> {
  catch(exception: HttpException, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const status = exception.getStatus();
    const raw = exception.getResponse();
    const passThrough =
      exception instanceof TaskerRouteDisabledException || isTaskerErrorBody(raw) || isHealthCheckResult(raw);
    const body: unknown = passThrough ? raw : { error: { code: httpErrorCode(status), message: exception.message } };
    sendHttpBody(host, status, body);
  }
}
