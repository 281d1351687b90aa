import type { StepWorker } from '../../lib/orchestration/step-worker.service';

/**
 * The private parts of StepWorker (lib/orchestration/step-worker.service.ts and the parts it wires)
 * a crash simulation needs. Checked at run time, so a rename in lib fails the test loudly instead
 * of silently simulating nothing.
 */
interface StepWorkerInternals {
  state: string;
  wakeSources: { stopTimers(): void };
  leases: { stop(): void };
  outcomes: { length: number };
  pipeline: { idle: boolean };
}

function internals(worker: StepWorker): StepWorkerInternals {
  const view = worker as unknown as Partial<StepWorkerInternals>;
  for (const field of ['state', 'wakeSources', 'leases', 'outcomes', 'pipeline'] as const) {
    if (!(field in view)) throw new Error(`StepWorker has no "${field}" field: update test/support/worker-control.ts`);
  }
  if (typeof view.wakeSources?.stopTimers !== 'function' || typeof view.leases?.stop !== 'function') {
    throw new Error('StepWorker timers were renamed: update test/support/worker-control.ts');
  }
  if (view.state !== 'running') throw new Error('StepWorker is not running');
  return view as StepWorkerInternals;
}

/**
 * Simulates a crashed (or partitioned) process without touching lib: the worker stops
 * heart-beating, sweeping, polling and claiming — its leases run out — but its in-flight
 * handlers still settle later, and their outcomes are still sent to the database, as a late
 * result from a process that lost its leases would be. Its app can still be closed normally
 * (the drain is skipped: the worker no longer counts as running).
 */
export function crashWorker(worker: StepWorker): void {
  const w = internals(worker);
  w.leases.stop();
  w.wakeSources.stopTimers();
  w.state = 'draining';
}

/** No run in flight, no outcome waiting to be written and no round trip under way. */
export function workerIdle(worker: StepWorker): boolean {
  const w = worker as unknown as Partial<StepWorkerInternals>;
  if (typeof w.outcomes?.length !== 'number' || typeof w.pipeline?.idle !== 'boolean') {
    throw new Error('StepWorker has no "outcomes" buffer or "pipeline": update test/support/worker-control.ts');
  }
  return worker.inFlight === 0 && w.outcomes.length === 0 && w.pipeline.idle;
}
