import type { Logger } from '@nestjs/common';
import { customEventNameProblem } from '../events/custom-event-name';
import type { TaskerEventBus } from '../events/tasker-event-bus';
import { InvalidEventNameError } from '../errors/invalid-event-name.error';
import { TaskHandlerNotFoundError } from '../errors/task-handler-not-found.error';
import type { ResolvedBackoffOptions } from '../interfaces/backoff-options.interface';
import type { CycleRow } from '../persistence/sql/run-cycle.query';
import type { RegisteredTask, TaskHandlerRegistry } from '../registry/task-handler.registry';
import { toClaimedStep, type ClaimedStep, type RunError, type RunOutcome } from './claimed-step';
import { decideFailure, describeError } from './failure-policy';
import type { InFlightRuns } from './in-flight-runs';
import type { OutcomeBuffer, PendingOutcome } from './outcome-buffer';
import { stepEventPayload } from './outcome-events';
import type { StepExecutor, StepRun } from './step-executor.service';
import type { StepStartObservers } from './step-start-observers';
import { logLine } from '../logging/log-line';

const NOT_REGISTERED_HERE = 'No handler for this task is registered in the process that claimed it';

/** How the dispatcher checks a claim's lease before starting its run. */
export interface LeaseCheck {
  /** The lease the claim took. */
  leaseMs: number;
  /** The monotonic clock the claim's send time was read from (ms). */
  clock: () => number;
}

/**
 * Starts the runs of claimed steps, and buffers their outcomes as they finish. A claimed step this
 * process cannot run (its task is not registered here) is a failed attempt, decided by the
 * failure policy like any other.
 *
 * Before starting a run it checks the claim's lease: a claim sent `leaseMs` or more ago (the process
 * was paused, or the answer took that long) may already belong to another worker, whose sweep could
 * have expired it and run the step again. Such a step is not started (no side effect); it is given
 * back instead (a release, which the database ignores when the lease is gone), and its lease is
 * otherwise left to expire.
 */
export class StepDispatcher {
  constructor(
    private readonly tasks: Pick<TaskHandlerRegistry, 'byStoredId'>,
    private readonly executor: Pick<StepExecutor, 'start'>,
    private readonly events: TaskerEventBus,
    private readonly runs: InFlightRuns,
    private readonly outcomes: OutcomeBuffer,
    private readonly backoff: ResolvedBackoffOptions,
    /** Called when a run finished and its outcome waits to be written. */
    private readonly finished: () => void,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly leaseCheck?: LeaseCheck,
    private readonly startObservers?: StepStartObservers,
  ) {}

  /**
   * Starts a run for each claimed row (publishing task.started for tasks the claim started).
   * `claimSentAt`: when the round trip that claimed them was sent (the lease check's clock).
   */
  dispatch(rows: readonly CycleRow[], claimSentAt?: number): void {
    if (claimSentAt !== undefined && this.leaseCheck !== undefined && rows.length > 0) {
      const ageMs = this.leaseCheck.clock() - claimSentAt;
      if (ageMs >= this.leaseCheck.leaseMs) {
        this.giveBack(rows, ageMs);
        return;
      }
    }
    const startedTasks = new Set<string>();
    for (const row of rows) {
      const task = this.tasks.byStoredId(row.named_task_id ?? -1);
      const step = task === undefined ? undefined : toClaimedStep(row, task);
      if (step === undefined) {
        this.refuse(row, task);
        continue;
      }
      const { namespace, name, version } = step.task.definition;
      if (row.status === 'task_started' && !startedTasks.has(step.taskId)) {
        startedTasks.add(step.taskId);
        this.events.publish('task.started', { taskId: step.taskId, namespace, name, version });
      }
      if (this.events.hasListeners('step.started')) this.events.publish('step.started', stepEventPayload(step));
      if (this.startObservers?.active === true) this.startObservers.notify(step);
      const run = this.executor.start(step, (event, payload) => this.publishCustom(step, event, payload));
      this.runs.add(run);
      void run.done.then((outcome) => this.onRunDone(run, outcome));
    }
  }

  private giveBack(rows: readonly CycleRow[], ageMs: number): void {
    const leaseMs = this.leaseCheck?.leaseMs;
    this.logger.warn(
      logLine('Claimed steps not started: their claim is older than the lease, another worker may run them', {
        steps: rows.length,
        claimAgeMs: Math.round(ageMs),
        leaseMs,
      }),
    );
    const error = {
      message: `The claim was ${Math.round(ageMs)} ms old, past the ${leaseMs} ms lease`,
      code: 'CLAIM_TOO_OLD',
      type: 'StepAbortedError',
    };
    this.outcomes.releaseClaimed(rows, error);
    this.finished();
  }

  private refuse(row: CycleRow, task: RegisteredTask | undefined): void {
    this.logger.warn(
      logLine('Claimed a step whose task is not registered in this process', {
        taskId: row.task_id,
        stepName: row.step_name,
        attempt: row.attempt,
        correlationId: row.correlation_id,
        namedTaskId: row.named_task_id,
      }),
    );
    if (row.step_id === null) return;
    const error = notRegisteredError(row, task);
    const attempt = row.attempt ?? 1;
    const state = { attempt, maxAttempts: row.max_attempts ?? 1, retryable: row.retryable ?? false };
    const decision = decideFailure({ kind: 'task_not_registered' }, state, this.backoff);
    const outcome: PendingOutcome['outcome'] =
      decision.kind === 'retry'
        ? { kind: 'retry', error, delayMs: decision.delayMs, durationMs: 0 }
        : { kind: 'error', error, durationMs: 0 };
    this.outcomes.add({ stepId: row.step_id, attempt, step: undefined, outcome });
  }

  private onRunDone(run: StepRun, outcome: RunOutcome): void {
    this.runs.remove(run.step.stepId);
    if (outcome.kind !== 'abandon') {
      this.outcomes.add({ stepId: run.step.stepId, attempt: run.step.attempt, step: run.step, outcome });
    }
    this.finished();
  }

  private publishCustom(step: ClaimedStep, event: string, payload: Record<string, unknown> = {}): void {
    const problem = customEventNameProblem(event);
    if (problem !== undefined) throw new InvalidEventNameError(String(event), problem);
    this.events.publish(event, { ...payload, event, ...stepEventPayload(step) });
  }
}

/**
 * The stored error of a step claimed where its task has no handler: a TaskHandlerNotFoundError.
 * The claim names only the task's stored id, so the message says what happened rather than which
 * task it was (the step's task tells that).
 */
function notRegisteredError(row: CycleRow, task: RegisteredTask | undefined): RunError {
  const definition = task?.definition;
  const cause = new TaskHandlerNotFoundError(
    definition?.namespace ?? 'unknown',
    definition?.name ?? `named task ${row.named_task_id ?? 'unknown'}`,
    definition?.version,
  );
  return describeError(cause, NOT_REGISTERED_HERE);
}
