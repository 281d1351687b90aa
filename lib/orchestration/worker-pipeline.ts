import { AsyncResource } from 'node:async_hooks';

/** What the pipeline runs, and asks, on each turn. */
export interface PipelineWork {
  /** One turn: the worker's due statements, one round trip at a time. */
  turn(): Promise<void>;
  /** Whether work is left that needs another turn (outcomes not yet written). */
  backlog(): boolean;
  /** A turn failed; the pipeline tries again after `retryInMs`, and no kick starts a turn before then. */
  failed(error: unknown, retryInMs: number): void;
  /** A turn succeeded after `failures` failed ones. */
  recovered?(failures: number): void;
}

/** Delay before the retry that follows `failures` consecutive failed turns: 200 ms doubling, at most 5 s. */
export function pipelineRetryDelayMs(failures: number): number {
  return Math.min(100 * 2 ** failures, 5000);
}

/**
 * The worker's one serial pipeline: at most one turn runs at a time, and kicks that arrive while
 * one runs are folded into one more turn. A turn starts one turn of the event loop after the
 * first kick, so that runs finishing together share one round trip instead of the first taking it
 * alone. A failed turn is retried after a growing delay, and the delay holds: kicks that arrive
 * meanwhile (polls, notifications, finished runs, sweeps) are folded into the retry instead of
 * each sending a round trip to a database that is down.
 */
export class WorkerPipeline {
  private pump: Promise<void> | undefined;
  private kickImmediate: NodeJS.Immediate | undefined;
  private again = false;
  private failures = 0;
  private closed = true;
  private retryTimer: NodeJS.Timeout | undefined;
  /**
   * Starts the pump in the async context the pipeline was built in (the app's bootstrap), not in
   * the kicker's: a kick from an HTTP request's createTask must not make the request's
   * AsyncLocalStorage state (a request logger, a tenant) the worker's and every later run's.
   */
  private readonly startDetached: () => void;

  constructor(private readonly work: PipelineWork) {
    this.startDetached = AsyncResource.bind(() => this.startPump());
  }

  /** No turn running nor about to start. */
  get idle(): boolean {
    return this.pump === undefined && this.kickImmediate === undefined;
  }

  /** A turn failed and the retry is waiting out its delay. */
  get backingOff(): boolean {
    return this.retryTimer !== undefined;
  }

  /** Accepts kicks. */
  open(): void {
    this.closed = false;
  }

  /**
   * Starts a turn unless one runs or is about to; a running turn is followed by another, which
   * picks the new work up.
   */
  kick(): void {
    if (this.pump !== undefined) {
      this.again = true;
      return;
    }
    if (this.kickImmediate !== undefined || this.closed || this.retryTimer !== undefined) return;
    this.kickImmediate = setImmediate(() => {
      this.kickImmediate = undefined;
      this.startDetached();
    });
  }

  /**
   * Runs turns until no backlog is left, or gives up after `rounds` attempts; resolves true when
   * nothing is left.
   */
  async flush(rounds = 5): Promise<boolean> {
    for (let round = 0; round < rounds; round++) {
      if (this.pump !== undefined) {
        await this.pump;
        continue;
      }
      if (!this.work.backlog()) break;
      this.startPump();
    }
    return !this.work.backlog();
  }

  /** Resolves once no turn runs (turns that follow the one under way included). */
  async settled(): Promise<void> {
    while (this.pump !== undefined) await this.pump;
  }

  /** Refuses kicks and cancels pending starts and retries; a turn under way finishes. */
  close(): void {
    this.closed = true;
    if (this.kickImmediate !== undefined) clearImmediate(this.kickImmediate);
    this.kickImmediate = undefined;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private startPump(): void {
    if (this.closed) return;
    // A start that does not wait for the retry (a flush) replaces it.
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.pump !== undefined) {
      this.again = true;
      return;
    }
    this.pump = this.drive().finally(() => {
      this.pump = undefined;
      // a kick that arrived after the loop's last check must not wait for the next poll
      if (this.again && !this.closed) this.kick();
    });
  }

  private async drive(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.work.turn();
        if (this.failures > 0) this.work.recovered?.(this.failures);
        this.failures = 0;
      } catch (error) {
        this.again = false;
        this.retryLater(error);
        return;
      }
    } while (this.again || this.work.backlog());
  }

  private retryLater(error: unknown): void {
    if (this.closed) return;
    this.failures += 1;
    const delay = pipelineRetryDelayMs(this.failures);
    this.work.failed(error, delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delay);
  }
}
