import type { TaskerEventBus } from '../events/tasker-event-bus';
import { cancelChannel, readyChannel } from '../persistence/notification-channels';
import type { TaskerDatabase } from '../persistence/tasker-database';

/** What the wake sources act on. */
export interface WakeTargets {
  /** Look for due steps. */
  wake(): void;
  /** A task was cancelled: abort this process's runs of it. */
  cancelled(taskId: string): void;
}

/**
 * Everything that tells a worker to look for due steps: another worker's or a creator's
 * announcement (LISTEN; the worker's own are ignored), the retry time of a step this worker
 * scheduled, and, as a fallback, a poll every `pollIntervalMs`. Cancellations arrive the same way.
 * Tasks created in this process need no wake-up of their own: their creation claims its root
 * steps for this worker when it has free slots, or wakes it directly.
 */
export class WakeSources {
  private pollTimer: NodeJS.Timeout | undefined;
  private retryWakeAt = Infinity;
  private retryTimer: NodeJS.Timeout | undefined;
  private timed = false;
  private readonly unsubscribes: Array<() => Promise<void> | void> = [];

  constructor(
    private readonly database: Pick<TaskerDatabase, 'listen' | 'schema'>,
    private readonly events: TaskerEventBus,
    private readonly workerId: string,
    private readonly targets: WakeTargets,
  ) {}

  /** Listens for announcements and cancellations, and starts polling. */
  async start(pollIntervalMs: number): Promise<void> {
    const { schema } = this.database;
    this.unsubscribes.push(
      await this.database.listen(readyChannel(schema), (payload) => {
        if (payload !== this.workerId) this.targets.wake();
      }),
      await this.database.listen(cancelChannel(schema), (taskId) => this.targets.cancelled(taskId)),
    );
    this.pollTimer = setInterval(() => this.targets.wake(), pollIntervalMs);
    this.timed = true;
  }

  /** Wakes the worker at `time` (ms since the epoch) unless an earlier wake-up is already set. */
  wakeAt(time: number): void {
    if (!this.timed || time >= this.retryWakeAt) return;
    this.clearRetryTimer();
    this.retryWakeAt = time;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        this.retryWakeAt = Infinity;
        this.targets.wake();
      },
      Math.max(time - Date.now(), 0),
    );
  }

  /** No more polls nor retry wake-ups; announcements and cancellations still arrive. */
  stopTimers(): void {
    this.timed = false;
    clearInterval(this.pollTimer);
    this.clearRetryTimer();
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    this.stopTimers();
    for (const unsubscribe of this.unsubscribes.splice(0)) await unsubscribe();
  }

  private clearRetryTimer(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryWakeAt = Infinity;
  }
}
