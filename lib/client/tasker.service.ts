import { Injectable } from '@nestjs/common';
import type { OperatorActionOptions } from '../interfaces/operator-action-options.interface';
import type {
  TaskExplanation,
  TaskList,
  TaskListQuery,
  TaskRequest,
  TaskView,
} from '../interfaces/task-view.interface';
import { TaskCreator } from '../orchestration/task-creator.service';
import { TaskOperator } from '../orchestration/task-operator.service';
import { TaskWaiter } from '../orchestration/task-waiter.service';
import { TaskExplainer } from '../orchestration/task-explainer.service';
import { WorkerControl } from '../orchestration/worker-control.port';
import { TaskReader } from '../persistence/task-reader';

/**
 * The client of Tasker: create, read, wait for, explain and operate tasks. Inject it anywhere.
 * @publicApi
 */
@Injectable()
export class TaskerService {
  constructor(
    private readonly creator: TaskCreator,
    private readonly reader: TaskReader,
    private readonly explainer: TaskExplainer,
    private readonly waiter: TaskWaiter,
    private readonly operator: TaskOperator,
    private readonly worker: WorkerControl,
  ) {}

  /** Validates the request and creates the task with its steps; root steps are ready at once. */
  createTask(request: TaskRequest): Promise<TaskView> {
    return this.creator.create(request);
  }

  /**
   * Creates 1..1000 tasks in one transaction, all or nothing: every request is checked first, and
   * a failure rejects the call with the first offending request's error, its `details` naming
   * every offending index (`[{ index, code, message }]`). Views come back in request order; a
   * request whose `idempotencyKey` is already taken (or repeats within the batch) gets the view of
   * the task holding it, and nothing is written for it.
   */
  createTasks(requests: TaskRequest[]): Promise<TaskView[]> {
    return this.creator.createMany(requests);
  }

  /** The task with its steps in dependency order; `TaskNotFoundError` when absent. */
  getTask(id: string): Promise<TaskView> {
    return this.reader.get(id);
  }

  /** A page of tasks (newest first) and the total matching the filters. */
  listTasks(query?: TaskListQuery): Promise<TaskList> {
    return this.reader.list(query);
  }

  /** Resolves when the task is terminal (`complete`, `error`, `cancelled`); `TaskWaitTimeoutError` after `timeoutMs` [60000]. */
  waitForTask(id: string, options: { timeoutMs?: number } = {}): Promise<TaskView> {
    return this.waiter.wait(id, options.timeoutMs);
  }

  /**
   * Cancels a pending, running or failed task: no further step runs; running ones are aborted.
   * The transitions record `options.actor` [`'operator'`] and `options.reason` as a cancel.
   */
  cancelTask(id: string, options?: OperatorActionOptions): Promise<TaskView> {
    return this.operator.cancel(id, options);
  }

  /**
   * Gives a step in `error` a fresh set of attempts and puts its task back in play. The
   * transitions record `options.actor` [`'operator'`] and `options.reason` as a retry.
   */
  retryStep(taskId: string, stepName: string, options?: OperatorActionOptions): Promise<TaskView> {
    return this.operator.retryStep(taskId, stepName, options);
  }

  /**
   * Marks a pending, waiting or failed step as resolved with `results`; its dependants run. The
   * transitions record `options.actor` [`'operator'`] and `options.reason` as a resolve.
   */
  resolveStepManually(
    taskId: string,
    stepName: string,
    results?: unknown,
    options?: OperatorActionOptions,
  ): Promise<TaskView> {
    return this.operator.resolveStep(taskId, stepName, results, options);
  }

  /** Why each step of the task is, or is not, running. */
  explainTask(id: string): Promise<TaskExplanation> {
    return this.explainer.explain(id);
  }

  /** Starts this process's worker (with `worker.autoStart: false`); a no-op when it runs. */
  startWorker(): Promise<void> {
    return this.worker.start();
  }

  /** Drains and stops this process's worker (as on shutdown). */
  stopWorker(): Promise<void> {
    return this.worker.stop();
  }
}
