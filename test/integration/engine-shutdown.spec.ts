import { expect } from '@jest/globals';
import type { TaskView } from '../../lib';
import { EngineProbe, type ScriptedResult } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, stepRows, type EngineApp } from '../support/engine-app';
import { firstOf } from '../support/present';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

function summary(task: TaskView): Array<[string, string, number, string | null]> {
  return task.steps.map((step) => [
    step.name,
    step.status,
    step.attempts,
    (step.results as ScriptedResult | null)?.by ?? null,
  ]);
}

describe('engine: graceful shutdown (PostgreSQL)', () => {
  let database: TestDatabase;
  /** A client-only app (no worker): creates and reads tasks while workers come and go. */
  let observer: EngineApp;
  const apps: EngineApp[] = [];

  async function worker(label: string, shutdownTimeoutMs: number): Promise<EngineApp> {
    const app = await createEngineApp(
      engineOptions(database.url, { worker: { shutdownTimeoutMs, pollIntervalMs: 50 } }),
      new EngineProbe(label),
    );
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    observer = await createEngineApp(
      engineOptions(database.url, { worker: { enabled: false } }),
      new EngineProbe('observer'),
    );
  });

  afterAll(async () => {
    for (const app of apps) app.probe.release();
    await closeAll(...apps, observer);
    await database?.drop();
  });

  it('lets a running step finish within shutdownTimeoutMs, writes its outcome, and claims nothing more', async () => {
    const a = await worker('A', 10_000);
    const task = await observer.tasker.createTask({
      namespace: 'engine',
      name: 'linear',
      context: { script: { a: { hold: { until: 'gate', attempts: [1] } } } },
    });
    await waitFor(() => a.probe.heldRuns(task.id).length === 1, { what: 'A runs step a' });

    const closing = a.close();
    await waitFor(() => !a.worker.isRunning, { what: 'A draining' });
    // the drain waits for the handler: not aborted, still running
    expect(a.probe.heldRuns(task.id)).toHaveLength(1);
    expect(firstOf(a.probe.runsOf(task.id, 'a')).abortReason).toBeUndefined();
    a.probe.release(task.id);
    await closing;

    expect(a.probe.runsOf(task.id).map((run) => [run.stepName, run.abortReason])).toEqual([['a', undefined]]);
    const afterClose = await observer.tasker.getTask(task.id);
    expect(afterClose.status).toBe('in_progress');
    expect(summary(afterClose)).toEqual([
      ['a', 'complete', 1, 'A'],
      ['b', 'pending', 0, null],
      ['c', 'pending', 0, null],
      ['d', 'pending', 0, null],
    ]);
    expect((await stepRows(observer, task.id)).map((row) => row.lease_owner)).toEqual([null, null, null, null]);

    const b = await worker('B', 2000);
    const done = await observer.tasker.waitForTask(task.id, { timeoutMs: 15_000 });
    expect(done.status).toBe('complete');
    expect(summary(done)).toEqual([
      ['a', 'complete', 1, 'A'],
      ['b', 'complete', 1, 'B'],
      ['c', 'complete', 1, 'B'],
      ['d', 'complete', 1, 'B'],
    ]);
    await b.close();
  });

  it('aborts a step still running after shutdownTimeoutMs and releases it at once for another worker', async () => {
    // A's lease is the default 30 s: B can only take the step this soon because A released it.
    const a = await worker('A2', 300);
    const task = await observer.tasker.createTask({
      namespace: 'engine',
      name: 'single',
      context: { script: { work: { hold: { until: 'signal', attempts: [1] } } } },
    });
    await waitFor(() => a.probe.heldRuns(task.id).length === 1, { what: 'A2 runs work' });

    await a.close();
    const run = firstOf(a.probe.runsOf(task.id, 'work'));
    expect([run.abortReason, run.abortErrorName, run.finished]).toEqual(['shutdown', 'StepAbortedError', true]);
    const released = await observer.tasker.getTask(task.id);
    expect(released.status).toBe('in_progress');
    expect(released.steps[0]).toMatchObject({ status: 'waiting_for_retry', attempts: 1 });
    expect(firstOf(released.steps).error).toEqual({
      message: expect.any(String),
      code: 'SHUTDOWN',
      type: 'StepAbortedError',
    });
    expect(firstOf(await stepRows(observer, task.id)).lease_owner).toBeNull();
    expect((await observer.tasker.explainTask(task.id)).steps[0]).toMatchObject({ ready: true });

    const b = await worker('B2', 2000);
    const done = await observer.tasker.waitForTask(task.id, { timeoutMs: 10_000 });
    expect(done.status).toBe('complete');
    expect(summary(done)).toEqual([['work', 'complete', 2, 'B2']]);
    await b.close();
  });

  it('never runs a step beyond maxAttempts (nor a non-retryable step twice) when shutdown interrupts its last attempt', async () => {
    // maxAttempts is the total number of attempts and `attempts` counts every run started,
    // interrupted ones included; a lost lease on the last attempt ends the step in error
    // (expire_leases), and an interrupted last attempt must not buy an extra run either.
    const a = await worker('A3', 100);
    const once = await observer.tasker.createTask({
      namespace: 'engine',
      name: 'once', // retryable: false, so attempt 1 is its last
      context: { script: { work: { hold: { until: 'signal', attempts: [1] } } } },
    });
    const pair = await observer.tasker.createTask({
      namespace: 'engine',
      name: 'pair', // work: maxAttempts 2; attempt 1 fails, attempt 2 is interrupted
      context: { script: { work: { fail: { times: 1 }, hold: { until: 'signal', attempts: [2] } } } },
    });
    await waitFor(() => a.probe.heldRuns().length === 2, { what: 'A3 runs once/work#1 and pair/work#2' });
    await a.close();
    const interrupted = a.probe.runs.filter((run) => run.abortReason === 'shutdown');
    expect(interrupted.map((run) => `${run.taskId === once.id ? 'once' : 'pair'}#${run.attempt}`).sort()).toEqual([
      'once#1',
      'pair#2',
    ]);

    // another worker runs (a task created now completes), and would have taken any step left runnable
    const b = await worker('B3', 2000);
    const barrier = await observer.tasker.createTask({ namespace: 'engine', name: 'single', context: {} });
    expect((await observer.tasker.waitForTask(barrier.id, { timeoutMs: 10_000 })).status).toBe('complete');

    const work = async (taskId: string): Promise<Record<string, unknown>> => {
      const view = await observer.tasker.getTask(taskId);
      const step = firstOf(view.steps);
      return {
        task: view.status,
        status: step.status,
        attempts: step.attempts,
        maxAttempts: step.maxAttempts,
        code: step.error?.code,
        runsOnB: b.probe.runsOf(taskId, 'work').length,
      };
    };
    expect({ once: await work(once.id), pair: await work(pair.id) }).toEqual({
      once: { task: 'error', status: 'error', attempts: 1, maxAttempts: 3, code: 'SHUTDOWN', runsOnB: 0 },
      pair: { task: 'error', status: 'error', attempts: 2, maxAttempts: 2, code: 'SHUTDOWN', runsOnB: 0 },
    });
    await b.close();
  });
});
