import type { TaskView } from '../../lib';
import { EngineProbe, ExecutionTracker, type ScriptedResult } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { firstOf, lastOf } from '../support/present';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

const TASKS = 200;

describe('engine: two workers on one database (PostgreSQL)', () => {
  let database: TestDatabase;
  let a: EngineApp;
  let b: EngineApp;
  const tracker = new ExecutionTracker();

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = engineOptions(database.url, { poolSize: 20, concurrency: { min: 1, max: 12 } });
    a = await createEngineApp(options, new EngineProbe('A', tracker));
    b = await createEngineApp(options, new EngineProbe('B', tracker));
  });

  afterAll(async () => {
    await closeAll(a, b);
    await database?.drop();
  });

  it(`runs ${TASKS} tasks (diamonds and linear chains) with every step executed exactly once`, async () => {
    const created: TaskView[] = [];
    for (let batch = 0; batch < TASKS; batch += 20) {
      const requests = Array.from({ length: 20 }, (_, offset) => {
        const index = batch + offset;
        const app = index % 2 === 0 ? a : b;
        return app.tasker.createTask({
          namespace: 'engine',
          name: index % 4 < 2 ? 'diamond' : 'linear',
          context: { index },
        });
      });
      created.push(...(await Promise.all(requests)));
    }
    const finished = await Promise.all(
      created.map((task, index) => (index % 2 === 0 ? a : b).tasker.waitForTask(task.id, { timeoutMs: 40_000 })),
    );

    expect(finished.filter((task) => task.status !== 'complete').map((task) => [task.id, task.status])).toEqual([]);
    for (const task of finished) {
      const last = lastOf(task.steps);
      expect([task.name, last.name, (last.results as ScriptedResult).sum]).toEqual(
        task.name === 'diamond' ? ['diamond', 'bottom', 16] : ['linear', 'd', 15],
      );
    }

    // in process: no run of a step started while another run of it was running; one run per step
    const steps = TASKS * 4;
    expect(tracker.overlaps).toEqual([]);
    expect(tracker.executions.size).toBe(steps);
    expect([...tracker.executions.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect(a.probe.runs.length + b.probe.runs.length).toBe(steps);
    expect(a.probe.runs.length).toBeGreaterThan(0);
    expect(b.probe.runs.length).toBeGreaterThan(0);

    // in the database: every step complete at its first attempt, claimed exactly once
    const [counts] = await a.query<{ tasks: number; complete_tasks: number; steps: number; clean_steps: number }>(`
      SELECT (SELECT count(*)::int FROM tasker.tasks) AS tasks,
             (SELECT count(*)::int FROM tasker.tasks WHERE status = 'complete') AS complete_tasks,
             (SELECT count(*)::int FROM tasker.steps) AS steps,
             (SELECT count(*)::int FROM tasker.steps WHERE status = 'complete' AND attempts = 1 AND lease_owner IS NULL) AS clean_steps`);
    expect(counts).toEqual({ tasks: TASKS, complete_tasks: TASKS, steps, clean_steps: steps });
    const claims = await a.query<{ step_id: string; claims: number; completions: number }>(`
      SELECT s.id AS step_id,
             count(t.id) FILTER (WHERE t.to_status = 'in_progress')::int AS claims,
             count(t.id) FILTER (WHERE t.to_status = 'complete')::int AS completions
      FROM tasker.steps s LEFT JOIN tasker.step_transitions t ON t.step_id = s.id
      GROUP BY s.id`);
    expect(claims).toHaveLength(steps);
    expect(claims.filter((row) => row.claims !== 1 || row.completions !== 1)).toEqual([]);
    const workers = await a.query<{ worker: string; n: number }>(
      `SELECT worker, count(*)::int AS n FROM tasker.step_transitions WHERE to_status = 'in_progress' GROUP BY worker ORDER BY worker`,
    );
    expect(workers.map((row) => row.worker).sort()).toEqual([a.worker.workerId, b.worker.workerId].sort());
    const byWorker = Object.fromEntries(workers.map((row) => [row.worker, row.n]));
    expect([byWorker[a.worker.workerId], byWorker[b.worker.workerId]]).toEqual([
      a.probe.runs.length,
      b.probe.runs.length,
    ]);
    // events: each occurrence delivered once, by the process that made the change
    const count = (event: string): number => a.probe.eventsOf(event).length + b.probe.eventsOf(event).length;
    expect({
      created: count('task.created'),
      started: count('task.started'),
      completed: count('task.completed'),
      stepStarted: count('step.started'),
      stepCompleted: count('step.completed'),
      failures: count('step.failed') + count('step.retry_scheduled') + count('task.failed'),
    }).toEqual({
      created: TASKS,
      started: TASKS,
      completed: TASKS,
      stepStarted: steps,
      stepCompleted: steps,
      failures: 0,
    });
    const completedIds = new Set(
      [...a.probe.eventsOf('task.completed'), ...b.probe.eventsOf('task.completed')].map((event) => event.taskId),
    );
    expect(completedIds.size).toBe(TASKS);
    // each task started once
    const { started } = firstOf(
      await a.query<{ started: number }>(
        `SELECT count(*)::int AS started FROM tasker.task_transitions WHERE from_status = 'pending' AND to_status = 'in_progress'`,
      ),
    );
    expect(started).toBe(TASKS);
  });

  it('aborts a running step in the other process when a task is cancelled', async () => {
    const created = await a.tasker.createTask({
      namespace: 'engine',
      name: 'linear',
      context: { script: { a: { hold: { until: 'signal' } } } },
    });
    const runner = await waitFor(() => [a, b].find((app) => app.probe.heldRuns(created.id).length === 1), {
      what: 'a held by a worker',
    });
    const other = runner === a ? b : a;
    const cancelled = await other.tasker.cancelTask(created.id);
    expect(cancelled.status).toBe('cancelled');
    const run = firstOf(runner.probe.runsOf(created.id, 'a'));
    // The lease is 30 s, so heartbeats come every 10 s: within this wait only the cancel
    // notification can have reached the other process.
    await waitFor(() => run.abortReason !== undefined, { what: 'the runner saw its signal aborted', timeoutMs: 5000 });
    expect(run.abortReason).toBe('cancelled');
    await waitFor(() => run.finished, { what: 'handler returned' });
    const view = await runner.tasker.waitForTask(created.id, { timeoutMs: 5000 });
    expect(view.steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['a', 'cancelled', 1],
      ['b', 'cancelled', 0],
      ['c', 'cancelled', 0],
      ['d', 'cancelled', 0],
    ]);
  });
});
