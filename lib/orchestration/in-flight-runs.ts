import type { AbortReason } from './abort-reasons';
import type { StepRun } from './step-executor.service';

/** The runs this worker has in flight, by step id. */
export class InFlightRuns {
  private readonly runs = new Map<string, StepRun>();
  private emptied: (() => void) | undefined;

  /** Runs in flight. */
  get size(): number {
    return this.runs.size;
  }

  add(run: StepRun): void {
    this.runs.set(run.step.stepId, run);
  }

  /** Forgets a settled run; a {@link drain} waiting for the last one resumes. */
  remove(stepId: string): void {
    this.runs.delete(stepId);
    if (this.runs.size === 0) this.emptied?.();
  }

  /** The run of this step, if it is in flight. */
  get(stepId: string): StepRun | undefined {
    return this.runs.get(stepId);
  }

  /** The steps of the runs in flight. */
  stepIds(): IterableIterator<string> {
    return this.runs.keys();
  }

  /** Aborts the run of this step, if it is in flight. */
  abort(stepId: string, reason: AbortReason): void {
    this.runs.get(stepId)?.abort(reason);
  }

  /** Aborts every run of a task. */
  abortTask(taskId: string, reason: AbortReason): void {
    for (const run of this.runs.values()) if (run.step.taskId === taskId) run.abort(reason);
  }

  /**
   * Waits up to `timeoutMs` for the runs in flight to settle, then aborts those still running
   * with `reason` and waits for them to settle (an aborted run settles at once).
   */
  async drain(timeoutMs: number, reason: AbortReason): Promise<void> {
    if (this.runs.size === 0) return;
    await this.waitUntilEmpty(timeoutMs);
    const remaining = [...this.runs.values()];
    for (const run of remaining) run.abort(reason);
    await Promise.all(remaining.map((run) => run.done));
  }

  private waitUntilEmpty(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      this.emptied = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.emptied = undefined;
    });
  }
}
