import type { Logger } from '@nestjs/common';
import type { TaskerEventBus } from '../events/tasker-event-bus';
import type { CycleRow } from '../persistence/sql/run-cycle.query';
import type { TaskHandlerRegistry } from '../registry/task-handler.registry';
import type { InFlightRuns } from './in-flight-runs';
import type { OutcomeBuffer } from './outcome-buffer';
import { OutageLog } from './outage-log';
import { publishLeaseLoss, publishTaskFinished } from './outcome-events';
import type { StepRun } from './step-executor.service';
import { logLine } from '../logging/log-line';

/** Expired leases turned into failed attempts per sweep at most. */
export const SWEEP_BATCH = 100;

/** The statements the lease keeper sends (RunCycleGateway's). */
export interface LeaseStatements {
  heartbeat(stepIds: readonly string[]): Promise<ReadonlySet<string>>;
  expireLeases(limit: number, liveStepIds: readonly string[]): Promise<CycleRow[]>;
}

/** What the lease keeper asks of the worker around it. */
export interface LeaseKeeperHooks {
  /** Runs the pipeline soon: a sweep fell due. */
  kick(): void;
  /** Steps were recovered from expired leases: some may be due now. */
  wake(): void;
}

/** The heartbeat interval for a lease: a third of it (at least 10 ms), so two can fail before it expires. */
export function heartbeatIntervalMs(leaseMs: number): number {
  return Math.max(Math.floor(leaseMs / 3), 10);
}

/**
 * Keeps this worker's leases and recovers everyone's expired ones.
 *
 * Heartbeats run on their own timer, beside the worker's serial pipeline, on the database's
 * reserved connection: neither a round trip waiting for a pooled connection nor handlers holding
 * the pool can delay them (the heartbeat statement never waits for a row lock, so it cannot
 * deadlock with the pipeline's writes). A heartbeat extends the leases of the runs in flight and
 * of the outcomes not yet written (those being written included); a run whose lease is no longer
 * held (cancelled, or expired and swept) is aborted. One heartbeat at a time: a tick that finds
 * one in flight is skipped. Heartbeat failures are logged once when they start and once when they
 * stop.
 *
 * A sweep turns runs whose lease expired (crashed or partitioned workers) into failed attempts. It
 * falls due on its timer and the pipeline sends it ({@link runDue}); it names this worker's live
 * steps, which it never expires, so a worker whose heartbeat came late does not declare its own
 * running steps dead.
 */
export class LeaseKeeper {
  private sweepDue = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private stopped = false;
  private readonly heartbeats: OutageLog;

  constructor(
    private readonly statements: LeaseStatements,
    private readonly runs: InFlightRuns,
    private readonly outcomes: OutcomeBuffer,
    private readonly events: TaskerEventBus,
    private readonly tasks: Pick<TaskHandlerRegistry, 'byStoredId'>,
    private readonly hooks: LeaseKeeperHooks,
    private readonly logger: Pick<Logger, 'warn' | 'error' | 'log'>,
    workerId?: string,
  ) {
    this.heartbeats = new OutageLog(logger, {
      down: 'Heartbeats are failing: the leases of running steps are not being extended',
      up: 'Heartbeats are getting through again',
      fields: workerId === undefined ? {} : { workerId },
    });
  }

  /** Starts the timers: heartbeats every leaseMs/3, sweeps every leaseMs/2 (50 ms to 5 s); sweeps once now. */
  start(leaseMs: number): void {
    this.stopped = false;
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), heartbeatIntervalMs(leaseMs));
    this.sweepTimer = setInterval(() => this.scheduleSweep(), Math.min(Math.max(Math.floor(leaseMs / 2), 50), 5000));
    this.scheduleSweep();
  }

  /** No more sweeps (a draining worker only keeps its own leases). */
  stopSweeping(): void {
    clearInterval(this.sweepTimer);
  }

  /** No more heartbeats nor sweeps; resolves when a heartbeat in flight has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeatTimer);
    clearInterval(this.sweepTimer);
    await this.beating;
  }

  /** Sends the sweep that fell due (the pipeline calls this on each turn). */
  async runDue(): Promise<void> {
    if (this.sweepDue) await this.sweep();
  }

  /**
   * Extends the leases this worker holds now, unless a heartbeat is already in flight (then
   * resolves when that one ends). Never rejects: a failure is logged (once per outage) and the next
   * tick tries again.
   */
  heartbeat(): Promise<void> {
    this.beating ??= this.beat().finally(() => {
      this.beating = undefined;
    });
    return this.beating;
  }

  /** The steps this worker must not lose: runs in flight and outcomes not yet written. */
  liveStepIds(): string[] {
    return [...this.runs.stepIds(), ...this.outcomes.stepIds()];
  }

  private async beat(): Promise<void> {
    // The runs as they are now: a step that finishes, and is claimed again, while the heartbeat is
    // on its way is a new run the answer says nothing about.
    const sent = new Map<string, StepRun>();
    for (const stepId of this.runs.stepIds()) {
      const run = this.runs.get(stepId);
      if (run !== undefined) sent.set(stepId, run);
    }
    const ids = [...sent.keys(), ...this.outcomes.stepIds()];
    if (ids.length === 0) return;
    let held: ReadonlySet<string>;
    try {
      held = await this.statements.heartbeat(ids);
    } catch (error) {
      if (!this.stopped) this.heartbeats.failed(error);
      return;
    }
    this.heartbeats.succeeded();
    for (const [stepId, run] of sent) {
      if (!held.has(stepId) && this.runs.get(stepId) === run) run.abort('lease_lost');
    }
  }

  private scheduleSweep(): void {
    this.sweepDue = true;
    this.hooks.kick();
  }

  private async sweep(): Promise<void> {
    this.sweepDue = false;
    const rows = await this.statements.expireLeases(SWEEP_BATCH, this.liveStepIds());
    let steps = 0;
    for (const row of rows) {
      const task = this.tasks.byStoredId(row.named_task_id ?? -1);
      if (row.kind === 'task') publishTaskFinished(this.events, row, task);
      else {
        steps += 1;
        if (task !== undefined) publishLeaseLoss(this.events, row, task);
      }
    }
    if (rows.length > 0) {
      this.logger.warn(logLine('Recovered steps whose lease expired', { steps }));
      this.hooks.wake();
    }
    if (steps >= SWEEP_BATCH) this.sweepDue = true;
  }
}
