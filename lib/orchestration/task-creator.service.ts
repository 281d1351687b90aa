import { Inject, Injectable, Logger } from '@nestjs/common';
import { TaskerEventBus } from '../events/tasker-event-bus';
import { DuplicateTaskError } from '../errors/duplicate-task.error';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import type { TaskRequest, TaskView } from '../interfaces/task-view.interface';
import { firstRow } from '../persistence/first-row';
import { readyChannel } from '../persistence/notification-channels';
import { findTaskByIdempotencyKeySql } from '../persistence/sql/create-task.query';
import {
  createAndClaimTaskParams,
  createAndClaimTaskSql,
  type CreatedAndClaimedTaskRow,
  type RootClaim,
} from '../persistence/sql/create-task-claiming.query';
import type { CycleRow } from '../persistence/sql/run-cycle.query';
import { TaskerDatabase } from '../persistence/tasker-database';
import { TaskHandlerRegistry, type RegisteredTask } from '../registry/task-handler.registry';
import { TASKER_OPTIONS } from '../config/tasker.tokens';
import { logLine } from '../logging/log-line';
import { checkTaskRequest, newTaskView, planTask, type PlannedTask } from './prepare-task';
import { TaskBatchCreation } from './task-batch-creation';
import { WorkerControl } from './worker-control.port';

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
 *
 * When this process's worker runs with free slots, `create` reserves them and its statement
 * claims the task's root steps for that worker (as a claim would: lease, attempt, transitions,
 * task started), and the worker starts them as soon as the statement returns: no announcement to
 * wait for and no claim round trip. Roots it cannot take are announced to every worker.
 */
@Injectable()
export class TaskCreator {
  private readonly logger = new Logger(TaskCreator.name);
  private readonly createSql: string;
  private readonly createStatement: string;
  private readonly findDuplicateSql: string;
  private readonly readyChannel: string;
  private readonly batch: TaskBatchCreation;

  constructor(
    private readonly database: TaskerDatabase,
    private readonly registry: TaskHandlerRegistry,
    private readonly events: TaskerEventBus,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
    private readonly worker: WorkerControl,
  ) {
    this.createSql = createAndClaimTaskSql(database.schema);
    // Prepared once per connection: parsing and planning this statement cost as much as running it.
    this.createStatement = `tasker_create_task_${database.schema}`;
    this.findDuplicateSql = findTaskByIdempotencyKeySql(database.schema);
    this.readyChannel = readyChannel(database.schema);
    this.batch = new TaskBatchCreation({
      database,
      registry,
      publish: (payload) => this.events.publish('task.created', payload),
      wakeWorker: () => this.worker.wake(),
      maxContextBytes: options.limits.maxContextBytes,
      readyChannel: this.readyChannel,
      logger: this.logger,
    });
  }

  async create(request: TaskRequest): Promise<TaskView> {
    const checked = checkTaskRequest(request, this.registry, this.options.limits.maxContextBytes);
    const planned = planTask(checked, this.readyChannel);
    const roots = planned.row.steps.filter((step) => step.parents === 0);
    const reserved = this.worker.reserveSlots(roots.length);
    const claim: RootClaim | undefined =
      reserved === 0
        ? undefined
        : {
            workerId: this.worker.workerId,
            leaseMs: this.options.worker.leaseMs,
            stepIds: new Set(roots.slice(0, reserved).map((step) => step.id)),
          };
    const params = createAndClaimTaskParams(planned.row, claim, reserved < roots.length, claim?.workerId ?? '');
    let rows: CreatedAndClaimedTaskRow[];
    // The worker's lease check measures the claim's age from here, on the same clock.
    const claimSentAt = performance.now();
    try {
      rows = await this.database.queryPrepared<CreatedAndClaimedTaskRow>(this.createStatement, this.createSql, params);
    } catch (error) {
      this.worker.adoptClaimed([], reserved);
      if (request.idempotencyKey !== undefined && isIdempotencyConflict(error)) {
        throw await this.duplicateError(checked.task, request.idempotencyKey, error);
      }
      throw error;
    }
    const { taskId } = planned;
    const { namespace, name, version } = checked.task.definition;
    const createdMs = firstRow(rows, 'INSERT INTO tasks').created_ms;
    const createdAt = new Date(createdMs).toISOString();
    this.logger.debug(logLine('Task created', { taskId, task: checked.task.key, claimedRoots: reserved }));
    this.events.publish('task.created', { taskId, namespace, name, version });
    if (claim !== undefined) this.worker.adoptClaimed(claimedRows(planned, claim, createdMs), reserved, claimSentAt);
    return newTaskView(planned, createdAt, claim?.stepIds);
  }

  /** Creates 1..1000 tasks all or nothing; see {@link TaskBatchCreation}. */
  createMany(requests: readonly TaskRequest[]): Promise<TaskView[]> {
    return this.batch.create(requests);
  }

  private async duplicateError(task: RegisteredTask, key: string, cause: unknown): Promise<unknown> {
    const { namespace, name } = task.definition;
    const rows = await this.database.query<{ id: string }>(this.findDuplicateSql, [namespace, name, key]);
    const existing = rows.at(0);
    if (existing === undefined) return cause;
    return new DuplicateTaskError(namespace, name, key, existing.id);
  }
}

/** The claimed root steps as the worker's claim would return them. */
function claimedRows(planned: PlannedTask, claim: RootClaim, createdMs: number): CycleRow[] {
  const rows: CycleRow[] = [];
  for (const step of planned.row.steps) {
    if (!claim.stepIds.has(step.id)) continue;
    rows.push({
      kind: 'claimed',
      step_id: step.id,
      task_id: planned.taskId,
      status: rows.length === 0 ? 'task_started' : null,
      attempt: 1,
      named_task_id: planned.task.namedTaskId,
      step_name: step.name,
      max_attempts: step.maxAttempts,
      retryable: step.retryable,
      timeout_ms: step.timeoutMs,
      // parsed per step, as each claimed row carries its own copy of the stored context
      context: JSON.parse(planned.contextJson) as Record<string, unknown>,
      prior_results: null,
      error: null,
      correlation_id: planned.row.correlationId,
      trace_context: planned.row.traceContext,
      ready_ms: createdMs,
      created_ms: createdMs,
    });
  }
  return rows;
}
