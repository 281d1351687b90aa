import { expect } from '@jest/globals';
import { register } from 'prom-client';
import type { StepView, TaskView } from '../../lib';
import { EngineProbe, type ScriptedResult } from '../fixtures/engine.fixture';
import {
  closeAll,
  createEngineApp,
  engineOptions,
  stepRows,
  stepTransitions,
  testLogger,
  type EngineApp,
} from '../support/engine-app';
import { metricValue } from '../support/metric-values';
import { firstOf } from '../support/present';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { crashWorker, workerIdle } from '../support/worker-control';

const LEASE_MS = 600;
const HOLD_FIRST_ATTEMPT = { hold: { until: 'gate' as const, attempts: [1] } };

function stepOf(task: TaskView, name: string): StepView {
  const step = task.steps.find((candidate) => candidate.name === name);
  if (step === undefined) throw new Error(`task ${task.id} has no step ${name}`);
  return step;
}

describe('engine: crash recovery (PostgreSQL)', () => {
  let database: TestDatabase;
  let a: EngineApp | undefined;
  let b: EngineApp | undefined;

  const options = (): ReturnType<typeof engineOptions> =>
    engineOptions(database.url, { worker: { leaseMs: LEASE_MS, pollIntervalMs: 50 } });

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await createEngineApp(options(), new EngineProbe('A'));
  });

  afterAll(async () => {
    a?.probe.release();
    await closeAll(a, b);
    await database?.drop();
  });

  it('keeps the lease of a step that runs far longer than leaseMs while its worker heart-beats', async () => {
    const appA = a as EngineApp;
    const task = await appA.tasker.createTask({
      namespace: 'engine',
      name: 'single',
      context: { script: { work: HOLD_FIRST_ATTEMPT } },
    });
    await waitFor(() => appA.probe.heldRuns(task.id).length === 1, { what: 'work held' });
    const leaseOf = async (): Promise<number> => {
      const rows = await appA.query<{ expires: Date | null }>(
        'SELECT lease_expires_at AS expires FROM tasker.steps WHERE task_id = $1',
        [task.id],
      );
      return firstOf(rows).expires?.getTime() ?? 0;
    };
    const firstExpiry = await leaseOf();
    expect(firstExpiry).toBeGreaterThan(0);
    // heartbeats have pushed the lease well past where the first one ended (and the sweeper ran meanwhile)
    await waitFor(async () => (await leaseOf()) > firstExpiry + 2 * LEASE_MS, { what: 'lease extended by heartbeats' });
    const running = await appA.tasker.getTask(task.id);
    expect(running.steps[0]).toMatchObject({ status: 'in_progress', attempts: 1, error: null });
    expect(firstOf(appA.probe.runsOf(task.id)).abortReason).toBeUndefined();
    appA.probe.release(task.id);
    const done = await appA.tasker.waitForTask(task.id, { timeoutMs: 10_000 });
    expect(done.steps[0]).toMatchObject({ status: 'complete', attempts: 1, error: null });
    expect((await stepTransitions(appA, task.id)).map((row) => row.to_status)).toEqual(['in_progress', 'complete']);
  });

  it('re-runs the steps of a worker that stopped heart-beating once their leases expire; its late results are discarded', async () => {
    if (a === undefined) throw new Error('app A did not boot');
    const single = await a.tasker.createTask({
      namespace: 'engine',
      name: 'single',
      context: { script: { work: HOLD_FIRST_ATTEMPT } },
    });
    const diamond = await a.tasker.createTask({
      namespace: 'engine',
      name: 'diamond',
      context: { script: { left: HOLD_FIRST_ATTEMPT, right: HOLD_FIRST_ATTEMPT } },
    });
    // not retryable: a lost run is its last attempt
    const once = await a.tasker.createTask({
      namespace: 'engine',
      name: 'once',
      context: { script: { work: HOLD_FIRST_ATTEMPT } },
    });
    await waitFor(() => a?.probe.heldRuns().length === 4, { what: 'A holds work, left, right and once/work' });

    crashWorker(a.worker);
    b = await createEngineApp(options(), new EngineProbe('B'));
    const appB = b;
    const finished = (task: TaskView): Promise<TaskView> => appB.tasker.waitForTask(task.id, { timeoutMs: 15_000 });
    const [singleDone, diamondDone, onceDone] = await Promise.all([
      finished(single),
      finished(diamond),
      finished(once),
    ]);

    expect(onceDone.status).toBe('error');
    expect(onceDone.steps[0]).toMatchObject({
      status: 'error',
      attempts: 1,
      error: { code: 'LEASE_EXPIRED', type: 'LeaseExpiredError' },
    });
    expect(b.probe.eventsOf('step.failed', once.id)).toEqual([
      expect.objectContaining({ stepName: 'work', attempt: 1 }),
    ]);
    expect(b.probe.eventsOf('task.failed', once.id)).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ code: 'LEASE_EXPIRED' }) }),
    ]);
    expect(b.probe.runsOf(once.id)).toEqual([]);

    expect(singleDone.status).toBe('complete');
    expect(diamondDone.status).toBe('complete');
    const summary = (task: TaskView): Array<[string, string, number, string, number]> =>
      task.steps.map((step) => {
        const result = step.results as ScriptedResult;
        return [step.name, step.status, step.attempts, result.by, result.sum];
      });
    expect(summary(singleDone)).toEqual([['work', 'complete', 2, 'B', 1]]);
    expect(summary(diamondDone)).toEqual([
      ['top', 'complete', 1, 'A', 1],
      ['left', 'complete', 2, 'B', 3],
      ['right', 'complete', 2, 'B', 5],
      ['bottom', 'complete', 1, 'B', 16],
    ]);
    // the lost run is the step's last failure
    for (const step of [stepOf(singleDone, 'work'), stepOf(diamondDone, 'left'), stepOf(diamondDone, 'right')]) {
      expect(step.error).toEqual({
        message: expect.stringContaining(a.worker.workerId),
        code: 'LEASE_EXPIRED',
        type: 'LeaseExpiredError',
      });
    }
    const workTransitions = await stepTransitions(b, single.id);
    expect(
      workTransitions.map((row) => [row.from_status, row.to_status, row.attempt, row.worker, row.error?.code ?? null]),
    ).toEqual([
      ['pending', 'in_progress', 1, a.worker.workerId, null],
      ['in_progress', 'waiting_for_retry', 1, b.worker.workerId, 'LEASE_EXPIRED'],
      ['waiting_for_retry', 'in_progress', 2, b.worker.workerId, null],
      ['in_progress', 'complete', 2, b.worker.workerId, null],
    ]);
    expect(
      b.probe
        .eventsOf('step.retry_scheduled')
        .filter((event) => event.taskId !== once.id)
        .map((event) => [event.stepName, event.attempt, (event.error as { code: string }).code])
        .sort(),
    ).toEqual([
      ['left', 1, 'LEASE_EXPIRED'],
      ['right', 1, 'LEASE_EXPIRED'],
      ['work', 1, 'LEASE_EXPIRED'],
    ]);
    // the sweep's delay is the backoff after attempt 1 (engineOptions: baseMs 5, no jitter)
    expect(
      b.probe
        .eventsOf('step.retry_scheduled')
        .filter((event) => event.taskId !== once.id)
        .map((event) => event.retryInMs),
    ).toEqual([5, 5, 5]);
    // each recovered run counts once as a lease expiry (both apps record on the default registry)
    for (const [task, runs] of [
      ['single', 1],
      ['diamond', 2],
      ['once', 1],
    ] as const) {
      expect({
        task,
        expired: await metricValue(register, 'tasker_lease_expired_total', { namespace: 'engine', task }),
      }).toEqual({ task, expired: runs });
    }
    // A never learnt anything: its handlers were not aborted
    expect(a.probe.runs.filter((run) => run.abortReason !== undefined)).toEqual([]);

    // A's handlers now return; their outcomes (attempt 1) reach the database and change nothing.
    const before = {
      single: { steps: await stepRows(b, single.id), transitions: await stepTransitions(b, single.id) },
      diamond: { steps: await stepRows(b, diamond.id), transitions: await stepTransitions(b, diamond.id) },
      once: { steps: await stepRows(b, once.id), transitions: await stepTransitions(b, once.id) },
      tasks: await b.query('SELECT id, status, updated_at, completed_at FROM tasker.tasks ORDER BY id'),
    };
    const discardedBefore = testLogger.matching('debug', 'Outcome discarded').length;
    expect(a.probe.release()).toBe(4);
    const appA = a;
    await waitFor(() => appA.probe.runs.every((run) => run.finished) && workerIdle(appA.worker), {
      what: "A's late outcomes sent",
    });
    expect(testLogger.matching('debug', 'Outcome discarded').length - discardedBefore).toBe(4);
    const after = {
      single: { steps: await stepRows(b, single.id), transitions: await stepTransitions(b, single.id) },
      diamond: { steps: await stepRows(b, diamond.id), transitions: await stepTransitions(b, diamond.id) },
      once: { steps: await stepRows(b, once.id), transitions: await stepTransitions(b, once.id) },
      tasks: await b.query('SELECT id, status, updated_at, completed_at FROM tasker.tasks ORDER BY id'),
    };
    expect(after).toEqual(before);
    expect(firstOf((await b.tasker.getTask(single.id)).steps).results).toMatchObject({ by: 'B', attempt: 2 });
  });
});
