import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { TASKER_CONCURRENCY_PROVIDER, type ConcurrencyLimitProvider } from '../concurrency/concurrency-limit.provider';
import { customEventNameProblem } from '../events/custom-event-name';
import { TaskerEventBus } from '../events/tasker-event-bus';
import { InvalidEventNameError } from '../errors/invalid-event-name.error';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { cancelChannel, readyChannel } from '../persistence/notification-channels';
import { expireLeasesSql, heartbeatSql, runCycleSql, type CycleRow } from '../persistence/sql/run-cycle.query';
import { TaskerDatabase } from '../persistence/tasker-database';
import { TaskHandlerRegistry } from '../registry/task-handler.registry';
import { TASKER_OPTIONS } from '../tasker.tokens';
import type { AbortReason } from './abort-reasons';
import { toClaimedStep, type ClaimedStep, type RunOutcome } from './claimed-step';
import { publishLeaseLoss, publishOutcomeEvents, publishTaskFinished, stepEventPayload } from './outcome-events';
import { StepExecutor, type StepRun } from './step-executor.service';
import { createWorkerId } from './worker-id';

/** Outcomes written per round trip at most. */
const MAX_OUTCOMES_PER_CYCLE = 500;
/** Expired leases turned into failed attempts per sweep at most. */
const SWEEP_BATCH = 100;
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

interface PendingOutcome {
  stepId: string;
  attempt: number;
  /** The run's step, for the events; absent for a step refused because its task is unknown here. */
  step: ClaimedStep | undefined;
  outcome: Exclude<RunOutcome, { kind: 'abandon' }>;
}

type WorkerState = 'stopped' | 'running' | 'draining';

/**
 * The worker loop of one process: claims ready steps (never more than the executor has free
 * slots), runs them, and writes their outcomes in batches, all through one serial pipeline of
 * round trips (run_cycle: apply outcomes + claim in one statement). It wakes on notifications
 * (LISTEN), on its own outcomes, on retry timers and, as a fallback, every `pollIntervalMs`.
 * Heartbeats extend the leases of running steps; sweeps turn expired leases (crashed workers)
 * into failed attempts. Starts at bootstrap unless `worker.enabled` or `worker.autoStart` is off;
 * drains on shutdown.
 */
@Injectable()
export class StepWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** This worker's id, recorded as lease owner and in transitions. */
  readonly workerId = createWorkerId();
  private readonly logger = new Logger(StepWorker.name);
  private readonly cycleSql: string;
  private readonly heartbeatSql: string;
  private readonly sweepSql: string;
  private readonly readyChannel: string;

  private state: WorkerState = 'stopped';
  private readonly runs = new Map<string, StepRun>();
  private readonly outcomes: PendingOutcome[] = [];
  private claimWanted = false;
  private heartbeatDue = false;
  private sweepDue = false;
  private pump: Promise<void> | undefined;
  private kickImmediate: NodeJS.Immediate | undefined;
  private pumpAgain = false;
  private failures = 0;

  private readonly timers = new Set<NodeJS.Timeout>();
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private retryWakeAt = Infinity;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribes: Array<() => Promise<void> | void> = [];
  private runsSettled: (() => void) | undefined;

  constructor(
    private readonly database: TaskerDatabase,
    private readonly tasks: TaskHandlerRegistry,
    private readonly executor: StepExecutor,
    private readonly events: TaskerEventBus,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
    @Inject(TASKER_CONCURRENCY_PROVIDER) private readonly concurrency: ConcurrencyLimitProvider,
  ) {
    const { schema } = database;
    this.cycleSql = runCycleSql(schema);
    this.heartbeatSql = heartbeatSql(schema);
    this.sweepSql = expireLeasesSql(schema);
    this.readyChannel = readyChannel(schema);
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
    const { pollIntervalMs, leaseMs } = this.options.worker;
    this.unsubscribes.push(
      await this.database.listen(this.readyChannel, (payload) => {
        if (payload !== this.workerId) this.wake();
      }),
      await this.database.listen(cancelChannel(this.database.schema), (taskId) => this.abortTask(taskId, 'cancelled')),
      this.events.subscribe('task.created', () => this.wake()),
    );
    this.pollTimer = setInterval(() => this.wake(), pollIntervalMs);
    this.heartbeatTimer = setInterval(() => this.schedule('heartbeat'), Math.max(Math.floor(leaseMs / 3), 10));
    this.sweepTimer = setInterval(() => this.schedule('sweep'), Math.min(Math.max(Math.floor(leaseMs / 2), 50), 5000));
    this.logger.log({ workerId: this.workerId, limit: this.concurrency.currentLimit() }, 'Worker started');
    this.schedule('sweep');
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
    clearInterval(this.pollTimer);
    clearInterval(this.sweepTimer);
    this.clearRetryTimer();
    if (this.runs.size > 0) {
      await this.waitForRuns(this.options.worker.shutdownTimeoutMs);
      const remaining = [...this.runs.values()];
      for (const run of remaining) run.abort('shutdown');
      await Promise.all(remaining.map((run) => run.done));
    }
    await this.flush();
    this.state = 'stopped';
    clearInterval(this.heartbeatTimer);
    if (this.kickImmediate !== undefined) clearImmediate(this.kickImmediate);
    this.kickImmediate = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const unsubscribe of this.unsubscribes.splice(0)) await unsubscribe();
    this.logger.log({ workerId: this.workerId }, 'Worker stopped');
  }

  /** Asks the loop to look for due steps. */
  wake(): void {
    if (this.state !== 'running') return;
    this.claimWanted = true;
    this.kick();
  }

  /** Aborts this process's runs of a task (cancellation); their results will be discarded. */
  abortTask(taskId: string, reason: AbortReason): void {
    for (const run of this.runs.values()) if (run.step.taskId === taskId) run.abort(reason);
  }

  private schedule(work: 'heartbeat' | 'sweep'): void {
    if (work === 'heartbeat') this.heartbeatDue = true;
    else this.sweepDue = true;
    this.kick();
  }

  /**
   * Starts the pipeline unless it runs or is about to; a running pipeline picks the new work up
   * before it ends. The start waits one turn of the event loop so that runs finishing together
   * share one round trip instead of the first taking it alone.
   */
  private kick(): void {
    if (this.pump !== undefined) {
      this.pumpAgain = true;
      return;
    }
    if (this.kickImmediate !== undefined || this.state === 'stopped') return;
    this.kickImmediate = setImmediate(() => {
      this.kickImmediate = undefined;
      this.startPump();
    });
  }

  private startPump(): void {
    if (this.state === 'stopped') return;
    if (this.pump !== undefined) {
      this.pumpAgain = true;
      return;
    }
    this.pump = this.drive().finally(() => {
      this.pump = undefined;
      // a kick that arrived after the loop's last check must not wait for the next poll
      if (this.pumpAgain && this.state !== 'stopped') this.kick();
    });
  }

  private async drive(): Promise<void> {
    do {
      this.pumpAgain = false;
      try {
        if (this.heartbeatDue) await this.heartbeat();
        if (this.sweepDue) await this.sweep();
        await this.cycle();
        this.failures = 0;
      } catch (error) {
        this.pumpAgain = false;
        this.onPipelineError(error);
        return;
      }
    } while (this.pumpAgain || this.outcomes.length > 0);
  }

  private async cycle(): Promise<void> {
    const batch = this.outcomes.splice(0, MAX_OUTCOMES_PER_CYCLE);
    const free = Math.max(this.concurrency.currentLimit() - this.runs.size, 0);
    const claimLimit = this.state === 'running' && (this.claimWanted || batch.length > 0) ? free : 0;
    if (batch.length === 0 && claimLimit === 0) return;
    this.claimWanted = false;
    let rows: CycleRow[];
    try {
      rows = await this.withRetry(() =>
        this.database.query<CycleRow>(this.cycleSql, [
          this.workerId,
          this.options.worker.leaseMs,
          claimLimit,
          this.readyChannel,
          batch.map((p) => p.stepId),
          batch.map((p) => p.attempt),
          batch.map((p) => p.outcome.kind),
          batch.map((p) => (p.outcome.kind === 'complete' ? p.outcome.result : null)),
          batch.map((p) => (p.outcome.kind === 'complete' ? null : JSON.stringify(p.outcome.error))),
          batch.map((p) => (p.outcome.kind === 'retry' ? Math.round(p.outcome.delayMs) : 0)),
        ]),
      );
    } catch (error) {
      this.outcomes.unshift(...batch);
      if (claimLimit > 0) this.claimWanted = true;
      throw error;
    }
    const written = new Map<string, PendingOutcome | undefined>(batch.map((p) => [p.stepId, p]));
    const claimed: CycleRow[] = [];
    for (const row of rows) {
      if (row.kind === 'claimed') claimed.push(row);
      else this.onWritten(row, written);
    }
    for (const [stepId, pending] of written) {
      if (pending !== undefined) {
        this.logger.debug({ stepId, attempt: pending.attempt }, 'Outcome discarded: the run no longer held its lease');
      }
    }
    if (claimLimit > 0 && claimed.length === claimLimit) this.claimWanted = true;
    this.dispatch(claimed);
  }

  private onWritten(row: CycleRow, written: Map<string, PendingOutcome | undefined>): void {
    if (row.kind === 'task') {
      publishTaskFinished(this.events, row, this.tasks.byStoredId(row.named_task_id ?? -1));
      return;
    }
    const pending = row.step_id === null ? undefined : written.get(row.step_id);
    if (pending === undefined || row.step_id === null) return;
    written.set(row.step_id, undefined);
    if (pending.step !== undefined) publishOutcomeEvents(this.events, pending.step, pending.outcome);
    if (pending.outcome.kind === 'retry') this.wakeAt(Date.now() + pending.outcome.delayMs);
  }

  private dispatch(rows: CycleRow[]): void {
    const startedTasks = new Set<string>();
    for (const row of rows) {
      const task = this.tasks.byStoredId(row.named_task_id ?? -1);
      const step = task === undefined ? undefined : toClaimedStep(row, task);
      if (step === undefined) {
        this.refuse(row);
        continue;
      }
      const { namespace, name, version } = step.task.definition;
      if (row.status === 'task_started' && !startedTasks.has(step.taskId)) {
        startedTasks.add(step.taskId);
        this.events.publish('task.started', { taskId: step.taskId, namespace, name, version });
      }
      if (this.events.hasListeners('step.started')) this.events.publish('step.started', stepEventPayload(step));
      const run = this.executor.start(step, (event, payload) => this.publishCustom(step, event, payload));
      this.runs.set(step.stepId, run);
      void run.done.then((outcome) => this.onRunDone(run, outcome));
    }
  }

  /** A claimed step this process cannot run (its task is not registered here): a failed attempt. */
  private refuse(row: CycleRow): void {
    this.logger.warn({ taskId: row.task_id, step: row.step_name, namedTaskId: row.named_task_id }, 'Claimed a step whose task is not registered in this process');
    const error = { message: 'No handler for this task is registered in the process that claimed it', code: 'HANDLER_NOT_REGISTERED', type: 'TaskHandlerNotFoundError' };
    const attempt = row.attempt ?? 1;
    const retry = (row.retryable ?? false) && attempt < (row.max_attempts ?? 1);
    const outcome: PendingOutcome['outcome'] = retry
      ? { kind: 'retry', error, delayMs: this.options.worker.pollIntervalMs, durationMs: 0 }
      : { kind: 'error', error, durationMs: 0 };
    if (row.step_id !== null) this.outcomes.push({ stepId: row.step_id, attempt, step: undefined, outcome });
  }

  private onRunDone(run: StepRun, outcome: RunOutcome): void {
    this.runs.delete(run.step.stepId);
    if (outcome.kind !== 'abandon') {
      this.outcomes.push({ stepId: run.step.stepId, attempt: run.step.attempt, step: run.step, outcome });
    }
    if (this.runs.size === 0) this.runsSettled?.();
    this.kick();
  }

  private publishCustom(step: ClaimedStep, event: string, payload: Record<string, unknown> = {}): void {
    const problem = customEventNameProblem(event);
    if (problem !== undefined) throw new InvalidEventNameError(String(event), problem);
    this.events.publish(event, { ...payload, event, ...stepEventPayload(step) });
  }

  private async heartbeat(): Promise<void> {
    this.heartbeatDue = false;
    const ids = [...this.runs.keys(), ...this.outcomes.map((p) => p.stepId)];
    if (ids.length === 0) return;
    const rows = await this.database.query<{ step_id: string }>(this.heartbeatSql, [this.workerId, ids, this.options.worker.leaseMs]);
    const held = new Set(rows.map((row) => row.step_id));
    for (const [stepId, run] of this.runs) if (!held.has(stepId)) run.abort('lease_lost');
  }

  private async sweep(): Promise<void> {
    this.sweepDue = false;
    const { baseMs, multiplier, maxMs } = this.options.backoff;
    const rows = await this.database.query<CycleRow>(this.sweepSql, [this.workerId, SWEEP_BATCH, baseMs, multiplier, maxMs]);
    for (const row of rows) {
      const task = this.tasks.byStoredId(row.named_task_id ?? -1);
      if (row.kind === 'task') publishTaskFinished(this.events, row, task);
      else if (task !== undefined) publishLeaseLoss(this.events, row, task);
    }
    if (rows.length > 0) {
      this.logger.warn({ steps: rows.filter((row) => row.kind === 'step').length }, 'Recovered steps whose lease expired');
      this.wake();
    }
    if (rows.filter((row) => row.kind === 'step').length >= SWEEP_BATCH) this.sweepDue = true;
  }

  private async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && RETRYABLE_SQLSTATES.has(code)) return fn();
      throw error;
    }
  }

  private onPipelineError(error: unknown): void {
    if (this.state === 'stopped') return;
    this.failures += 1;
    const delay = Math.min(100 * 2 ** this.failures, 5000);
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error({ workerId: this.workerId, error: message, retryInMs: delay }, 'Worker round trip failed');
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.kick();
    }, delay);
    this.timers.add(timer);
  }

  private wakeAt(time: number): void {
    if (this.state !== 'running' || time >= this.retryWakeAt) return;
    this.clearRetryTimer();
    this.retryWakeAt = time;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retryWakeAt = Infinity;
      this.wake();
    }, Math.max(time - Date.now(), 0));
  }

  private clearRetryTimer(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryWakeAt = Infinity;
  }

  private waitForRuns(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      this.runsSettled = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.runsSettled = undefined;
    });
  }

  /** Writes every pending outcome (no claims: the worker is draining). */
  private async flush(): Promise<void> {
    for (let round = 0; round < 5; round++) {
      if (this.pump !== undefined) {
        await this.pump;
        continue;
      }
      if (this.outcomes.length === 0) break;
      this.startPump();
    }
    if (this.outcomes.length > 0) {
      this.logger.error({ outcomes: this.outcomes.length }, 'Could not write every outcome before stopping; their leases will expire');
    }
  }
}
