import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { register as defaultRegistry } from 'prom-client';
import { TASKER_CONCURRENCY_PROVIDER, type ConcurrencyLimitProvider } from '../concurrency/concurrency-limit.provider';
import { TASKER_OPTIONS } from '../config/tasker.tokens';
import { TaskerEventBus } from '../events/tasker-event-bus';
import type { StepEventPayload, TaskerEventMap, TaskerEventName } from '../events/tasker-event-map';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { logLine } from '../logging/log-line';
import { StepStartObservers } from '../orchestration/step-start-observers';
import { WorkerControl } from '../orchestration/worker-control.port';
import { TaskerDatabase } from '../persistence/tasker-database';
import type { TaskDuration, TaskerMetricSource } from './metric-source';
import { readyStepsSql, type ReadyStepsRow } from './ready-steps.query';
import { SeriesCache, type StepSeries } from './series-cache';
import { taskDurationsSql, toTaskDurations, type TaskDurationRow } from './task-durations.query';
import { TaskerMetricSet } from './tasker-metric-set';

/** A scrape reads the ready-step count from the database at most this often; between reads it reuses the last one. */
export const READY_STEPS_TTL_MS = 5000;
/** Finished tasks remembered for the task-duration histogram between scrapes; beyond, new ones are not timed. */
export const MAX_PENDING_TASK_DURATIONS = 10_000;

const LEASE_EXPIRED = 'LEASE_EXPIRED';

/** When a claimed step was created, became ready, and started (for the wait histograms). */
export interface StepClaimTimes {
  createdAt: Date;
  readyAt: Date;
  startedAt: Date;
}

/**
 * Tasker's Prometheus metrics for one module instance (see {@link TaskerMetricSet} for the
 * metrics themselves). With `metrics.enabled` (the default) it registers them on
 * `metrics.registry`, else on prom-client's default registry, which is what
 * `PrometheusModule.register()` of `@willsoto/nestjs-prometheus` serves; Tasker never serves
 * `/metrics` itself. Counters and histograms are fed by the event bus; gauges are read when
 * Prometheus scrapes. With `metrics.enabled: false` it registers nothing and listens to nothing.
 */
@Injectable()
export class TaskerMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TaskerMetrics.name);
  private readonly set: TaskerMetricSet | undefined;
  private readonly series: SeriesCache | undefined;
  private readonly unsubscribes: Array<() => void> = [];
  private finishedTaskIds: string[] = [];
  private readonly readySql: string;
  private readonly durationsSql: string;
  private ready: { value: number | undefined; readAt: number; reading: Promise<number | undefined> | undefined } = {
    value: undefined,
    readAt: -Infinity,
    reading: undefined,
  };
  private readFailing = false;

  constructor(
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
    private readonly events: TaskerEventBus,
    private readonly database: TaskerDatabase,
    private readonly worker: WorkerControl,
    @Inject(TASKER_CONCURRENCY_PROVIDER) private readonly concurrency: ConcurrencyLimitProvider,
    private readonly starts: StepStartObservers,
  ) {
    const { enabled, registry } = options.metrics;
    this.set = enabled ? TaskerMetricSet.for(registry ?? defaultRegistry) : undefined;
    this.series = this.set === undefined ? undefined : new SeriesCache(this.set);
    this.readySql = readyStepsSql(database.schema);
    this.durationsSql = taskDurationsSql(database.schema);
  }

  /** Whether this instance records metrics (`metrics.enabled`). */
  get enabled(): boolean {
    return this.set !== undefined;
  }

  onModuleInit(): void {
    const set = this.set;
    const series = this.series;
    if (set === undefined || series === undefined) return;
    this.unsubscribes.push(set.attach(this.source()));
    this.unsubscribes.push(
      this.starts.add((step, startedAt) =>
        this.observeStepClaimed({ createdAt: step.createdAt, readyAt: step.readyAt, startedAt }),
      ),
    );
    this.on('task.created', (event) => series.task(event.namespace, event.name).created.inc());
    this.on('task.completed', (event) => this.taskFinished(event.taskId, event.namespace, event.name, 'complete'));
    this.on('task.failed', (event) => this.taskFinished(event.taskId, event.namespace, event.name, 'error'));
    this.on('task.cancelled', (event) => this.taskFinished(event.taskId, event.namespace, event.name, 'cancelled'));
    this.on('task.resolved_manually', (event) =>
      this.taskFinished(event.taskId, event.namespace, event.name, 'resolved_manually'),
    );
    this.on('step.completed', (event) => {
      const step = this.step(event);
      step.finished.complete.inc();
      step.duration.observe(event.durationMs / 1000);
    });
    this.on('step.failed', (event) => {
      const step = this.step(event);
      step.finished.error.inc();
      this.attemptFailed(event, step, event.error.code, event.durationMs);
    });
    this.on('step.retry_scheduled', (event) => {
      const step = this.step(event);
      step.retries.inc();
      this.attemptFailed(event, step, event.error.code, event.durationMs);
    });
    this.on('step.cancelled', (event) => this.step(event).finished.cancelled.inc());
    this.on('step.resolved_manually', (event) => this.step(event).finished.resolved_manually.inc());
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /**
   * Records how long a claimed step waited: for its dependencies (created → ready) and for a
   * worker (ready → started). Negative spans (clock skew between the database and this process)
   * count as 0.
   */
  observeStepClaimed({ createdAt, readyAt, startedAt }: StepClaimTimes): void {
    const set = this.set;
    if (set === undefined) return;
    set.dependencyWait.observe(Math.max(readyAt.getTime() - createdAt.getTime(), 0) / 1000);
    set.queueWait.observe(Math.max(startedAt.getTime() - readyAt.getTime(), 0) / 1000);
  }

  private on<E extends TaskerEventName>(event: E, listener: (payload: TaskerEventMap[E]) => void): void {
    this.unsubscribes.push(
      this.events.subscribe(event, (payload) => listener(payload as unknown as TaskerEventMap[E])),
    );
  }

  private step(event: StepEventPayload): StepSeries {
    // Set whenever a listener runs: listeners are subscribed only with metrics on.
    return (this.series as SeriesCache).step(event.namespace, event.name, event.stepName);
  }

  /** A failed attempt's run time; a sweep's lease recovery counts as a lease expiry instead (its run time is unknown). */
  private attemptFailed(event: StepEventPayload, step: StepSeries, code: string | null, durationMs: number): void {
    if (code === LEASE_EXPIRED && durationMs === 0) {
      (this.series as SeriesCache).task(event.namespace, event.name).leaseExpired.inc();
      return;
    }
    step.duration.observe(durationMs / 1000);
  }

  private taskFinished(
    taskId: string,
    namespace: string,
    name: string,
    status: 'complete' | 'error' | 'cancelled' | 'resolved_manually',
  ): void {
    (this.series as SeriesCache).task(namespace, name).finished[status].inc();
    if (this.finishedTaskIds.length < MAX_PENDING_TASK_DURATIONS) this.finishedTaskIds.push(taskId);
  }

  private source(): TaskerMetricSource {
    const { worker, concurrency, database } = this;
    const workerEnabled = this.options.worker.enabled;
    return {
      inFlight: () => worker.inFlight,
      concurrencyLimit: () => (workerEnabled ? concurrency.currentLimit() : 0),
      poolInUse: () => (database.embedded ? 0 : database.poolStats().busy),
      poolPressure: () => concurrency.inputs?.()?.pool?.utilization,
      systemLoad: () => concurrency.inputs?.()?.load?.combined,
      readySteps: () => this.readySteps(),
      takeTaskDurations: () => this.takeTaskDurations(),
    };
  }

  /** The ready-step count, read from the database at most every {@link READY_STEPS_TTL_MS}, one read at a time. */
  private readySteps(): Promise<number | undefined> {
    const ready = this.ready;
    if (ready.reading !== undefined) return ready.reading;
    if (Date.now() - ready.readAt < READY_STEPS_TTL_MS) return Promise.resolve(ready.value);
    ready.reading = this.database
      .readQuery<ReadyStepsRow>(this.readySql)
      .then((rows) => {
        ready.value = Number(rows[0]?.ready ?? 0);
        this.readFailing = false;
        return ready.value;
      })
      .catch((error: unknown) => {
        this.scrapeReadFailed('ready steps', error);
        return ready.value;
      })
      .finally(() => {
        ready.readAt = Date.now();
        ready.reading = undefined;
      });
    return ready.reading;
  }

  private async takeTaskDurations(): Promise<TaskDuration[]> {
    if (this.finishedTaskIds.length === 0) return [];
    const ids = this.finishedTaskIds;
    this.finishedTaskIds = [];
    try {
      const rows = await this.database.readQuery<TaskDurationRow>(this.durationsSql, [ids]);
      this.readFailing = false;
      return toTaskDurations(rows);
    } catch (error) {
      this.scrapeReadFailed('task durations', error);
      return [];
    }
  }

  /** Logged once per streak of failures: a scrape every second must not flood the log during an outage. */
  private scrapeReadFailed(what: string, error: unknown): void {
    if (this.readFailing) return;
    this.readFailing = true;
    this.logger.warn(
      logLine('Could not read a metric from the database; the scrape reports the last value', {
        metric: what,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}
