import { LeaseExpiredError } from '../errors/lease-expired.error';
import type { TaskerEventBus } from '../events/tasker-event-bus';
import type { StepEventPayload } from '../events/tasker-event-map';
import type { CycleRow } from '../persistence/sql/run-cycle.query';
import type { RegisteredTask } from '../registry/task-handler.registry';
import type { ClaimedStep, RunOutcome } from './claimed-step';
import { describeError } from './failure-policy';

/** The lease owner of a swept run whose row carries no error (the sweep always records one). */
const LOST_OWNER = 'unknown';

/** The fields every event about a run of this step carries. */
export function stepEventPayload(step: ClaimedStep): StepEventPayload {
  const { namespace, name, version } = step.task.definition;
  return {
    taskId: step.taskId,
    namespace,
    name,
    version,
    stepId: step.stepId,
    stepName: step.stepName,
    attempt: step.attempt,
  };
}

const OUTCOME_EVENTS = { complete: 'step.completed', retry: 'step.retry_scheduled', error: 'step.failed' } as const;

/** Publishes the event of an outcome the database accepted (payloads are built only for listeners). */
export function publishOutcomeEvents(events: TaskerEventBus, step: ClaimedStep, outcome: RunOutcome): void {
  if (outcome.kind === 'abandon' || !events.hasListeners(OUTCOME_EVENTS[outcome.kind])) return;
  const base = stepEventPayload(step);
  switch (outcome.kind) {
    case 'complete':
      events.publish('step.completed', { ...base, durationMs: outcome.durationMs });
      return;
    case 'retry':
      events.publish('step.retry_scheduled', {
        ...base,
        durationMs: outcome.durationMs,
        error: outcome.error,
        retryInMs: outcome.delayMs,
      });
      return;
    case 'error':
      events.publish('step.failed', { ...base, durationMs: outcome.durationMs, error: outcome.error });
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

/**
 * Publishes the outcome of a run lost to an expired lease (found by a sweep). `durationMs` is 0:
 * the sweeper cannot know how long the lost run lasted.
 */
export function publishLeaseLoss(events: TaskerEventBus, row: CycleRow, task: RegisteredTask): void {
  const { namespace, name, version } = task.definition;
  const base = {
    taskId: row.task_id,
    namespace,
    name,
    version,
    stepId: row.step_id ?? '',
    stepName: row.step_name ?? '',
    attempt: row.attempt ?? 0,
  };
  const error = row.error ?? describeError(new LeaseExpiredError(LOST_OWNER, base.attempt), 'Lease expired');
  if (row.status === 'error') events.publish('step.failed', { ...base, durationMs: 0, error });
  else events.publish('step.retry_scheduled', { ...base, durationMs: 0, error, retryInMs: row.retry_in_ms ?? 0 });
}
