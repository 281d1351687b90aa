import { HttpException } from '@nestjs/common';

/** The body of every error the HTTP API answers: `{ error: { code, message, details? } }`. @publicApi */
export interface TaskerHttpErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * An error answered by Tasker's HTTP layer itself (bad input, authorization, unknown handler), in
 * the same body as the errors of the core: `{ error: { code, message, details? } }`.
 */
export class TaskerHttpException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    const body: TaskerHttpErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
    super(body, status);
  }
}
