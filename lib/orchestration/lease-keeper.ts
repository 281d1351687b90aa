import type { Logger } from '@nestjs/common';
import type { TaskerEventBus } from '../events/tasker-event-bus';
import type { CycleRow } from '../persistence/sql/run-cycle.query';
import type { TaskHandlerRegistry } from '../registry/task-handler.registry';
import type { InFlightRuns } from './in-flight-runs';
import type { OutcomeBuffer } from './outcome-buffer';
import { publishLeaseLoss, publishTaskFinished } from './outcome-events';
import { logLine } from '../logging/log-line';

/** Expired leases turned into failed attempts per sweep at most. */
export const SWEEP_BATCH = 100;

/** The statements the lease keeper sends (RunCycleGateway's). */
export interface LeaseStatements {
  heartbeat(stepIds: readonly string[]): Promise<ReadonlySet<string>>;
  expireLeases(limit: number): Promise<CycleRow[]>;
}

/** What the lease keeper asks of the worker around it. */
export interface LeaseKeeperHooks {
  /** Runs the pipeline soon: a heartbeat or sweep fell due. */
  kick(): void;
  /** Steps were recovered from expired leases: some may be due now. */
  wake(): void;
}

/**
 * Keeps this worker's leases and recovers everyone's expired ones. A heartbeat extends the leases
 * of the runs in flight and of the outcomes not yet written; a run whose lease is no longer held
 * (cancelled, or expired and swept) is aborted. A sweep turns runs whose lease expired (crashed
 * or partitioned workers) into failed attempts. Both only fall due on their timers; the worker's
 * serial pipeline sends them ({@link runDue}), so its statements never lock its steps in
 * opposite orders.
 */
export class LeaseKeeper {
  private heartbeatDue = false;
  private sweepDue = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly statements: LeaseStatements,
    private readonly runs: InFlightRuns,
    private readonly outcomes: OutcomeBuffer,
    private readonly events: TaskerEventBus,
    private readonly tasks: Pick<TaskHandlerRegistry, 'byStoredId'>,
    private readonly hooks: LeaseKeeperHooks,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  /** Starts the timers: heartbeats every leaseMs/3, sweeps every leaseMs/2 (50 ms to 5 s); sweeps once now. */
  start(leaseMs: number): void {
    this.heartbeatTimer = setInterval(() => this.schedule('heartbeat'), Math.max(Math.floor(leaseMs / 3), 10));
    this.sweepTimer = setInterval(() => this.schedule('sweep'), Math.min(Math.max(Math.floor(leaseMs / 2), 50), 5000));
    this.schedule('sweep');
  }

  /** No more sweeps (a draining worker only keeps its own leases). */
  stopSweeping(): void {
    clearInterval(this.sweepTimer);
  }

  /** No more heartbeats nor sweeps. */
  stop(): void {
    clearInterval(this.heartbeatTimer);
    clearInterval(this.sweepTimer);
  }

  /** Sends the heartbeat and the sweep that fell due, in that order. */
  async runDue(): Promise<void> {
    if (this.heartbeatDue) await this.heartbeat();
    if (this.sweepDue) await this.sweep();
  }

  private schedule(work: 'heartbeat' | 'sweep'): void {
    if (work === 'heartbeat') this.heartbeatDue = true;
    else this.sweepDue = true;
    this.hooks.kick();
  }

  private async heartbeat(): Promise<void> {
    this.heartbeatDue = false;
    const ids = [...this.runs.stepIds(), ...this.outcomes.stepIds()];
    if (ids.length === 0) return;
    const held = await this.statements.heartbeat(ids);
    // Only the runs the heartbeat asked about: a run added meanwhile (a step its creating
    // statement claimed for this worker) was not in it, and still holds its lease.
    for (const stepId of ids) if (!held.has(stepId)) this.runs.abort(stepId, 'lease_lost');
  }

  private async sweep(): Promise<void> {
    this.sweepDue = false;
    const rows = await this.statements.expireLeases(SWEEP_BATCH);
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
