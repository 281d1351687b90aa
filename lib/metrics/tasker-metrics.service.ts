import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { register as defaultRegistry } from 'prom-client';
import { TASKER_CONCURRENCY_PROVIDER, type ConcurrencyLimitProvider } from '../concurrency/concurrency-limit.provider';
import { TASKER_OPTIONS } from '../config/tasker.tokens';
import { TaskerEventBus } from '../events/tasker-event-bus';
import type { StepEventPayload, TaskEventPayload, TaskerEventMap, TaskerEventName } from '../events/tasker-event-map';
import type { StepErrorView } from '../interfaces/task-view.interface';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { logLine } from '../logging/log-line';
import { StepStartObservers } from '../orchestration/step-start-observers';
import { WorkerControl } from '../orchestration/worker-control.port';
import { TaskerDatabase } from '../persistence/tasker-database';
import type { TaskDuration, TaskerMetricSource } from './metric-source';
import { readyStepsSql, type ReadyStepsRow } from './ready-steps.query';
import { SeriesCache, type StepSeries } from './series-cache';
import { taskDurationsSql, toTaskDurations, type TaskDurationRow } from './task-durations.query';
import type { FinishedTaskStatus } from './step-statuses';
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
    const series = this.series;
    if (this.set === undefined || series === undefined) return;
    this.unsubscribes.push(this.set.attach(this.source()));
    this.unsubscribes.push(
      this.starts.add((claimed, startedAt) =>
        this.observeStepClaimed({ createdAt: claimed.createdAt, readyAt: claimed.readyAt, startedAt }),
      ),
    );
    const step = (event: StepEventPayload): StepSeries => series.step(event.namespace, event.name, event.stepName);
    const taskFinished = (event: TaskEventPayload, status: FinishedTaskStatus): void => {
      series.task(event.namespace, event.name).finished[status].inc();
      if (this.finishedTaskIds.length < MAX_PENDING_TASK_DURATIONS) this.finishedTaskIds.push(event.taskId);
    };
    // A sweep's lease recovery counts as a lease expiry, not as a run time (the sweeper cannot know it).
    const attemptFailed = (
      event: StepEventPayload & { durationMs: number; error: StepErrorView },
      attempted: StepSeries,
    ): void => {
      if (event.error.code === LEASE_EXPIRED && event.durationMs === 0)
        series.task(event.namespace, event.name).leaseExpired.inc();
      else attempted.duration.observe(event.durationMs / 1000);
    };
    this.on('task.created', (event) => series.task(event.namespace, event.name).created.inc());
    this.on('task.completed', (event) => taskFinished(event, 'complete'));
    this.on('task.failed', (event) => taskFinished(event, 'error'));
    this.on('task.cancelled', (event) => taskFinished(event, 'cancelled'));
    this.on('task.resolved_manually', (event) => taskFinished(event, 'resolved_manually'));
    this.on('step.completed', (event) => {
      const finished = step(event);
      finished.finished.complete.inc();
      finished.duration.observe(event.durationMs / 1000);
    });
    this.on('step.failed', (event) => {
      const failed = step(event);
      failed.finished.error.inc();
      attemptFailed(event, failed);
    });
    this.on('step.retry_scheduled', (event) => {
      const retried = step(event);
      retried.retries.inc();
      attemptFailed(event, retried);
    });
    this.on('step.cancelled', (event) => step(event).finished.cancelled.inc());
    this.on('step.resolved_manually', (event) => step(event).finished.resolved_manually.inc());
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
