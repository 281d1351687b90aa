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
}
