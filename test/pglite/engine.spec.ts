import { TaskWaitTimeoutError, type TaskView } from '../../lib';
import { DiamondModule } from '../fixtures/diamond.fixture';
import { EngineProbe, type EngineContext, type ScriptedResult } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { firstOf, itemAt } from '../support/present';
import { waitFor } from '../support/wait-for';

// One embedded database for the whole file: each PGlite instance costs seconds and ~800 MB.
const STARTUP_MS = 60_000;

describe('engine on the embedded database (PGlite)', () => {
  let app: EngineApp;
  const probe = new EngineProbe('pglite');

  beforeAll(async () => {
    app = await createEngineApp(engineOptions(undefined, { worker: { pollIntervalMs: 50 } }), probe, {
      after: [DiamondModule],
    });
  }, STARTUP_MS);

  afterAll(async () => {
    probe.release();
    await closeAll(app);
  }, STARTUP_MS);

  function create(name: string, context: EngineContext = {}): Promise<TaskView> {
    return app.tasker.createTask({ namespace: 'engine', name, context });
  }

  it('runs diamonds to completion with results flowing', async () => {
    const engine = await create('diamond');
    const math = await app.tasker.createTask({ namespace: 'math', name: 'diamond', context: { even_number: 2 } });
    const [engineDone, mathDone] = await Promise.all([
      app.tasker.waitForTask(engine.id, { timeoutMs: 20_000 }),
      app.tasker.waitForTask(math.id, { timeoutMs: 20_000 }),
    ]);
    expect(engineDone.status).toBe('complete');
    expect(
      engineDone.steps.map((step) => [step.name, step.status, step.attempts, (step.results as ScriptedResult).sum]),
    ).toEqual([
      ['top', 'complete', 1, 1],
      ['left', 'complete', 1, 3],
      ['right', 'complete', 1, 5],
      ['bottom', 'complete', 1, 16],
    ]);
    expect(mathDone.status).toBe('complete');
    expect(mathDone.steps.map((step) => step.results)).toEqual([
      { result: 4 },
      { result: 16 },
      { result: 16 },
      { result: 256 },
    ]);
  });

  it('retries a step that fails twice, then succeeds', async () => {
    const created = await create('linear', { script: { b: { fail: { times: 2 } } } });
    const done = await app.tasker.waitForTask(created.id, { timeoutMs: 20_000 });
    expect(done.status).toBe('complete');
    expect(done.steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['a', 'complete', 1],
      ['b', 'complete', 3],
      ['c', 'complete', 1],
      ['d', 'complete', 1],
    ]);
    expect(itemAt(done.steps, 1).error).toEqual({ message: 'b failed on attempt 2', code: null, type: 'Error' });
    expect((itemAt(done.steps, 3).results as ScriptedResult).sum).toBe(15);
  });

  it('cancels a running task: the handler sees its signal aborted, nothing else runs, waiters wake', async () => {
    const created = await create('linear', { script: { a: { hold: { until: 'signal' } } } });
    await waitFor(() => probe.heldRuns(created.id).length === 1, { what: 'a held', timeoutMs: 20_000 });
    const waiting = app.tasker.waitForTask(created.id, { timeoutMs: 20_000 });
    const view = await app.tasker.cancelTask(created.id);
    expect(view.status).toBe('cancelled');
    expect((await waiting).status).toBe('cancelled');
    expect(view.steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['a', 'cancelled', 1],
      ['b', 'cancelled', 0],
      ['c', 'cancelled', 0],
      ['d', 'cancelled', 0],
    ]);
    const run = firstOf(probe.runsOf(created.id, 'a'));
    await waitFor(() => run.finished, { what: 'handler returned' });
    expect(run.abortReason).toBe('cancelled');
    // a task created afterwards completes, and the cancelled one ran nothing further
    const barrier = await create('single');
    expect((await app.tasker.waitForTask(barrier.id, { timeoutMs: 20_000 })).status).toBe('complete');
    expect(probe.runsOf(created.id).map((r) => r.stepName)).toEqual(['a']);
  });

  it('waitForTask resolves at once for a terminal task and times out for a running one', async () => {
    const done = await create('single');
    const finished = await app.tasker.waitForTask(done.id, { timeoutMs: 20_000 });
    expect(finished.status).toBe('complete');
    expect((await app.tasker.waitForTask(done.id, { timeoutMs: 50 })).status).toBe('complete');

    const held = await create('single', { script: { work: { hold: { until: 'gate' } } } });
    await waitFor(() => probe.heldRuns(held.id).length === 1, { what: 'work held', timeoutMs: 20_000 });
    await expect(app.tasker.waitForTask(held.id, { timeoutMs: 200 })).rejects.toBeInstanceOf(TaskWaitTimeoutError);
    probe.release(held.id);
    expect((await app.tasker.waitForTask(held.id, { timeoutMs: 20_000 })).status).toBe('complete');
  });
});
