import type { Logger } from '@nestjs/common';
import type { ConcurrencyLimitProvider } from '../concurrency/concurrency-limit.provider';
import type { TaskerEventBus } from '../events/tasker-event-bus';
import type { CycleRow, OutcomeToWrite } from '../persistence/sql/run-cycle.query';
import type { TaskHandlerRegistry } from '../registry/task-handler.registry';
import { StepAbortedError } from './abort-reasons';
import { describeError } from './failure-policy';
import type { InFlightRuns } from './in-flight-runs';
import type { OutcomeBuffer, PendingOutcome } from './outcome-buffer';
import { publishOutcomeEvents, publishTaskFinished, writtenOutcome } from './outcome-events';
import type { StepDispatcher } from './step-dispatcher';
import { logLine } from '../logging/log-line';

/** Outcomes written per round trip at most. */
export const MAX_OUTCOMES_PER_CYCLE = 500;

/** The round trip the cycle makes (RunCycleGateway's). */
export interface CycleStatement {
  /** `sent`: called when the statement leaves with a connection (the lease check measures from there). */
  runCycle(claimLimit: number, outcomes: readonly OutcomeToWrite[], sent?: () => void): Promise<CycleRow[]>;
}

/** What the cycle asks of the worker around it. */
export interface ClaimCycleHooks {
  /** Whether the worker claims new work (it does not while draining). */
  claiming(): boolean;
  /** A step this worker scheduled for retry comes due at `time` (ms since the epoch). */
  retryDueAt(time: number): void;
}

/**
 * One worker round trip: writes the buffered outcomes (at most {@link MAX_OUTCOMES_PER_CYCLE})
 * and claims as many due steps as the executor has free slots, when a claim is wanted or outcomes
 * are written anyway; then publishes the events of what the database accepted and dispatches the
 * claimed steps. A claim that filled every free slot asks for another, as more may be due.
 */
export class ClaimCycle {
  private claimWanted = false;

  constructor(
    private readonly statement: CycleStatement,
    private readonly outcomes: OutcomeBuffer,
    private readonly runs: InFlightRuns,
    private readonly concurrency: Pick<ConcurrencyLimitProvider, 'currentLimit'>,
    private readonly dispatcher: Pick<StepDispatcher, 'dispatch'>,
    private readonly events: TaskerEventBus,
    private readonly tasks: Pick<TaskHandlerRegistry, 'byStoredId'>,
    private readonly hooks: ClaimCycleHooks,
    private readonly logger: Pick<Logger, 'debug'>,
    /** A monotonic clock (ms): when each round trip was sent, for the lease check before runs start. */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Asks the next cycle to claim. */
  wantClaim(): void {
    this.claimWanted = true;
  }

  async run(): Promise<void> {
    const batch = this.outcomes.take(MAX_OUTCOMES_PER_CYCLE);
    const free = Math.max(this.concurrency.currentLimit() - this.runs.size, 0);
    const claimLimit = this.hooks.claiming() && (this.claimWanted || batch.length > 0) ? free : 0;
    if (batch.length === 0 && claimLimit === 0) return;
    this.claimWanted = false;
    let rows: CycleRow[];
    let sentAt = this.clock();
    try {
      rows = await this.statement.runCycle(claimLimit, batch, () => {
        sentAt = this.clock();
      });
    } catch (error) {
      this.outcomes.putBack(batch);
      if (claimLimit > 0) this.claimWanted = true;
      throw error;
    }
    this.outcomes.settle();
    const written = new Map<string, PendingOutcome | undefined>(batch.map((p) => [p.stepId, p]));
    const claimed: CycleRow[] = [];
    for (const row of rows) {
      if (row.kind === 'claimed') claimed.push(row);
      else this.onWritten(row, written);
    }
    for (const [stepId, pending] of written) {
      if (pending !== undefined) {
        const { step, outcome } = pending;
        const run =
          step === undefined ? {} : { taskId: step.taskId, stepName: step.stepName, correlationId: step.correlationId };
        this.logger.debug(
          logLine('Outcome discarded: the run no longer held its lease', {
            stepId,
            attempt: pending.attempt,
            ...run,
            durationMs: outcome.durationMs,
          }),
        );
      }
    }
    if (!this.hooks.claiming()) {
      this.giveBack(claimed);
      return;
    }
    if (claimLimit > 0 && claimed.length === claimLimit) this.claimWanted = true;
    this.dispatcher.dispatch(claimed, sentAt);
  }

  /**
   * Steps claimed by a round trip that was sent while the worker claimed and answered after it began
   * to stop: none is started (the drain may be over), each is released, due again at once. The
   * releases are outcomes like any other, so the pipeline's next turn (or the stop's flush) writes them.
   */
  private giveBack(claimed: readonly CycleRow[]): void {
    const error = describeError(
      new StepAbortedError('shutdown', 'The worker began to stop before the claim was answered'),
    );
    this.outcomes.releaseClaimed(claimed, error);
    if (claimed.length > 0) {
      this.logger.debug(logLine('Claimed steps released: the worker is stopping', { steps: claimed.length }));
    }
  }

  private onWritten(row: CycleRow, written: Map<string, PendingOutcome | undefined>): void {
    if (row.kind === 'task') {
      publishTaskFinished(this.events, row, this.tasks.byStoredId(row.named_task_id ?? -1));
      return;
    }
    const pending = row.step_id === null ? undefined : written.get(row.step_id);
    if (pending === undefined || row.step_id === null) return;
    written.set(row.step_id, undefined);
    const outcome = writtenOutcome(pending.outcome, row);
    if (pending.step !== undefined) publishOutcomeEvents(this.events, pending.step, outcome);
    if (outcome.kind === 'retry') this.hooks.retryDueAt(Date.now() + outcome.delayMs);
  }
}
