import type { TaskView } from '../../lib';
import { EngineProbe, ExecutionTracker, FANOUT_WIDTH, type StepScript } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

interface StepTransition {
  step: string;
  from_status: string | null;
  to_status: string;
  attempt: number;
  worker: string | null;
}

interface TaskTransition {
  from_status: string | null;
  to_status: string;
  reason: string | null;
  worker: string | null;
}

describe('createTask claims root steps for a running worker (PostgreSQL)', () => {
  let database: TestDatabase;
  let a: EngineApp;
  let b: EngineApp;
  const tracker = new ExecutionTracker();

  beforeAll(async () => {
    database = await createTestDatabase();
    // A takes at most 3 steps at once; B up to 8. Polling is slow, so only announcements wake B.
    a = await createEngineApp(
      engineOptions(database.url, { concurrency: { min: 3, max: 3 }, worker: { pollIntervalMs: 60_000 } }),
      new EngineProbe('A', tracker),
    );
    b = await createEngineApp(
      engineOptions(database.url, { concurrency: { min: 8, max: 8 }, worker: { pollIntervalMs: 60_000 } }),
      new EngineProbe('B', tracker),
    );
  });

  afterAll(async () => {
    a?.probe.release();
    b?.probe.release();
    await closeAll(a, b);
    await database?.drop();
  });

  /** The task once terminal, read from the database (the worker that finishes it may be the other app's). */
  async function finished(taskId: string): Promise<TaskView> {
    let view = await a.tasker.getTask(taskId);
    await waitFor(async () => {
      view = await a.tasker.getTask(taskId);
      return view.status === 'complete' || view.status === 'error';
    });
    return view;
  }

  function masked<T extends { worker: string | null }>(rows: T[]): T[] {
    return rows.map((row) => ({ ...row, worker: row.worker === null ? null : 'worker' }));
  }

  function stepTransitions(taskId: string): Promise<StepTransition[]> {
    return a.query<StepTransition>(
      `SELECT s.name AS step, t.from_status, t.to_status, t.attempt, t.worker
         FROM tasker.step_transitions t JOIN tasker.steps s ON s.id = t.step_id
        WHERE t.task_id = $1 ORDER BY t.id`,
      [taskId],
    );
  }

  function taskTransitions(taskId: string): Promise<TaskTransition[]> {
    return a.query<TaskTransition>(
      'SELECT from_status, to_status, reason, worker FROM tasker.task_transitions WHERE task_id = $1 ORDER BY id',
      [taskId],
    );
  }

  it('writes the root step claimed, as a claim would, and the worker runs it', async () => {
    const created = await a.tasker.createTask({
      namespace: 'engine',
      name: 'linear',
      context: { script: { a: { hold: { until: 'gate' } } } },
    });

    expect(created.status).toBe('in_progress');
    expect(created.steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['a', 'in_progress', 1],
      ['b', 'pending', 0],
      ['c', 'pending', 0],
      ['d', 'pending', 0],
    ]);
    expect(await a.tasker.getTask(created.id)).toEqual(created);
    const [root] = await a.query<{ lease_owner: string; leased: boolean; ready: boolean }>(
      `SELECT lease_owner, lease_expires_at > now() AS leased, next_attempt_at IS NOT NULL AS ready
         FROM tasker.steps WHERE task_id = $1 AND name = 'a'`,
      [created.id],
    );
    expect(root).toEqual({ lease_owner: a.worker.workerId, leased: true, ready: false });
    await waitFor(() => a.probe.heldRuns(created.id).length === 1);
    expect(a.probe.eventsOf('task.started', created.id)).toHaveLength(1);
    a.probe.release(created.id);
    expect((await finished(created.id)).status).toBe('complete');

    // The same task claimed by the worker's own cycle leaves the same history.
    await a.tasker.stopWorker();
    const claimedLater = await a.tasker.createTask({ namespace: 'engine', name: 'linear', context: {} });
    expect(claimedLater.status).toBe('pending');
    await a.tasker.startWorker();
    expect((await finished(claimedLater.id)).status).toBe('complete');
    // B may have claimed the second task: compare the histories with the worker ids masked
    expect(masked(await stepTransitions(created.id))).toEqual(masked(await stepTransitions(claimedLater.id)));
    expect(masked(await taskTransitions(created.id))).toEqual(masked(await taskTransitions(claimedLater.id)));
    expect((await taskTransitions(created.id)).slice(0, 2)).toEqual([
      { from_status: null, to_status: 'pending', reason: 'created', worker: null },
      { from_status: 'pending', to_status: 'in_progress', reason: 'first step claimed', worker: a.worker.workerId },
    ]);
  });

  it('takes only its free slots and announces the other roots to other workers', async () => {
    const script = Object.fromEntries(
      Array.from({ length: FANOUT_WIDTH }, (_, index): [string, StepScript] => [
        `s${index}`,
        { hold: { until: 'gate' } },
      ]),
    );
    const created = await a.tasker.createTask({ namespace: 'engine', name: 'fanout', context: { script } });

    expect(created.steps.filter((step) => step.status === 'in_progress')).toHaveLength(3);
    await waitFor(() => a.probe.heldRuns(created.id).length + b.probe.heldRuns(created.id).length === FANOUT_WIDTH);
    expect(a.probe.heldRuns(created.id)).toHaveLength(3);
    expect(b.probe.heldRuns(created.id)).toHaveLength(FANOUT_WIDTH - 3);
    a.probe.release(created.id);
    b.probe.release(created.id);
    expect((await finished(created.id)).status).toBe('complete');
    expect([...tracker.executions.values()].filter((count) => count !== 1)).toEqual([]);
  });

  it('claims nothing when the worker is stopped', async () => {
    await a.tasker.stopWorker();
    try {
      const created = await a.tasker.createTask({ namespace: 'engine', name: 'diamond', context: {} });
      expect(created.status).toBe('pending');
      expect(created.steps.map((step) => step.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
      // The other app's worker takes the root once it is announced; the stopped one never does.
      expect((await finished(created.id)).status).toBe('complete');
      const [row] = await a.query<{ claimed: number }>(
        `SELECT count(*)::int AS claimed FROM tasker.step_transitions WHERE task_id = $1 AND worker = $2`,
        [created.id, a.worker.workerId],
      );
      expect(row?.claimed).toBe(0);
    } finally {
      await a.tasker.startWorker();
    }
  });
});
