import { Counter, Gauge, Histogram, type Metric, type Registry } from 'prom-client';
import { TaskerConfigurationError } from '../errors/tasker-configuration.error';
import type { TaskerMetricSource } from './metric-source';

/** Bucket bounds (seconds) of the step handler run-time histogram. */
export const STEP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Bucket bounds (seconds) of the queue-wait and dependency-wait histograms. */
export const WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];
/** Bucket bounds (seconds) of the task run-time histogram. */
export const TASK_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** The name of every metric Tasker declares. */
export const TASKER_METRIC_NAMES = [
  'tasker_tasks_created_total',
  'tasker_tasks_finished_total',
  'tasker_steps_finished_total',
  'tasker_step_retries_total',
  'tasker_lease_expired_total',
  'tasker_step_duration_seconds',
  'tasker_step_queue_wait_seconds',
  'tasker_step_dependency_wait_seconds',
  'tasker_task_duration_seconds',
  'tasker_steps_in_flight',
  'tasker_concurrency_limit',
  'tasker_db_pool_in_use',
  'tasker_concurrency_pool_pressure',
  'tasker_concurrency_system_load',
  'tasker_ready_steps',
] as const;

const sets = new WeakMap<Registry, TaskerMetricSet>();

/**
 * Every metric Tasker declares, registered once per registry and shared by every Tasker module
 * instance of the process that uses that registry: a second instance (another app, another
 * schema) finds the same set instead of registering a metric name twice, which prom-client
 * refuses. Counters and histograms are fed by each instance's events; gauges are read at scrape
 * time from the attached sources (each instance's worker, pool, concurrency provider): the
 * process-wide ones (in flight, limit, pool in use) add the sources up, the per-database ones
 * (ready steps, pool pressure, system load) take the largest reading.
 *
 * Label values are task namespaces, task and step names and statuses: bounded by the definitions,
 * never ids.
 */
export class TaskerMetricSet {
  readonly tasksCreated: Counter<'namespace' | 'name'>;
  readonly tasksFinished: Counter<'namespace' | 'name' | 'status'>;
  readonly stepsFinished: Counter<'namespace' | 'task' | 'step' | 'status'>;
  readonly stepRetries: Counter<'namespace' | 'task' | 'step'>;
  readonly leaseExpired: Counter<'namespace' | 'task'>;
  readonly stepDuration: Histogram<'namespace' | 'task' | 'step'>;
  readonly queueWait: Histogram;
  readonly dependencyWait: Histogram;
  readonly taskDuration: Histogram<'namespace' | 'name' | 'status'>;
  private readonly sources = new Set<TaskerMetricSource>();

  private constructor(private readonly registry: Registry) {
    // Checked before declaring any, so a refusal leaves the registry as it was.
    for (const name of TASKER_METRIC_NAMES) this.refuseTaken(name);
    const sources = this.sources;
    const registers = [registry];
    this.tasksCreated = this.declare(
      'tasker_tasks_created_total',
      () =>
        new Counter({
          name: 'tasker_tasks_created_total',
          help: 'Tasks created, by task namespace and name.',
          labelNames: ['namespace', 'name'],
          registers,
        }),
    );
    this.tasksFinished = this.declare(
      'tasker_tasks_finished_total',
      () =>
        new Counter({
          name: 'tasker_tasks_finished_total',
          help: 'Tasks that reached a final status (complete, error, cancelled, resolved_manually).',
          labelNames: ['namespace', 'name', 'status'],
          registers,
        }),
    );
    this.stepsFinished = this.declare(
      'tasker_steps_finished_total',
      () =>
        new Counter({
          name: 'tasker_steps_finished_total',
          help: 'Steps that reached a final status (complete, error, cancelled, resolved_manually).',
          labelNames: ['namespace', 'task', 'step', 'status'],
          registers,
        }),
    );
    this.stepRetries = this.declare(
      'tasker_step_retries_total',
      () =>
        new Counter({
          name: 'tasker_step_retries_total',
          help: 'Failed step attempts for which another attempt was scheduled.',
          labelNames: ['namespace', 'task', 'step'],
          registers,
        }),
    );
    this.leaseExpired = this.declare(
      'tasker_lease_expired_total',
      () =>
        new Counter({
          name: 'tasker_lease_expired_total',
          help: 'Step runs whose lease expired (a worker died or lost the database) and that a sweep of this process recovered.',
          labelNames: ['namespace', 'task'],
          registers,
        }),
    );
    this.stepDuration = this.declare(
      'tasker_step_duration_seconds',
      () =>
        new Histogram({
          name: 'tasker_step_duration_seconds',
          help: 'Run time of step handlers (every attempt that ended in a result or a failure).',
          labelNames: ['namespace', 'task', 'step'],
          buckets: STEP_DURATION_BUCKETS,
          registers,
        }),
    );
    this.queueWait = this.declare(
      'tasker_step_queue_wait_seconds',
      () =>
        new Histogram({
          name: 'tasker_step_queue_wait_seconds',
          help: 'Time from a step becoming ready to a worker starting it.',
          buckets: WAIT_BUCKETS,
          registers,
        }),
    );
    this.dependencyWait = this.declare(
      'tasker_step_dependency_wait_seconds',
      () =>
        new Histogram({
          name: 'tasker_step_dependency_wait_seconds',
          help: 'Time from a step being created to its dependencies being finished (it became ready).',
          buckets: WAIT_BUCKETS,
          registers,
        }),
    );
    this.taskDuration = this.declare(
      'tasker_task_duration_seconds',
      () =>
        new Histogram({
          name: 'tasker_task_duration_seconds',
          help: 'Time from a task being created to it reaching a final status, read at scrape time.',
          labelNames: ['namespace', 'name', 'status'],
          buckets: TASK_DURATION_BUCKETS,
          registers,
          async collect() {
            for (const source of sources) {
              for (const { namespace, name, status, seconds } of await source.takeTaskDurations())
                this.observe({ namespace, name, status }, seconds);
            }
          },
        }),
    );
    this.gauge('tasker_steps_in_flight', 'Step handlers running in this process now.', () =>
      sum(sources, (source) => source.inFlight()),
    );
    this.gauge('tasker_concurrency_limit', 'Step handlers this process may run at once (health-aware limit).', () =>
      sum(sources, (source) => source.concurrencyLimit()),
    );
    this.gauge('tasker_db_pool_in_use', "Connections of Tasker's pool checked out now.", () =>
      sum(sources, (source) => source.poolInUse()),
    );
    this.gauge(
      'tasker_concurrency_pool_pressure',
      "Utilization (busy / size, 0..1) of Tasker's pool at the last concurrency measurement.",
      () => largest(sources, (source) => source.poolPressure()),
    );
    this.gauge(
      'tasker_concurrency_system_load',
      'Combined task and step load (0..1) at the last concurrency measurement.',
      () => largest(sources, (source) => source.systemLoad()),
    );
    this.gauge('tasker_ready_steps', 'Steps ready and due, waiting for a worker (backlog).', async () => {
      const readings = await Promise.all([...sources].map((source) => source.readySteps()));
      return largest(readings, (reading) => reading);
    });
  }

  /**
   * The set of `registry`, created (and registered) on first use. A set whose metrics were
   * removed from the registry since (`registry.clear()`) is declared again.
   */
  static for(registry: Registry): TaskerMetricSet {
    const existing = sets.get(registry);
    if (existing !== undefined && existing.isRegistered()) return existing;
    const set = new TaskerMetricSet(registry);
    sets.set(registry, set);
    return set;
  }

  /** Adds a source to the gauges and the task durations; returns the function that removes it. */
  attach(source: TaskerMetricSource): () => void {
    this.sources.add(source);
    return () => {
      this.sources.delete(source);
    };
  }

  private isRegistered(): boolean {
    return this.registry.getSingleMetric('tasker_tasks_created_total') === this.tasksCreated;
  }

  /**
   * Declares a metric, or refuses when another one of that name (not Tasker's, or from another
   * copy of Tasker) is in the registry: two copies counting into separate objects under one name
   * would each publish half the truth.
   */
  private refuseTaken(name: string): void {
    if (this.registry.getSingleMetric(name) !== undefined) {
      throw new TaskerConfigurationError(
        'metrics.registry',
        `already holds a metric named ${name} that this Tasker did not declare (another copy of nestjs-tasker, or the app's own); give Tasker a registry of its own`,
      );
    }
  }

  private declare<M extends Metric>(name: (typeof TASKER_METRIC_NAMES)[number], create: () => M): M {
    this.refuseTaken(name);
    return create();
  }

  private gauge(name: (typeof TASKER_METRIC_NAMES)[number], help: string, read: () => number | Promise<number>): void {
    this.declare(
      name,
      () =>
        new Gauge({
          name,
          help,
          registers: [this.registry],
          async collect() {
            this.set(await read());
          },
        }),
    );
  }
}

function sum<T>(items: Iterable<T>, read: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += read(item);
  return total;
}

function largest<T>(items: Iterable<T>, read: (item: T) => number | undefined): number {
  let max = 0;
  for (const item of items) {
    const value = read(item);
    if (value !== undefined && value > max) max = value;
  }
  return max;
}
