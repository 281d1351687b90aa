import { randomUUID } from 'node:crypto';
import { ContextTooLargeError } from '../errors/context-too-large.error';
import { TaskValidationError } from '../errors/task-validation.error';
import type { TaskRequest, TaskView } from '../interfaces/task-view.interface';
import { oversizedJsonBytes } from '../persistence/json-byte-size';
import type { NewTask } from '../persistence/sql/create-task.query';
import { toJsonText } from '../persistence/to-json-text';
import { uuidv7 } from '../persistence/uuid';
import { openTaskTrace } from '../tracing/task-span';
import type { RegisteredTask, TaskHandlerRegistry } from '../registry/task-handler.registry';
import { validateTaskRequest } from './validate-task-request';

/** A request that passed every check, with the task it creates. */
export interface CheckedRequest {
  request: TaskRequest;
  task: RegisteredTask;
  contextJson: string;
}

/**
 * Checks one request before anything is written: its shape and context size
 * (`TaskValidationError`; `ContextTooLargeError` when the context is over `maxContextBytes`), then
 * its handler (`TaskHandlerNotFoundError`), then its context schema (`TaskValidationError`). Throws
 * the first failure.
 */
export function checkTaskRequest(
  request: TaskRequest,
  registry: Pick<TaskHandlerRegistry, 'resolve'>,
  maxContextBytes: number,
): CheckedRequest {
  const contextJson = toJsonText(request?.context);
  const shapeErrors = validateTaskRequest(request, contextJson, maxContextBytes);
  if (shapeErrors.length > 0 || !('text' in contextJson)) {
    const name = typeof request?.name === 'string' ? request.name : '(unnamed task)';
    const contextBytes = 'text' in contextJson ? oversizedJsonBytes(contextJson.text, maxContextBytes) : undefined;
    if (contextBytes !== undefined) throw new ContextTooLargeError(name, shapeErrors, contextBytes, maxContextBytes);
    throw new TaskValidationError(name, shapeErrors);
  }
  const task = registry.resolve(request.namespace ?? 'default', request.name, request.version);
  const contextErrors = task.validateContext(request.context);
  if (contextErrors.length > 0) throw new TaskValidationError(task.key, contextErrors);
  return { request, task, contextJson: contextJson.text };
}

/** A checked request with its ids chosen: what the create statements write, and the view to answer. */
export interface PlannedTask extends CheckedRequest {
  taskId: string;
  /** Step ids in definition order. */
  stepIds: string[];
  row: NewTask;
}

/** Chooses the task's and its steps' ids and builds the rows to write. */
export function planTask(checked: CheckedRequest, readyChannel: string): PlannedTask {
  const { task, request, contextJson } = checked;
  const { definition } = task;
  const now = Date.now();
  const taskId = uuidv7(now);
  const stepIds: string[] = [];
  const idByName = new Map<string, string>();
  for (const step of definition.steps) {
    const id = uuidv7(now);
    stepIds.push(id);
    idByName.set(step.name, id);
  }
  const idOf = (name: string): string => idByName.get(name) as string;
  const correlationId = request.correlationId ?? randomUUID();
  const traceContext = openTaskTrace({
    taskId,
    namespace: definition.namespace,
    taskName: definition.name,
    correlationId,
  });
  return {
    ...checked,
    taskId,
    stepIds,
    row: {
      taskId,
      namedTaskId: task.namedTaskId,
      namespace: definition.namespace,
      name: definition.name,
      version: definition.version,
      contextJson,
      initiator: request.initiator ?? null,
      sourceSystem: request.sourceSystem ?? null,
      reason: request.reason ?? null,
      tags: request.tags ?? [],
      idempotencyKey: request.idempotencyKey ?? null,
      correlationId,
      traceContext,
      steps: definition.steps.map((step) => ({
        id: idOf(step.name),
        namedStepId: task.namedStepIds.get(step.name),
        name: step.name,
        position: step.position,
        retryable: step.retryable,
        maxAttempts: step.maxAttempts,
        timeoutMs: step.timeoutMs ?? null,
        backoff: step.backoff,
        parents: step.dependsOn.length,
      })),
      edges: definition.steps.flatMap((step) =>
        step.dependsOn.map((parent) => ({ parentId: idOf(parent), childId: idOf(step.name) })),
      ),
      readyChannel,
    },
  };
}

/**
 * The view of a task just written, built from what was sent rather than read back: every step
 * pending and unattempted, except the root steps its creation claimed (`claimed`: in progress at
 * their first attempt, and the task in progress).
 */
export function newTaskView(planned: PlannedTask, createdAt: string, claimed?: ReadonlySet<string>): TaskView {
  const started = claimed !== undefined && claimed.size > 0;
  const { task, request, row } = planned;
  const { definition } = task;
  const positionOf = (name: string): number => task.stepsByName.get(name)?.position ?? 0;
  const idOf = new Map(row.steps.map((step) => [step.name, step.id]));
  return {
    id: planned.taskId,
    namespace: definition.namespace,
    name: definition.name,
    version: definition.version,
    status: started ? 'in_progress' : 'pending',
    context: request.context as Record<string, unknown>,
    initiator: row.initiator,
    sourceSystem: row.sourceSystem,
    reason: row.reason,
    tags: row.tags as string[],
    idempotencyKey: row.idempotencyKey,
    correlationId: row.correlationId,
    createdAt,
    updatedAt: createdAt,
    completedAt: null,
    steps: definition.steps.map((step) => {
      const id = idOf.get(step.name) ?? '';
      const running = claimed?.has(id) === true;
      return {
        id,
        name: step.name,
        status: running ? 'in_progress' : 'pending',
        dependsOn:
          step.dependsOn.length < 2
            ? [...step.dependsOn]
            : [...step.dependsOn].sort((a, b) => positionOf(a) - positionOf(b)),
        attempts: running ? 1 : 0,
        maxAttempts: step.maxAttempts,
        retryable: step.retryable,
        results: null,
        error: null,
        lastAttemptedAt: running ? createdAt : null,
        nextRetryAt: null,
        completedAt: null,
      };
    }),
  };
}
