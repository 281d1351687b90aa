import { AsyncResource } from 'node:async_hooks';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { TASKER_CONCURRENCY_PROVIDER, type ConcurrencyLimitProvider } from '../concurrency/concurrency-limit.provider';
import { TaskerEventBus } from '../events/tasker-event-bus';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { readyChannel } from '../persistence/notification-channels';
import type { CycleRow } from '../persistence/sql/run-cycle.query';
import { TaskerDatabase } from '../persistence/tasker-database';
import { TaskHandlerRegistry } from '../registry/task-handler.registry';
import { TASKER_OPTIONS } from '../config/tasker.tokens';
import type { AbortReason } from './abort-reasons';
import { ClaimCycle } from './claim-cycle';
import { InFlightRuns } from './in-flight-runs';
import { LeaseKeeper } from './lease-keeper';
import { OutcomeBuffer } from './outcome-buffer';
import { RunCycleGateway } from './run-cycle.gateway';
import { StepStartObservers } from './step-start-observers';
import { StepDispatcher } from './step-dispatcher';
import { StepExecutor } from './step-executor.service';
import { WakeSources } from './wake-sources';
import { createWorkerId } from './worker-id';
import { WorkerPipeline } from './worker-pipeline';
import { logLine } from '../logging/log-line';
import { OutageLog } from './outage-log';
import { poolSizeWarning } from './pool-size-warning';

type WorkerState = 'stopped' | 'running' | 'draining';

/**
 * The worker loop of one process: claims ready steps (never more than the executor has free
 * slots), runs them, and writes their outcomes in batches, all through one serial pipeline of
 * round trips (run_cycle: apply outcomes + claim in one statement). It wakes on notifications
 * (LISTEN), on its own outcomes, on retry timers and, as a fallback, every `pollIntervalMs`.
 * Heartbeats extend the leases of running steps, on a connection of their own; sweeps turn expired
 * leases (crashed workers) into failed attempts, never this worker's live ones. A failed round trip
 * is retried with a growing delay that nothing else cuts short, and logged once per outage. Starts at bootstrap unless `worker.enabled` or `worker.autoStart` is off;
 * drains on shutdown.
 *
 * This class owns the lifecycle and wires the parts: {@link WorkerPipeline} (the serial pump),
 * {@link ClaimCycle} (one round trip), {@link StepDispatcher} (claimed steps to runs),
 * {@link LeaseKeeper} (heartbeats, sweeps), {@link WakeSources}, {@link InFlightRuns} and
 * {@link OutcomeBuffer}.
 */
@Injectable()
export class StepWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** This worker's id, recorded as lease owner and in transitions. */
  readonly workerId = createWorkerId();
  private readonly logger = new Logger(StepWorker.name);
  private state: WorkerState = 'stopped';
  private readonly runs = new InFlightRuns();
  private readonly outcomes = new OutcomeBuffer();
  private readonly pipeline: WorkerPipeline;
  private readonly cycle: ClaimCycle;
  private readonly leases: LeaseKeeper;
  private readonly wakeSources: WakeSources;
  private readonly poolWarning: ReturnType<typeof poolSizeWarning>;
  private readonly dispatcher: StepDispatcher;
  private readonly dispatchDetached: (rows: readonly CycleRow[], claimSentAt?: number) => void;
  /** Slots set aside for steps a creating statement claims (reserveSlots → adoptClaimed). */
  private reserved = 0;
  private reservationsEnded: (() => void) | undefined;

  constructor(
    database: TaskerDatabase,
    tasks: TaskHandlerRegistry,
    executor: StepExecutor,
    events: TaskerEventBus,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
    @Inject(TASKER_CONCURRENCY_PROVIDER) private readonly concurrency: ConcurrencyLimitProvider,
    startObservers: StepStartObservers,
  ) {
    const { leaseMs } = options.worker;
    const gateway = new RunCycleGateway(database, {
      workerId: this.workerId,
      leaseMs,
      readyChannel: readyChannel(database.schema),
      backoff: options.backoff,
    });
    const roundTrips = new OutageLog(this.logger, {
      down: 'Worker round trip failed; retrying with back-off until the database answers',
      up: 'Worker round trips succeed again',
      fields: { workerId: this.workerId },
    });
    this.pipeline = new WorkerPipeline({
      turn: () => this.turn(),
      backlog: () => this.outcomes.length > 0,
      failed: (error, retryInMs) => roundTrips.failed(error, retryInMs),
      recovered: () => roundTrips.succeeded(),
    });
    const kick = (): void => this.pipeline.kick();
    const clock = (): number => performance.now();
    const dispatcher = new StepDispatcher(
      tasks,
      executor,
      events,
      this.runs,
      this.outcomes,
      options.backoff,
      kick,
      this.logger,
      {
        leaseMs,
        clock,
      },
      startObservers,
    );
    this.dispatcher = dispatcher;
    // Adopted runs start in the worker's own async context, not in the creating caller's (see WorkerPipeline).
    this.dispatchDetached = AsyncResource.bind((rows: readonly CycleRow[], claimSentAt?: number) =>
      dispatcher.dispatch(rows, claimSentAt),
    );
    // The cycle claims into the slots that neither runs nor reservations hold.
    const unreserved = { currentLimit: () => concurrency.currentLimit() - this.reserved };
    this.wakeSources = new WakeSources(database, events, this.workerId, {
      wake: () => this.wake(),
      cancelled: (taskId) => this.abortTask(taskId, 'cancelled'),
    });
    const cycleHooks = {
      claiming: () => this.state === 'running',
      retryDueAt: (time: number) => this.wakeSources.wakeAt(time),
    };
    this.cycle = new ClaimCycle(
      gateway,
      this.outcomes,
      this.runs,
      unreserved,
      dispatcher,
      events,
      tasks,
      cycleHooks,
      this.logger,
      clock,
    );
    const leaseHooks = { kick, wake: () => this.wake() };
    this.leases = new LeaseKeeper(
      gateway,
      this.runs,
      this.outcomes,
      events,
      tasks,
      leaseHooks,
      this.logger,
      this.workerId,
    );
    this.poolWarning = poolSizeWarning(options, database.embedded);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.worker.enabled && this.options.worker.autoStart) await this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Whether the loop is claiming work. */
  get isRunning(): boolean {
    return this.state === 'running';
  }

  /** Steps running in this process now. */
  get inFlight(): number {
    return this.runs.size;
  }

  /** Starts claiming and running steps (idempotent). */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'running';
    this.pipeline.open();
    await this.wakeSources.start(this.options.worker.pollIntervalMs);
    this.leases.start(this.options.worker.leaseMs);
    this.logger.log(logLine('Worker started', { workerId: this.workerId, limit: this.concurrency.currentLimit() }));
    if (this.poolWarning !== undefined) this.logger.warn(logLine(this.poolWarning.message, this.poolWarning.fields));
    this.wake();
  }

  /**
   * Stops claiming, lets running steps finish for up to `shutdownTimeoutMs`, then aborts the rest
   * and releases their leases (they become due again at once, for another process), and writes
   * every outcome before returning.
   */
  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'draining';
    if (this.reserved > 0) await new Promise<void>((resolve) => (this.reservationsEnded = resolve));
    this.wakeSources.stopTimers();
    this.leases.stopSweeping();
    // A claim sent before the stop comes back released (see ClaimCycle); waiting for it here puts
    // those releases in the buffer before the drain, so the flush below writes them.
    await this.pipeline.settled();
    await this.runs.drain(this.options.worker.shutdownTimeoutMs, 'shutdown');
    if (!(await this.pipeline.flush())) {
      this.logger.error(
        logLine('Could not write every outcome before stopping; their leases will expire', {
          outcomes: this.outcomes.length,
        }),
      );
    }
    this.state = 'stopped';
    await this.leases.stop();
    this.pipeline.close();
    await this.wakeSources.stop();
    this.logger.log(logLine('Worker stopped', { workerId: this.workerId }));
  }

  /** Asks the loop to look for due steps. */
  wake(): void {
    if (this.state !== 'running') return;
    this.cycle.wantClaim();
    this.pipeline.kick();
  }

  /** Aborts this process's runs of a task (cancellation); their results will be discarded. */
  abortTask(taskId: string, reason: AbortReason): void {
    this.runs.abortTask(taskId, reason);
  }

  /** Reserves up to `wanted` free slots for steps claimed by a creating statement (0 unless running). */
  reserveSlots(wanted: number): number {
    if (this.state !== 'running' || wanted <= 0) return 0;
    const free = this.concurrency.currentLimit() - this.runs.size - this.reserved;
    const granted = Math.max(Math.min(wanted, free), 0);
    this.reserved += granted;
    return granted;
  }

  /**
   * Starts steps a creating statement claimed for this worker, and ends their reservation. A stop
   * that began meanwhile waited for it, so the runs are drained like any other.
   */
  adoptClaimed(rows: readonly CycleRow[], reserved: number, claimSentAt?: number): void {
    this.reserved = Math.max(this.reserved - reserved, 0);
    if (rows.length > 0) this.dispatchDetached(rows, claimSentAt);
    if (this.reserved === 0) {
      this.reservationsEnded?.();
      this.reservationsEnded = undefined;
    }
  }

  private async turn(): Promise<void> {
    await this.leases.runDue();
    await this.cycle.run();
  }
}
