import type { TaskRequest } from '../../lib';
import { DiamondModule } from '../fixtures/diamond.fixture';
import { EngineProbe, ExecutionTracker } from '../fixtures/engine.fixture';
import { describeCreateTasks } from '../support/create-tasks-cases';
import { closeAll, createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('TaskerService.createTasks (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TaskerApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTaskerApp({ database: { url: database.url }, worker: { enabled: false } }, [DiamondModule]);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  describeCreateTasks(() => app);

  describe('tasks created in bulk, run by two workers', () => {
    let workers: TestDatabase;
    let a: EngineApp;
    let b: EngineApp;
    const tracker = new ExecutionTracker();

    beforeAll(async () => {
      workers = await createTestDatabase();
      const options = engineOptions(workers.url, { concurrency: { min: 1, max: 8 } });
      a = await createEngineApp(options, new EngineProbe('A', tracker));
      b = await createEngineApp(options, new EngineProbe('B', tracker));
    });

    afterAll(async () => {
      await closeAll(a, b);
      await workers?.drop();
    });

    it('runs every task of one createTasks call to completion, each step once', async () => {
      const requests: TaskRequest[] = Array.from({ length: 200 }, (_, index) => ({
        namespace: 'engine',
        name: index % 2 === 0 ? 'diamond' : 'linear',
        context: { index },
      }));
      const created = await a.tasker.createTasks(requests);
      const finished = await Promise.all(created.map((task) => a.tasker.waitForTask(task.id, { timeoutMs: 40_000 })));

      expect(finished.filter((task) => task.status !== 'complete')).toEqual([]);
      expect(tracker.executions.size).toBe(800);
      expect([...tracker.executions.values()].filter((count) => count !== 1)).toEqual([]);
      expect(a.probe.runs.length).toBeGreaterThan(0);
      expect(b.probe.runs.length).toBeGreaterThan(0);
    });
  });
});
