import type { Logger } from '@nestjs/common';
import type { BatchItemProblem } from '../errors/batch-item-problem';
import { TaskValidationError } from '../errors/task-validation.error';
import { TaskerError } from '../errors/tasker.error';
import type { TaskEventPayload } from '../events/tasker-event-map';
import type { TaskRequest, TaskView } from '../interfaces/task-view.interface';
import {
  createTasksParams,
  createTasksSql,
  tasksByIdempotencyKeySql,
  type CreatedTasksRow,
} from '../persistence/sql/create-tasks.query';
import type { TaskViewRow } from '../persistence/sql/task-view.query';
import type { TaskerDatabase } from '../persistence/tasker-database';
import { toTaskView } from '../persistence/to-task-view';
import type { TaskHandlerRegistry } from '../registry/task-handler.registry';
import { logLine } from '../logging/log-line';
import { checkTaskRequest, newTaskView, planTask, type CheckedRequest, type PlannedTask } from './prepare-task';

/** Requests one `createTasks` call takes at most. */
export const MAX_TASKS_PER_BATCH = 1000;

/** What a batch needs from the module. */
export interface BatchCreationDeps {
  database: Pick<TaskerDatabase, 'query' | 'schema'>;
  registry: Pick<TaskHandlerRegistry, 'resolve'>;
  /** Publishes task.created for a task the batch wrote. */
  publish: (payload: TaskEventPayload) => void;
  /** Tells this process's worker that steps are ready (a no-op when it is not running). */
  wakeWorker: () => void;
  maxContextBytes: number;
  readyChannel: string;
  logger: Pick<Logger, 'debug'>;
}

/**
 * `createTasks`: checks every request first (all or nothing), then writes the whole batch in one
 * statement, whatever its size, and reads the existing holders of idempotency keys that were
 * already taken in one more (only when there are any). Views come back in request order; a
 * request repeating a key answers with the view of the task that holds it (an earlier one of the
 * batch, or an existing one), and nothing is written for it.
 */
export class TaskBatchCreation {
  private readonly createSql: string;
  private readonly holdersSql: string;

  constructor(private readonly deps: BatchCreationDeps) {
    this.createSql = createTasksSql(deps.database.schema);
    this.holdersSql = tasksByIdempotencyKeySql(deps.database.schema);
  }

  async create(requests: readonly TaskRequest[]): Promise<TaskView[]> {
    const checked = this.checkAll(requests);
    // A key repeated within the batch is written once, by its first request.
    const firstOfKey = new Map<string, number>();
    const answerFrom = checked.map((item, index) => {
      const key = keyOf(item);
      if (key === undefined) return index;
      const first = firstOfKey.get(key);
      if (first !== undefined) return first;
      firstOfKey.set(key, index);
      return index;
    });
    const planned = new Map<number, PlannedTask>();
    checked.forEach((item, index) => {
      if (answerFrom[index] === index) planned.set(index, planTask(item, this.deps.readyChannel));
    });
    const rows = await this.deps.database.query<CreatedTasksRow>(
      this.createSql,
      createTasksParams(
        [...planned.values()].map((p) => p.row),
        this.deps.readyChannel,
      ),
    );
    const createdAt = new Map(rows.map((row) => [row.id, row.created_at.toISOString()]));
    const views = new Map<number, TaskView>();
    const taken: PlannedTask[] = [];
    for (const [index, plan] of planned) {
      const at = createdAt.get(plan.taskId);
      if (at === undefined) taken.push(plan);
      else views.set(index, newTaskView(plan, at));
    }
    if (taken.length > 0) await this.answerTaken(taken, planned, views);
    for (const plan of planned.values()) {
      if (!createdAt.has(plan.taskId)) continue;
      const { namespace, name, version } = plan.task.definition;
      this.deps.publish({ taskId: plan.taskId, namespace, name, version });
    }
    if (rows.length > 0) this.deps.wakeWorker();
    this.deps.logger.debug(logLine('Tasks created', { requested: requests.length, created: rows.length }));
    return answerFrom.map((from) => ({ ...(views.get(from) as TaskView) }));
  }

  /** Checks every request; throws the first failure, with every failure by index in `details`. */
  private checkAll(requests: readonly TaskRequest[]): CheckedRequest[] {
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > MAX_TASKS_PER_BATCH) {
      const got = Array.isArray(requests) ? `${requests.length} requests` : `a ${typeof requests}`;
      const error = new TaskValidationError('(batch)', [
        `createTasks takes an array of 1 to ${MAX_TASKS_PER_BATCH} task requests (got ${got})`,
      ]);
      error.details = [];
      throw error;
    }
    const checked: CheckedRequest[] = [];
    const problems: BatchItemProblem[] = [];
    let first: TaskerError | undefined;
    requests.forEach((request: TaskRequest, index) => {
      try {
        checked.push(checkTaskRequest(request, this.deps.registry, this.deps.maxContextBytes));
      } catch (error) {
        if (!(error instanceof TaskerError)) throw error;
        problems.push({ index, code: error.code, message: error.message });
        first ??= error;
      }
    });
    if (first !== undefined) {
      first.details = problems;
      throw first;
    }
    return checked;
  }

  /** Fills the views of planned tasks whose key another task already held when the batch ran. */
  private async answerTaken(
    taken: PlannedTask[],
    planned: Map<number, PlannedTask>,
    views: Map<number, TaskView>,
  ): Promise<void> {
    const rows = await this.deps.database.query<TaskViewRow>(this.holdersSql, [
      taken.map((p) => p.task.definition.namespace),
      taken.map((p) => p.task.definition.name),
      taken.map((p) => p.request.idempotencyKey),
    ]);
    const holders = new Map(
      rows.map((row) => [holderKey(row.namespace, row.name, row.idempotency_key ?? ''), toTaskView(row)]),
    );
    for (const [index, plan] of planned) {
      if (views.has(index)) continue;
      const view = holders.get(keyOf(plan) ?? '');
      // Tasks are never deleted by Tasker, so the holder the insert met is there to read.
      if (view === undefined)
        throw new Error(`The task holding idempotency key ${String(plan.request.idempotencyKey)} could not be read`);
      views.set(index, view);
    }
  }
}

function keyOf(item: CheckedRequest): string | undefined {
  const key = item.request.idempotencyKey;
  if (key === undefined || key === null) return undefined;
  return holderKey(item.task.definition.namespace, item.task.definition.name, key);
}

function holderKey(namespace: string, name: string, key: string): string {
  return `${namespace}\u0000${name}\u0000${key}`;
}
