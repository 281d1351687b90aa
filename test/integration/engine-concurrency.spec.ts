import type { TaskView } from '../../lib';
import { EngineProbe, FANOUT_WIDTH, type EngineContext, type StepScript } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { firstOf } from '../support/present';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

/**
 * The limit is health-aware: the smaller of a pool-pressure figure (60 % of the
 * free pool connections) and a system-load figure, clamped to [min, max]. The pool is sized so the
 * pool figure is not the bound (10 connections allow 6, 20 allow 11), and the measurement is
 * cached for the whole test so the load of the fan-outs themselves cannot lower it midway.
 */
const CACHE_FOR_THE_TEST = { cacheTtlMs: 600_000 };

/** Every step of the fan-out waits at a gate the test opens. */
const HELD: EngineContext = {
  script: Object.fromEntries(
    Array.from({ length: FANOUT_WIDTH }, (_, index): [string, StepScript] => [
      `s${index}`,
      { hold: { until: 'gate' } },
    ]),
  ),
};

describe('engine: concurrency limit (PostgreSQL)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function inProgress(app: EngineApp): Promise<number> {
    const rows = await app.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tasker.steps WHERE status = 'in_progress'`,
    );
    return firstOf(rows).n;
  }

  describe('with concurrency { min: 1, max: 3 }', () => {
    let app: EngineApp;
    const probe = new EngineProbe('limited');

    beforeAll(async () => {
      app = await createEngineApp(
        engineOptions(database.url, { concurrency: { min: 1, max: 3, ...CACHE_FOR_THE_TEST } }),
        probe,
      );
    });

    afterAll(() => closeAll(app));

    it('never runs more than 3 handlers at once across two fan-outs of 10, and runs them all', async () => {
      const tasks: [TaskView, TaskView] = [
        await app.tasker.createTask({ namespace: 'engine', name: 'fanout', context: HELD }),
        await app.tasker.createTask({ namespace: 'engine', name: 'fanout', context: HELD }),
      ];
      const total = tasks.length * FANOUT_WIDTH;
      let released = 0;
      while (released < total) {
        const expected = Math.min(3, total - released);
        await waitFor(() => probe.heldRuns().length === expected, { what: `${expected} handlers held` });
        // what the database holds as running is what this process runs: nothing claimed beyond the limit
        expect(await inProgress(app)).toBe(expected);
        expect(probe.active).toBe(expected);
        if (released === 0) {
          // the ready steps left over are explained as waiting for a slot
          const explanation = await app.tasker.explainTask(tasks[1].id);
          const waiting = explanation.steps.filter((step) => step.status === 'pending');
          expect(waiting.length).toBeGreaterThan(0);
          expect(waiting.map((step) => [step.ready, step.blockedBy])).toEqual(waiting.map(() => [true, 'concurrency']));
        }
        released += probe.release();
      }
      const done = await Promise.all(tasks.map((task) => app.tasker.waitForTask(task.id, { timeoutMs: 15_000 })));
      expect(probe.maxActive).toBe(3);
      expect(probe.runs).toHaveLength(total);
      for (const task of done) {
        expect(task.status).toBe('complete');
        expect(task.steps.map((step) => [step.status, step.attempts])).toEqual(
          Array.from({ length: FANOUT_WIDTH }, () => ['complete', 1]),
        );
        expect(task.steps.map((step) => (step.results as { sum: number }).sum)).toEqual(
          Array.from({ length: FANOUT_WIDTH }, (_, index) => 2 ** index),
        );
      }
    });
  });

  describe('with concurrency { min: 1, max: 10 }', () => {
    let app: EngineApp;
    const probe = new EngineProbe('wide');

    beforeAll(async () => {
      app = await createEngineApp(
        engineOptions(database.url, { poolSize: 20, concurrency: { min: 1, max: 10, ...CACHE_FOR_THE_TEST } }),
        probe,
      );
    });

    afterAll(() => closeAll(app));

    it('runs the 10 independent steps of a fan-out at the same time', async () => {
      const task = await app.tasker.createTask({ namespace: 'engine', name: 'fanout', context: HELD });
      await waitFor(() => probe.heldRuns(task.id).length === FANOUT_WIDTH, { what: 'all ten held at once' });
      expect(probe.active).toBe(FANOUT_WIDTH);
      const explanation = await app.tasker.explainTask(task.id);
      expect(explanation.inProgressSteps).toBe(FANOUT_WIDTH);
      expect(explanation.executionStatus).toBe('processing');
      probe.release(task.id);
      const done = await app.tasker.waitForTask(task.id, { timeoutMs: 15_000 });
      expect(done.status).toBe('complete');
      expect(probe.maxActive).toBe(FANOUT_WIDTH);
    });
  });
});
