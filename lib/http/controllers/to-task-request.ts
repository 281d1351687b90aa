import type { TaskRequest } from '../../interfaces/task-view.interface';
import type { CreateTaskDto } from '../dto/create-task.dto';

/** The service's request from the validated body: only the fields given, the context as parsed. */
export function toTaskRequest(body: CreateTaskDto): TaskRequest {
  const request: TaskRequest = { name: body.name, context: body.context };
  if (body.namespace !== undefined && body.namespace !== null) request.namespace = body.namespace;
  if (body.version !== undefined && body.version !== null) request.version = body.version;
  if (body.initiator !== undefined && body.initiator !== null) request.initiator = body.initiator;
  if (body.sourceSystem !== undefined && body.sourceSystem !== null) request.sourceSystem = body.sourceSystem;
  if (body.reason !== undefined && body.reason !== null) request.reason = body.reason;
  if (body.tags !== undefined && body.tags !== null) request.tags = body.tags;
  if (body.idempotencyKey !== undefined && body.idempotencyKey !== null) request.idempotencyKey = body.idempotencyKey;
  return request;
}
