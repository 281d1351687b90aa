import type { OutcomeToWrite } from '../persistence/sql/run-cycle.query';
import type { CycleRow } from '../persistence/sql/run-cycle.query';
import type { ClaimedStep, RunError, RunOutcome } from './claimed-step';

/** A finished run's outcome waiting to be written. */
export interface PendingOutcome extends OutcomeToWrite {
  readonly stepId: string;
  readonly attempt: number;
  /** The run's step, for the events; absent for a step refused because its task is unknown here. */
  readonly step: ClaimedStep | undefined;
  readonly outcome: Exclude<RunOutcome, { kind: 'abandon' }>;
}

/**
 * The outcomes of finished runs, oldest first, until a round trip writes them. A batch that could
 * not be written goes back to the front, so outcomes are written in the order runs finished. The
 * batch of the round trip under way still counts as waiting (its leases must be kept) until the
 * round trip ends: {@link settle} or {@link putBack}.
 */
export class OutcomeBuffer {
  private readonly pending: PendingOutcome[] = [];
  private writing: readonly PendingOutcome[] = [];

  /** Outcomes waiting. */
  get length(): number {
    return this.pending.length;
  }

  add(outcome: PendingOutcome): void {
    this.pending.push(outcome);
  }

  /**
   * Gives claimed steps back without running them: each becomes a `release` outcome (due again at
   * once, the attempt not counted), written by the next round trip like any other outcome.
   */
  releaseClaimed(rows: readonly CycleRow[], error: RunError): void {
    for (const row of rows) {
      if (row.step_id === null) continue;
      this.add({
        stepId: row.step_id,
        attempt: row.attempt ?? 1,
        step: undefined,
        outcome: { kind: 'release', error, durationMs: 0 },
      });
    }
  }

  /** Removes and returns the oldest `max` outcomes (fewer when fewer wait): the batch being written. */
  take(max: number): PendingOutcome[] {
    const batch = this.pending.splice(0, max);
    this.writing = batch;
    return batch;
  }

  /** The batch taken last was written. */
  settle(): void {
    this.writing = [];
  }

  /** Puts back, in front, a batch taken but not written. */
  putBack(batch: readonly PendingOutcome[]): void {
    this.writing = [];
    this.pending.unshift(...batch);
  }

  /** The steps whose outcomes wait or are being written: their leases must be kept until they are written. */
  stepIds(): string[] {
    return [...this.writing, ...this.pending].map((pending) => pending.stepId);
  }
}
