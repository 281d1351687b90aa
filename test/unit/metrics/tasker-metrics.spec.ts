import { expect } from '@jest/globals';
import { Counter, Registry } from 'prom-client';
import { TaskerConfigurationError } from '../../../lib';
import type { ConcurrencyLimitProvider } from '../../../lib/concurrency/concurrency-limit.provider';
import type { ConcurrencySnapshot } from '../../../lib/concurrency/concurrency-snapshot.interface';
import { TaskerEventBus } from '../../../lib/events/tasker-event-bus';
import { TASKER_DEFAULTS } from '../../../lib/config/tasker.defaults';
import { READY_STEPS_TTL_MS, TaskerMetrics } from '../../../lib/metrics/tasker-metrics.service';
import { TaskerMetricSet } from '../../../lib/metrics/tasker-metric-set';
import type { ClaimedStep } from '../../../lib/orchestration/claimed-step';
import { StepStartObservers } from '../../../lib/orchestration/step-start-observers';
import type { WorkerControl } from '../../../lib/orchestration/worker-control.port';
import type { TaskerDatabase } from '../../../lib/persistence/tasker-database';
import { metricValue } from '../../support/metric-values';

interface Fakes {
  queries: string[];
  ready: number;
  failReads: boolean;
  inFlight: number;
  busy: number;
}

function makeMetrics(
  registry: Registry,
  fakes: Fakes,
  enabled = true,
  starts = new StepStartObservers(),
): { metrics: TaskerMetrics; events: TaskerEventBus } {
  const events = new TaskerEventBus();
  const database = {
    schema: 'tasker',
    embedded: false,
    poolStats: () => ({ size: 10, busy: fakes.busy }),
    readQuery: (sql: string) => {
      fakes.queries.push(sql);
      if (fakes.failReads) return Promise.reject(new Error('connection refused'));
      return Promise.resolve(sql.includes('count(*)') ? [{ ready: String(fakes.ready) }] : []);
    },
  } as unknown as TaskerDatabase;
  const worker = {
    get inFlight() {
      return fakes.inFlight;
    },
  } as unknown as WorkerControl;
  const snapshot = {
    limit: 7,
    pool: { utilization: 0.25 },
    load: { combined: 0.5 },
  } as unknown as ConcurrencySnapshot;
  const concurrency: ConcurrencyLimitProvider = { currentLimit: () => 7, inputs: () => snapshot };
  const options = { ...TASKER_DEFAULTS, metrics: { enabled, registry } };
  const metrics = new TaskerMetrics(options, events, database, worker, concurrency, starts);
  metrics.onModuleInit();
  return { metrics, events };
}

const step = {
  taskId: 't1',
  namespace: 'shop',
  name: 'order',
  version: '1.0.0',
  stepId: 's1',
  stepName: 'pay',
  attempt: 1,
};
const error = { message: 'boom', code: null, type: 'Error' };

describe('TaskerMetrics', () => {
  let fakes: Fakes;
  beforeEach(() => {
    fakes = { queries: [], ready: 4, failReads: false, inFlight: 0, busy: 0 };
  });

  it('observeStepClaimed records the dependency wait (ready - created) and the queue wait (started - ready)', async () => {
    const registry = new Registry();
    const { metrics } = makeMetrics(registry, fakes);
    const createdAt = new Date('2026-01-01T00:00:00.000Z');
    metrics.observeStepClaimed({
      createdAt,
      readyAt: new Date(createdAt.getTime() + 2000),
      startedAt: new Date(createdAt.getTime() + 2250),
    });
    // clock skew (started before ready) counts as 0, not as a negative wait
    metrics.observeStepClaimed({ createdAt, readyAt: createdAt, startedAt: new Date(createdAt.getTime() - 50) });
    expect(await metricValue(registry, 'tasker_step_dependency_wait_seconds', {}, '_count')).toBe(2);
    expect(await metricValue(registry, 'tasker_step_dependency_wait_seconds', {}, '_sum')).toBeCloseTo(2);
    expect(await metricValue(registry, 'tasker_step_queue_wait_seconds', {}, '_sum')).toBeCloseTo(0.25);
    expect(await metricValue(registry, 'tasker_step_queue_wait_seconds', { le: '0.25' })).toBe(2);
    expect(await metricValue(registry, 'tasker_step_queue_wait_seconds', { le: '0.1' })).toBe(1);
  });

  it('records the waits of each run start the dispatcher announces, and stops at module destroy', async () => {
    const registry = new Registry();
    const starts = new StepStartObservers();
    const { metrics } = makeMetrics(registry, fakes, true, starts);
    const createdAt = new Date(Date.now() - 3000);
    const claimed = { createdAt, readyAt: new Date(createdAt.getTime() + 1000) } as unknown as ClaimedStep;
    starts.notify(claimed);
    expect(await metricValue(registry, 'tasker_step_dependency_wait_seconds', {}, '_sum')).toBeCloseTo(1);
    expect(await metricValue(registry, 'tasker_step_queue_wait_seconds', {}, '_sum')).toBeGreaterThanOrEqual(2);
    metrics.onModuleDestroy();
    expect(starts.active).toBe(false);
    starts.notify(claimed);
    expect(await metricValue(registry, 'tasker_step_queue_wait_seconds', {}, '_count')).toBe(1);
  });

  it('counts a swept lease as a lease expiry, without a run time', async () => {
    const registry = new Registry();
    const { events } = makeMetrics(registry, fakes);
    const leaseError = { message: 'Lease expired', code: 'LEASE_EXPIRED', type: 'LeaseExpiredError' };
    events.publish('step.retry_scheduled', { ...step, durationMs: 0, error: leaseError, retryInMs: 10 });
    events.publish('step.failed', { ...step, attempt: 3, durationMs: 0, error: leaseError });
    events.publish('step.failed', { ...step, durationMs: 40, error });
    expect(await metricValue(registry, 'tasker_lease_expired_total', { namespace: 'shop', task: 'order' })).toBe(2);
    expect(await metricValue(registry, 'tasker_step_retries_total', { step: 'pay' })).toBe(1);
    expect(await metricValue(registry, 'tasker_steps_finished_total', { step: 'pay', status: 'error' })).toBe(2);
    expect(await metricValue(registry, 'tasker_step_duration_seconds', { step: 'pay' }, '_count')).toBe(1);
    expect(await metricValue(registry, 'tasker_step_duration_seconds', { step: 'pay' }, '_sum')).toBeCloseTo(0.04);
  });

  it('counts cancelled and manually resolved steps and tasks', async () => {
    const registry = new Registry();
    const { events } = makeMetrics(registry, fakes);
    events.publish('step.cancelled', step);
    events.publish('step.resolved_manually', step);
    events.publish('task.cancelled', step);
    expect(await metricValue(registry, 'tasker_steps_finished_total', { status: 'cancelled' })).toBe(1);
    expect(await metricValue(registry, 'tasker_steps_finished_total', { status: 'resolved_manually' })).toBe(1);
    expect(await metricValue(registry, 'tasker_tasks_finished_total', { name: 'order', status: 'cancelled' })).toBe(1);
  });

  it('reads the gauges from the worker, the pool and the last concurrency measurement', async () => {
    const registry = new Registry();
    makeMetrics(registry, fakes);
    fakes.inFlight = 3;
    fakes.busy = 5;
    expect(await metricValue(registry, 'tasker_steps_in_flight')).toBe(3);
    expect(await metricValue(registry, 'tasker_concurrency_limit')).toBe(7);
    expect(await metricValue(registry, 'tasker_db_pool_in_use')).toBe(5);
    expect(await metricValue(registry, 'tasker_concurrency_pool_pressure')).toBe(0.25);
    expect(await metricValue(registry, 'tasker_concurrency_system_load')).toBe(0.5);
  });

  it('reads the ready steps from the database at most once per TTL, and keeps the last value on failure', async () => {
    const registry = new Registry();
    makeMetrics(registry, fakes);
    const ready = (): Promise<number> => metricValue(registry, 'tasker_ready_steps');
    expect(await ready()).toBe(4);
    fakes.ready = 9;
    expect(await ready()).toBe(4);
    expect(await ready()).toBe(4);
    expect(fakes.queries.filter((sql) => sql.includes('count(*)'))).toHaveLength(1);
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now');
    try {
      clock.mockReturnValue(now + READY_STEPS_TTL_MS + 1);
      expect(await ready()).toBe(9);
      fakes.failReads = true;
      clock.mockReturnValue(now + 2 * READY_STEPS_TTL_MS + 2);
      expect(await ready()).toBe(9);
      expect(fakes.queries.filter((sql) => sql.includes('count(*)'))).toHaveLength(3);
    } finally {
      clock.mockRestore();
    }
  });

  it('two instances on one registry share the metrics; the gauges add up the sources', async () => {
    const registry = new Registry();
    const first = makeMetrics(registry, fakes);
    makeMetrics(registry, { ...fakes, inFlight: 2 });
    fakes.inFlight = 1;
    expect(await metricValue(registry, 'tasker_steps_in_flight')).toBe(3);
    expect(await metricValue(registry, 'tasker_concurrency_limit')).toBe(14);
    first.metrics.onModuleDestroy();
    expect(await metricValue(registry, 'tasker_concurrency_limit')).toBe(7);
    first.events.publish('task.created', step);
    expect(await metricValue(registry, 'tasker_tasks_created_total', { name: 'order' })).toBe(0);
  });

  it('disabled: registers nothing and observeStepClaimed does nothing', () => {
    const registry = new Registry();
    const { metrics, events } = makeMetrics(registry, fakes, false);
    metrics.observeStepClaimed({ createdAt: new Date(), readyAt: new Date(), startedAt: new Date() });
    expect(events.hasListeners('task.created')).toBe(false);
    expect(registry.getMetricsAsArray()).toEqual([]);
  });

  it('refuses a registry holding a metric of the same name that Tasker did not declare', () => {
    const registry = new Registry();
    new Counter({ name: 'tasker_step_retries_total', help: 'the app’s own', registers: [registry] });
    expect(() => TaskerMetricSet.for(registry)).toThrow(TaskerConfigurationError);
    expect(() => TaskerMetricSet.for(registry)).toThrow(/metric named tasker_step_retries_total/);
    // nothing half-declared: the app's metric is the only one
    expect(registry.getMetricsAsArray().map((metric) => metric.name)).toEqual(['tasker_step_retries_total']);
  });

  it('declares the set again after the registry was cleared', () => {
    const registry = new Registry();
    const first = TaskerMetricSet.for(registry);
    expect(TaskerMetricSet.for(registry)).toBe(first);
    registry.clear();
    const second = TaskerMetricSet.for(registry);
    expect(second).not.toBe(first);
    expect(registry.getSingleMetric('tasker_tasks_created_total')).toBe(second.tasksCreated);
  });
});
