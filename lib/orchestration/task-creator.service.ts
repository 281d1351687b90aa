import { Inject, Injectable, Logger } from '@nestjs/common';
import { TaskerEventBus } from '../events/tasker-event-bus';
import { DuplicateTaskError } from '../errors/duplicate-task.error';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import type { TaskRequest, TaskView } from '../interfaces/task-view.interface';
import { readyChannel } from '../persistence/notification-channels';
import {
  createTaskParams,
  createTaskSql,
  findTaskByIdempotencyKeySql,
  type CreatedTaskRow,
} from '../persistence/sql/create-task.query';
import { TaskerDatabase } from '../persistence/tasker-database';
import { TaskHandlerRegistry, type RegisteredTask } from '../registry/task-handler.registry';
import { TASKER_OPTIONS } from '../tasker.tokens';
import { logLine } from '../logging/log-line';
import { checkTaskRequest, newTaskView, planTask } from './prepare-task';
import { TaskBatchCreation } from './task-batch-creation';

const UNIQUE_VIOLATION = '23505';
const IDEMPOTENCY_INDEX = 'tasks_idempotency_key_uq';

function isIdempotencyConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === UNIQUE_VIOLATION && (constraint === undefined || constraint === IDEMPOTENCY_INDEX);
}

/**
 * Turns task requests into tasks: validates each (shape, handler, context schema), then writes
 * the task, its steps, edges and first transition in one statement. Nothing is written when any
 * check fails. `createMany` does the same for a batch, all or nothing, in one statement.
 */
@Injectable()
export class TaskCreator {
  private readonly logger = new Logger(TaskCreator.name);
  private readonly createSql: string;
  private readonly findDuplicateSql: string;
  private readonly readyChannel: string;
  private readonly batch: TaskBatchCreation;

  constructor(
    private readonly database: TaskerDatabase,
    private readonly registry: TaskHandlerRegistry,
    private readonly events: TaskerEventBus,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
  ) {
    this.createSql = createTaskSql(database.schema);
    this.findDuplicateSql = findTaskByIdempotencyKeySql(database.schema);
    this.readyChannel = readyChannel(database.schema);
    this.batch = new TaskBatchCreation({
      database,
      registry,
      publish: (payload) => this.events.publish('task.created', payload),
      maxContextBytes: options.limits.maxContextBytes,
      readyChannel: this.readyChannel,
      logger: this.logger,
    });
  }

  async create(request: TaskRequest): Promise<TaskView> {
    const checked = checkTaskRequest(request, this.registry, this.options.limits.maxContextBytes);
    const planned = planTask(checked, this.readyChannel);
    let row: CreatedTaskRow | undefined;
    try {
      [row] = await this.database.query<CreatedTaskRow>(this.createSql, createTaskParams(planned.row));
    } catch (error) {
      if (request.idempotencyKey !== undefined && isIdempotencyConflict(error)) {
        throw await this.duplicateError(checked.task, request.idempotencyKey, error);
      }
      throw error;
    }
    const { taskId } = planned;
    const { namespace, name, version } = checked.task.definition;
    this.logger.debug(logLine('Task created', { taskId, task: checked.task.key }));
    this.events.publish('task.created', { taskId, namespace, name, version });
    return newTaskView(planned, (row as CreatedTaskRow).created_at.toISOString());
  }

  /** Creates 1..1000 tasks all or nothing; see {@link TaskBatchCreation}. */
  createMany(requests: readonly TaskRequest[]): Promise<TaskView[]> {
    return this.batch.create(requests);
  }

  private async duplicateError(task: RegisteredTask, key: string, cause: unknown): Promise<unknown> {
    const { namespace, name } = task.definition;
    const rows = await this.database.query<{ id: string }>(this.findDuplicateSql, [namespace, name, key]);
    if (rows.length === 0) return cause;
    return new DuplicateTaskError(namespace, name, key, (rows[0] as { id: string }).id);
  }
}
