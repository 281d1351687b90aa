import type { StepErrorView } from '../interfaces/task-view.interface';

/** What every event carries. @publicApi */
export interface TaskEventPayload {
  taskId: string;
  namespace: string;
  name: string;
  version: string;
}

/** What every step event carries. @publicApi */
export interface StepEventPayload extends TaskEventPayload {
  stepId: string;
  stepName: string;
  attempt: number;
}

/**
 * The event catalog: each name with its payload. Events are published after
 * the change commits, once per occurrence, to the subscribers of the process that made the change.
 * @publicApi
 */
export interface TaskerEventMap {
  /** A task was created (its root steps are ready). */
  'task.created': TaskEventPayload;
  /** The first step of a task was claimed. */
  'task.started': TaskEventPayload;
  /** Every step is complete or resolved. */
  'task.completed': TaskEventPayload;
  /** A step is in error and nothing else can run; `error` is that step's last failure. */
  'task.failed': TaskEventPayload & { error: StepErrorView | null };
  /** An operator cancelled the task. */
  'task.cancelled': TaskEventPayload;
  /** Reserved for resolving a whole task (not offered in this version). */
  'task.resolved_manually': TaskEventPayload;
  /** A worker started a run of the step. */
  'step.started': StepEventPayload;
  /** The run succeeded; the step's results are stored. */
  'step.completed': StepEventPayload & { durationMs: number };
  /** The run failed and the step is in error (no attempts left, or not retryable). */
  'step.failed': StepEventPayload & { durationMs: number; error: StepErrorView };
  /** The run failed and another attempt is scheduled. */
  'step.retry_scheduled': StepEventPayload & { durationMs: number; error: StepErrorView; retryInMs: number };
  /** The step was cancelled with its task. */
  'step.cancelled': StepEventPayload;
  /** An operator resolved the step manually. */
  'step.resolved_manually': StepEventPayload;
}

/** A catalog event name. @publicApi */
export type TaskerEventName = keyof TaskerEventMap;

/** A custom event published by a handler through `ctx.publish`. @publicApi */
export type CustomEventPayload = StepEventPayload & { event: string } & Record<string, unknown>;

/** Every catalog event name. */
export const TASKER_EVENT_NAMES: readonly TaskerEventName[] = [
  'task.created',
  'task.started',
  'task.completed',
  'task.failed',
  'task.cancelled',
  'task.resolved_manually',
  'step.started',
  'step.completed',
  'step.failed',
  'step.retry_scheduled',
  'step.cancelled',
  'step.resolved_manually',
];
