import { Injectable } from '@nestjs/common';
import { OPERATOR_ACTION_FROM } from '../domain/statuses';
import { TaskerEventBus } from '../events/tasker-event-bus';
import { InvalidStateTransitionError } from '../errors/invalid-state-transition.error';
import { StepNotFoundError } from '../errors/step-not-found.error';
import { TaskNotFoundError } from '../errors/task-not-found.error';
import { TaskValidationError } from '../errors/task-validation.error';
import type { OperatorAction, OperatorActionOptions } from '../interfaces/operator-action-options.interface';
import type { TaskView } from '../interfaces/task-view.interface';
import { firstRow } from '../persistence/first-row';
import { cancelChannel, readyChannel } from '../persistence/notification-channels';
import {
  cancelTaskSql,
  resolveStepSql,
  retryStepSql,
  type OperatorActionRow,
} from '../persistence/sql/operator-actions.query';
import { TaskReader } from '../persistence/task-reader';
import { TaskerDatabase } from '../persistence/tasker-database';
import { toJsonText } from '../persistence/to-json-text';
import { isUuid } from '../persistence/uuid';
import { resolveOperatorAction, type ResolvedOperatorAction } from './operator-action';
import { WorkerControl } from './worker-control.port';

/**
 * Operator actions: cancel a task, retry a failed step, resolve a step by hand. Each is one
 * transaction (a SQL function that locks the task first); the returned view already shows its effect.
 * The transitions they write name the operator (actor, action, reason), not this process's worker.
 */
@Injectable()
export class TaskOperator {
  private readonly cancelSql: string;
  private readonly retrySql: string;
  private readonly resolveSql: string;

  constructor(
    private readonly database: TaskerDatabase,
    private readonly reader: TaskReader,
    private readonly worker: WorkerControl,
    private readonly events: TaskerEventBus,
  ) {
    this.cancelSql = cancelTaskSql(database.schema);
    this.retrySql = retryStepSql(database.schema);
    this.resolveSql = resolveStepSql(database.schema);
  }

  async cancel(taskId: string, options?: OperatorActionOptions): Promise<TaskView> {
    if (!isUuid(taskId)) throw new TaskNotFoundError(String(taskId));
    const { actor, reason } = checkedOptions('cancel', `task ${taskId}`, options);
    const rows = await this.database.query<OperatorActionRow>(this.cancelSql, [
      taskId,
      actor,
      reason,
      cancelChannel(this.database.schema),
    ]);
    const head = firstRow(rows, 'cancel_task()');
    if (head.outcome === 'not_found') throw new TaskNotFoundError(taskId);
    if (head.outcome === 'invalid_task') {
      throw new InvalidStateTransitionError(
        'cancel',
        `task ${taskId}`,
        head.detail ?? 'unknown',
        OPERATOR_ACTION_FROM.cancelTask,
      );
    }
    this.worker.abortTask(taskId, 'cancelled');
    const view = await this.reader.get(taskId);
    const task = { taskId, namespace: view.namespace, name: view.name, version: view.version };
    for (const row of rows.slice(1)) {
      this.events.publish('step.cancelled', {
        ...task,
        stepId: row.step_id ?? '',
        stepName: row.step_name ?? '',
        attempt: row.attempt ?? 0,
      });
    }
    this.events.publish('task.cancelled', task);
    return view;
  }

  async retryStep(taskId: string, stepName: string, options?: OperatorActionOptions): Promise<TaskView> {
    if (!isUuid(taskId)) throw new TaskNotFoundError(String(taskId));
    const { actor, reason } = checkedOptions('retry', `step ${stepName}`, options);
    const rows = await this.database.query<OperatorActionRow>(this.retrySql, [
      taskId,
      stepName,
      actor,
      reason,
      readyChannel(this.database.schema),
    ]);
    const row = firstRow(rows, 'retry_step()');
    this.raiseFor(row, 'retry', taskId, stepName, OPERATOR_ACTION_FROM.retryStep);
    this.worker.wake();
    return this.reader.get(taskId);
  }

  async resolveStep(
    taskId: string,
    stepName: string,
    results: unknown = null,
    options?: OperatorActionOptions,
  ): Promise<TaskView> {
    if (!isUuid(taskId)) throw new TaskNotFoundError(String(taskId));
    const json = toJsonText(results);
    if ('problem' in json) {
      throw new TaskValidationError(`step ${stepName}`, [`results must be serialisable as JSON (${json.problem})`]);
    }
    const { actor, reason } = checkedOptions('resolve', `step ${stepName}`, options);
    const rows = await this.database.query<OperatorActionRow>(this.resolveSql, [
      taskId,
      stepName,
      json.text,
      actor,
      reason,
      readyChannel(this.database.schema),
    ]);
    const row = firstRow(rows, 'resolve_step()');
    this.raiseFor(row, 'resolve', taskId, stepName, OPERATOR_ACTION_FROM.resolveStep);
    this.worker.wake();
    const view = await this.reader.get(taskId);
    const task = { taskId, namespace: view.namespace, name: view.name, version: view.version };
    const step = view.steps.find((candidate) => candidate.name === stepName);
    this.events.publish('step.resolved_manually', {
      ...task,
      stepId: step?.id ?? '',
      stepName,
      attempt: step?.attempts ?? 0,
    });
    if (row.task_status === 'complete') this.events.publish('task.completed', task);
    if (row.task_status === 'error') this.events.publish('task.failed', { ...task, error: null });
    return view;
  }

  private raiseFor(
    row: OperatorActionRow,
    action: string,
    taskId: string,
    stepName: string,
    allowed: readonly string[],
  ): void {
    switch (row.outcome) {
      case 'not_found':
        throw new TaskNotFoundError(taskId);
      case 'step_not_found':
        throw new StepNotFoundError(taskId, stepName);
      case 'invalid_task':
        throw new InvalidStateTransitionError(
          action,
          `step "${stepName}" of task ${taskId}`,
          `in a ${row.detail ?? 'finished'} task`,
          ['in a task that is not cancelled'],
        );
      case 'invalid_step':
        throw new InvalidStateTransitionError(
          action,
          `step "${stepName}" of task ${taskId}`,
          row.detail ?? 'unknown',
          allowed,
        );
      default:
        return;
    }
  }
}

/** The resolved options of an operator action; `TaskValidationError` naming the field when they are malformed. */
function checkedOptions(action: OperatorAction, target: string, options: unknown): ResolvedOperatorAction {
  const resolved = resolveOperatorAction(options);
  if ('errors' in resolved) throw new TaskValidationError(`${action} of ${target}`, resolved.errors);
  return resolved;
}
