import type { CycleRow } from '../persistence/sql/run-cycle.query';
import type { AbortReason } from './abort-reasons';

/**
 * What client-facing services may ask of this process's worker: start and stop it, make it look
 * for due steps now, and abort the runs of a task. Clients depend on this rather than on the worker
 * itself, so the worker's internals stay free to change. An abstract class rather than an
 * interface so that it is also the injection token (the module binds it to the worker with
 * `useExisting`), and constructor parameters typed with it keep a real class in their metadata.
 */
export abstract class WorkerControl {
  /** Whether the worker is claiming work. */
  abstract readonly isRunning: boolean;
  /** Steps running in this process now. */
  abstract readonly inFlight: number;
  /** Starts claiming and running steps; a no-op when it runs. */
  abstract start(): Promise<void>;
  /** Drains and stops the worker; a no-op when it is stopped. */
  abstract stop(): Promise<void>;
  /** Asks the worker to look for due steps (a no-op when it is stopped). */
  abstract wake(): void;
  /** Aborts this process's runs of a task; their results are discarded. */
  abstract abortTask(taskId: string, reason: AbortReason): void;
  /** The id the worker's leases and transitions carry. */
  abstract readonly workerId: string;
  /**
   * Sets aside up to `wanted` of the worker's free slots for steps that a statement of this
   * process (task creation) claims for it; returns how many (0 when it is not running or full).
   * Every reservation must end in {@link adoptClaimed}, with the rows claimed (none on failure).
   */
  abstract reserveSlots(wanted: number): number;
  /**
   * Starts steps claimed for this worker by another statement of this process (rows shaped as a
   * claim returns them, under this worker's lease), and ends a reservation of `reserved` slots.
   * `claimSentAt`: `performance.now()` when the claiming statement was sent; a claim that old by
   * the lease or more (the statement waited on a lock, or the process was paused) is given back,
   * not started, as the worker's own claims are: another worker may already run those steps.
   */
  abstract adoptClaimed(rows: readonly CycleRow[], reserved: number, claimSentAt?: number): void;
}
