import type { TaskRequest } from '../../interfaces/task-view.interface';
import { CORRELATION_ID_PATTERN } from '../../orchestration/validate-task-request';
import type { CreateTaskDto } from '../dto/create-task.dto';
import { TaskerHttpException } from '../errors/tasker-http.exception';

/** The header that sets a created task's correlation id when its body has none. */
export const CORRELATION_ID_HEADER = 'X-Correlation-ID';

/**
 * The service's request from the validated body: only the fields given, the context as parsed.
 * `correlationHeader`: the request's `X-Correlation-ID`, used when the body has no
 * `correlationId` (the body's wins); an invalid header is refused (400 naming it) either way.
 */
export function toTaskRequest(body: CreateTaskDto, correlationHeader?: string | string[]): TaskRequest {
  const request: TaskRequest = { name: body.name, context: body.context };
  if (body.namespace !== undefined && body.namespace !== null) request.namespace = body.namespace;
  if (body.version !== undefined && body.version !== null) request.version = body.version;
  if (body.initiator !== undefined && body.initiator !== null) request.initiator = body.initiator;
  if (body.sourceSystem !== undefined && body.sourceSystem !== null) request.sourceSystem = body.sourceSystem;
  if (body.reason !== undefined && body.reason !== null) request.reason = body.reason;
  if (body.tags !== undefined && body.tags !== null) request.tags = body.tags;
  if (body.idempotencyKey !== undefined && body.idempotencyKey !== null) request.idempotencyKey = body.idempotencyKey;
  const fromHeader = correlationIdHeader(correlationHeader);
  if (body.correlationId !== undefined && body.correlationId !== null) request.correlationId = body.correlationId;
  else if (fromHeader !== undefined) request.correlationId = fromHeader;
  return request;
}

/** The header's correlation id; throws a 400 naming the header when it is not a valid one. */
function correlationIdHeader(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && CORRELATION_ID_PATTERN.test(value)) return value;
  const message = `${CORRELATION_ID_HEADER} must be one value of 1 to 100 characters of letters, digits, "_" and "-", starting with a letter or digit`;
  throw new TaskerHttpException(400, 'BAD_REQUEST', `Invalid request: ${message}`, [
    { field: CORRELATION_ID_HEADER, messages: [message] },
  ]);
}
