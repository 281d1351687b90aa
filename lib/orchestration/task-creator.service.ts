import { Inject, Injectable, Logger } from '@nestjs/common';
import { TaskerEventBus } from '../events/tasker-event-bus';
import { DuplicateTaskError } from '../errors/duplicate-task.error';
import { TaskValidationError } from '../errors/task-validation.error';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import type { TaskRequest, TaskView } from '../interfaces/task-view.interface';
import { firstRow } from '../persistence/first-row';
import { readyChannel } from '../persistence/notification-channels';
import {
  createTaskParams,
  createTaskSql,
  findTaskByIdempotencyKeySql,
  type CreatedTaskRow,
} from '../persistence/sql/create-task.query';
import { TaskerDatabase } from '../persistence/tasker-database';
import { toJsonText } from '../persistence/to-json-text';
import { uuidv7 } from '../persistence/uuid';
import { TaskHandlerRegistry, type RegisteredTask } from '../registry/task-handler.registry';
import { TASKER_OPTIONS } from '../tasker.tokens';
import { validateTaskRequest } from './validate-task-request';
import { logLine } from '../logging/log-line';

const UNIQUE_VIOLATION = '23505';
const IDEMPOTENCY_INDEX = 'tasks_idempotency_key_uq';

function isIdempotencyConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === UNIQUE_VIOLATION && (constraint === undefined || constraint === IDEMPOTENCY_INDEX);
}

/**
 * Turns a task request into a task: validates it (shape, handler, context schema), then writes
 * the task, its steps, edges and first transition in one statement. Nothing is written when any
 * check fails.
 */
@Injectable()
export class TaskCreator {
  private readonly logger = new Logger(TaskCreator.name);
  private readonly createSql: string;
  private readonly findDuplicateSql: string;

  constructor(
    private readonly database: TaskerDatabase,
    private readonly registry: TaskHandlerRegistry,
    private readonly events: TaskerEventBus,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
  ) {
    this.createSql = createTaskSql(database.schema);
    this.findDuplicateSql = findTaskByIdempotencyKeySql(database.schema);
  }

  async create(request: TaskRequest): Promise<TaskView> {
    const contextJson = toJsonText(request?.context);
    const shapeErrors = validateTaskRequest(request, contextJson, this.options.limits.maxContextBytes);
    if (shapeErrors.length > 0 || !('text' in contextJson)) {
      const name = typeof request?.name === 'string' ? request.name : '(unnamed task)';
      throw new TaskValidationError(name, shapeErrors);
    }
    const task = this.registry.resolve(request.namespace ?? 'default', request.name, request.version);
    const contextErrors = task.validateContext(request.context);
    if (contextErrors.length > 0) throw new TaskValidationError(task.key, contextErrors);

    try {
      return await this.insert(task, request, contextJson.text);
    } catch (error) {
      if (request.idempotencyKey !== undefined && isIdempotencyConflict(error)) {
        throw await this.duplicateError(task, request.idempotencyKey, error);
      }
      throw error;
    }
  }

  private async insert(task: RegisteredTask, request: TaskRequest, contextJson: string): Promise<TaskView> {
    const { definition } = task;
    const taskId = uuidv7();
    const stepIds = new Map(definition.steps.map((step) => [step.name, uuidv7()]));
    const idOf = (name: string): string => stepIds.get(name) as string;
    const context = request.context as Record<string, unknown>;
    const tags = request.tags ?? [];

    const rows = await this.database.query<CreatedTaskRow>(
      this.createSql,
      createTaskParams({
        taskId,
        namedTaskId: task.namedTaskId,
        namespace: definition.namespace,
        name: definition.name,
        version: definition.version,
        contextJson,
        initiator: request.initiator ?? null,
        sourceSystem: request.sourceSystem ?? null,
        reason: request.reason ?? null,
        tags,
        idempotencyKey: request.idempotencyKey ?? null,
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
        readyChannel: readyChannel(this.database.schema),
      }),
    );
    const row = firstRow(rows, 'INSERT INTO tasks');
    this.logger.debug(logLine('Task created', { taskId, task: task.key }));
    this.events.publish('task.created', {
      taskId,
      namespace: definition.namespace,
      name: definition.name,
      version: definition.version,
    });

    const createdAt = row.created_at.toISOString();
    const positionOf = (name: string): number => task.stepsByName.get(name)?.position ?? 0;
    return {
      id: taskId,
      namespace: definition.namespace,
      name: definition.name,
      version: definition.version,
      status: 'pending',
      context,
      initiator: request.initiator ?? null,
      sourceSystem: request.sourceSystem ?? null,
      reason: request.reason ?? null,
      tags,
      idempotencyKey: request.idempotencyKey ?? null,
      createdAt,
      updatedAt: createdAt,
      completedAt: null,
      steps: definition.steps.map((step) => ({
        id: idOf(step.name),
        name: step.name,
        status: 'pending',
        dependsOn: [...step.dependsOn].sort((a, b) => positionOf(a) - positionOf(b)),
        attempts: 0,
        maxAttempts: step.maxAttempts,
        retryable: step.retryable,
        results: null,
        error: null,
        lastAttemptedAt: null,
        nextRetryAt: null,
        completedAt: null,
      })),
    };
  }

  private async duplicateError(task: RegisteredTask, key: string, cause: unknown): Promise<unknown> {
    const { namespace, name } = task.definition;
    const rows = await this.database.query<{ id: string }>(this.findDuplicateSql, [namespace, name, key]);
    const [existing] = rows;
    if (existing === undefined) return cause;
    return new DuplicateTaskError(namespace, name, key, existing.id);
  }
}
