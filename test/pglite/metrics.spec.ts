import { expect } from '@jest/globals';
import { Registry, register as defaultRegistry } from 'prom-client';
import type { TaskView } from '../../lib';
import { TaskerMetrics } from '../../lib/metrics/tasker-metrics.service';
import { EngineProbe, type EngineContext } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { metricValue } from '../support/metric-values';
import { waitFor } from '../support/wait-for';

/** Booting an embedded database takes seconds, and tens of seconds on a loaded machine. */
const BOOT_TIMEOUT_MS = 90_000;

const TASKER_METRICS = [
  'tasker_tasks_created_total',
  'tasker_tasks_finished_total',
  'tasker_steps_finished_total',
  'tasker_step_retries_total',
  'tasker_step_duration_seconds',
  'tasker_step_queue_wait_seconds',
  'tasker_step_dependency_wait_seconds',
  'tasker_task_duration_seconds',
  'tasker_steps_in_flight',
  'tasker_concurrency_limit',
  'tasker_ready_steps',
  'tasker_lease_expired_total',
  'tasker_db_pool_in_use',
  'tasker_concurrency_pool_pressure',
  'tasker_concurrency_system_load',
];

async function run(app: EngineApp, name: string, context: EngineContext = {}): Promise<TaskView> {
  const created = await app.tasker.createTask({ namespace: 'engine', name, context });
  return app.tasker.waitForTask(created.id, { timeoutMs: 20_000 });
}

describe('Prometheus metrics (PGlite)', () => {
  // First in the file: the module registry of a test file is its own, so prom-client's default
  // registry holds only what this file's apps declared.
  it(
    'metrics.enabled false registers nothing, on the given registry nor the default one',
    async () => {
      const registry = new Registry();
      const app = await createEngineApp({ ...engineOptions(undefined), metrics: { enabled: false, registry } });
      try {
        expect((await run(app, 'single')).status).toBe('complete');
        expect(app.module.get(TaskerMetrics).enabled).toBe(false);
        expect(registry.getMetricsAsArray()).toEqual([]);
        expect(defaultRegistry.getMetricsAsArray().filter((metric) => metric.name.startsWith('tasker_'))).toEqual([]);
      } finally {
        await closeAll(app);
      }
    },
    BOOT_TIMEOUT_MS,
  );

  describe('one app', () => {
    const registry = new Registry();
    const probe = new EngineProbe();
    let app: EngineApp;

    beforeAll(async () => {
      app = await createEngineApp({ ...engineOptions(undefined), metrics: { registry } }, probe);
    }, BOOT_TIMEOUT_MS);

    afterAll(() => closeAll(app));

    it('declares every metric on the given registry', () => {
      expect(registry.getMetricsAsArray().map((metric) => metric.name)).toEqual(expect.arrayContaining(TASKER_METRICS));
      expect(registry.getMetricsAsArray()).toHaveLength(TASKER_METRICS.length);
    });

    it('counts a diamond, a retried step and a failing task by the right deltas', async () => {
      const value = (name: string, labels: Record<string, string>, suffix?: '_count' | '_sum') =>
        metricValue(registry, name, { namespace: 'engine', ...labels }, suffix);
      const before = {
        diamondCreated: await value('tasker_tasks_created_total', { name: 'diamond' }),
        linearRetries: await value('tasker_step_retries_total', { task: 'linear', step: 'b' }),
        queueWaits: await metricValue(registry, 'tasker_step_queue_wait_seconds', {}, '_count'),
        dependencyWaits: await metricValue(registry, 'tasker_step_dependency_wait_seconds', {}, '_count'),
      };

      const diamond = await run(app, 'diamond');
      const linear = await run(app, 'linear', { script: { b: { fail: { times: 2 } } } });
      const failing = await run(app, 'once', { script: { work: { fail: { kind: 'permanent' } } } });
      expect([diamond.status, linear.status, failing.status]).toEqual(['complete', 'complete', 'error']);

      // Events are delivered after the writes commit, which may be just after the waiters wake.
      await waitFor(async () => (await value('tasker_tasks_finished_total', { name: 'once', status: 'error' })) === 1, {
        what: 'the failed task counted',
      });
      await waitFor(
        async () => (await value('tasker_tasks_finished_total', { name: 'linear', status: 'complete' })) === 1,
        { what: 'the linear task counted' },
      );
      expect(await value('tasker_tasks_created_total', { name: 'diamond' })).toBe(before.diamondCreated + 1);
      expect(await value('tasker_tasks_created_total', { name: 'once' })).toBe(1);
      expect(await value('tasker_tasks_finished_total', { name: 'diamond', status: 'complete' })).toBe(1);
      expect(await value('tasker_tasks_finished_total', { name: 'once', status: 'complete' })).toBe(0);

      for (const step of ['top', 'left', 'right', 'bottom']) {
        expect(await value('tasker_steps_finished_total', { task: 'diamond', step, status: 'complete' })).toBe(1);
        expect(await value('tasker_step_duration_seconds', { task: 'diamond', step }, '_count')).toBe(1);
      }
      expect(await value('tasker_step_retries_total', { task: 'linear', step: 'b' })).toBe(before.linearRetries + 2);
      expect(await value('tasker_steps_finished_total', { task: 'linear', step: 'b', status: 'complete' })).toBe(1);
      expect(await value('tasker_steps_finished_total', { task: 'linear', step: 'b', status: 'error' })).toBe(0);
      // three runs of b (two failed attempts and the success), each timed
      expect(await value('tasker_step_duration_seconds', { task: 'linear', step: 'b' }, '_count')).toBe(3);
      expect(await value('tasker_steps_finished_total', { task: 'once', step: 'work', status: 'error' })).toBe(1);
      expect(await value('tasker_step_retries_total', { task: 'once', step: 'work' })).toBe(0);
      expect(await value('tasker_step_duration_seconds', { task: 'once', step: 'work' }, '_count')).toBe(1);
      expect(await value('tasker_lease_expired_total', { task: 'linear' })).toBe(0);
      // every run waited once for a worker and once for its dependencies: 4 + 6 (b ran three times) + 1
      expect(await metricValue(registry, 'tasker_step_queue_wait_seconds', {}, '_count')).toBe(before.queueWaits + 11);
      expect(await metricValue(registry, 'tasker_step_dependency_wait_seconds', {}, '_count')).toBe(
        before.dependencyWaits + 11,
      );

      // Task durations are read at scrape time, one observation per finished task.
      expect(await value('tasker_task_duration_seconds', { name: 'diamond', status: 'complete' }, '_count')).toBe(1);
      expect(await value('tasker_task_duration_seconds', { name: 'once', status: 'error' }, '_count')).toBe(1);
      expect(
        await value('tasker_task_duration_seconds', { name: 'linear', status: 'complete' }, '_sum'),
      ).toBeGreaterThan(0);
      // a second scrape does not count them again
      expect(await value('tasker_task_duration_seconds', { name: 'diamond', status: 'complete' }, '_count')).toBe(1);

      expect(await metricValue(registry, 'tasker_steps_in_flight')).toBe(0);
      expect(await metricValue(registry, 'tasker_concurrency_limit')).toBeGreaterThanOrEqual(1);
      expect(await metricValue(registry, 'tasker_ready_steps')).toBe(0);
      const text = await registry.metrics();
      expect(text).toContain(
        'tasker_steps_finished_total{namespace="engine",task="diamond",step="top",status="complete"} 1',
      );
      // no ids in any label
      expect(text).not.toContain(diamond.id);
    });

    it('counts steps in flight while handlers run, and 0 once they return', async () => {
      const created = await app.tasker.createTask({
        namespace: 'engine',
        name: 'diamond',
        context: { script: { left: { hold: { until: 'gate' } }, right: { hold: { until: 'gate' } } } },
      });
      await waitFor(() => probe.heldRuns(created.id).length === 2, { what: 'left and right held' });
      expect(await metricValue(registry, 'tasker_steps_in_flight')).toBe(2);
      probe.release(created.id);
      expect((await app.tasker.waitForTask(created.id, { timeoutMs: 20_000 })).status).toBe('complete');
      await waitFor(async () => (await metricValue(registry, 'tasker_steps_in_flight')) === 0, {
        what: 'no step in flight',
      });
    });
  });

  it(
    'two Tasker apps in one process both boot with metrics on the default registry, and add up',
    async () => {
      const apps: EngineApp[] = [];
      try {
        apps.push(await createEngineApp(engineOptions(undefined)));
        apps.push(await createEngineApp(engineOptions(undefined)));
        const [first, second] = apps as [EngineApp, EngineApp];
        const created = () => metricValue(defaultRegistry, 'tasker_tasks_created_total', { name: 'single' });
        const before = await created();
        expect((await run(first, 'single')).status).toBe('complete');
        expect((await run(second, 'single')).status).toBe('complete');
        expect(await created()).toBe(before + 2);
        await waitFor(
          async () =>
            (await metricValue(defaultRegistry, 'tasker_steps_finished_total', {
              task: 'single',
              step: 'work',
              status: 'complete',
            })) === 2,
          { what: 'both steps counted' },
        );
        const limits = first.worker.inFlight + second.worker.inFlight;
        expect(limits).toBe(0);
        // the limit gauge is the process's: both workers' limits added up
        expect(await metricValue(defaultRegistry, 'tasker_concurrency_limit')).toBeGreaterThanOrEqual(2);
      } finally {
        await closeAll(...apps);
      }
    },
    2 * BOOT_TIMEOUT_MS,
  );
});
