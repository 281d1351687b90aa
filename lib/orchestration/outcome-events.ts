import type { TaskerEventBus } from '../events/tasker-event-bus';
import type { CycleRow } from '../persistence/sql/run-cycle.query';
import type { RegisteredTask } from '../registry/task-handler.registry';
import type { ClaimedStep, RunOutcome } from './claimed-step';

/** Publishes the event of an outcome the database accepted. */
export function publishOutcomeEvents(events: TaskerEventBus, step: ClaimedStep, outcome: RunOutcome): void {
  const { namespace, name, version } = step.task.definition;
  const base = { taskId: step.taskId, namespace, name, version, stepId: step.stepId, stepName: step.stepName, attempt: step.attempt };
  switch (outcome.kind) {
    case 'complete':
      events.publish('step.completed', { ...base, durationMs: outcome.durationMs });
      return;
    case 'retry':
      events.publish('step.retry_scheduled', { ...base, durationMs: outcome.durationMs, error: outcome.error, retryInMs: outcome.delayMs });
      return;
    case 'error':
      events.publish('step.failed', { ...base, durationMs: outcome.durationMs, error: outcome.error });
      return;
    case 'abandon':
      return;
  }
}

/** Publishes task.completed or task.failed for a task the database just finished. */
export function publishTaskFinished(events: TaskerEventBus, row: CycleRow, task: RegisteredTask | undefined): void {
  if (task === undefined) return;
  const { namespace, name, version } = task.definition;
  const base = { taskId: row.task_id, namespace, name, version };
  if (row.status === 'complete') events.publish('task.completed', base);
  else if (row.status === 'error') events.publish('task.failed', { ...base, error: row.error });
}
