import { Injectable } from '@nestjs/common';
import type { ClaimedStep } from './claimed-step';

/** Called as a claimed step's run starts, with the time it started. */
export type StepStartObserver = (step: ClaimedStep, startedAt: Date) => void;

/**
 * In-process listeners to run starts, for what needs the claim's own data (its ready and creation
 * times), which the public `step.started` event does not carry: the metrics' wait histograms. The
 * dispatcher calls them synchronously as each run starts, so they must be cheap and must not throw.
 */
@Injectable()
export class StepStartObservers {
  private readonly observers: StepStartObserver[] = [];

  /** Whether anything listens (the dispatcher skips the clock read when not). */
  get active(): boolean {
    return this.observers.length > 0;
  }

  /** Adds an observer; returns the function that removes it. */
  add(observer: StepStartObserver): () => void {
    this.observers.push(observer);
    return () => {
      const index = this.observers.indexOf(observer);
      if (index >= 0) this.observers.splice(index, 1);
    };
  }

  /** Tells every observer that `step` started now. */
  notify(step: ClaimedStep): void {
    const startedAt = new Date();
    for (const observer of this.observers) observer(step, startedAt);
  }
}
