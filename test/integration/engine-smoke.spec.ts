import { TaskerShuttingDownError } from '../../lib';
import { DiamondModule } from '../fixtures/diamond.fixture';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('engine smoke (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TaskerApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTaskerApp({ database: { url: database.url } }, [DiamondModule]);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('runs a diamond to completion with results flowing', async () => {
    const task = await app.tasker.createTask({
      namespace: 'math',
      name: 'diamond',
      version: '1.0.0',
      context: { even_number: 2 },
    });
    const done = await app.tasker.waitForTask(task.id, { timeoutMs: 10_000 });
    expect(done.status).toBe('complete');
    expect(done.steps.map((s) => [s.name, s.status, s.results])).toEqual([
      ['start', 'complete', { result: 4 }],
      ['left', 'complete', { result: 16 }],
      ['right', 'complete', { result: 16 }],
      ['join', 'complete', { result: 256 }],
    ]);
  });
});

describe('waitForTask at shutdown (PostgreSQL)', () => {
  it('rejects pending waits with TaskerShuttingDownError when the app closes', async () => {
    const database = await createTestDatabase();
    const app = await createTaskerApp({ database: { url: database.url }, worker: { enabled: false } }, [DiamondModule]);
    try {
      const task = await app.tasker.createTask({
        namespace: 'math',
        name: 'diamond',
        version: '1.0.0',
        context: { even_number: 2 },
      });
      const waiting = app.tasker.waitForTask(task.id, { timeoutMs: 60_000 });
      const outcome = waiting.then(
        () => 'resolved',
        (error: unknown) => error,
      );
      // the wait is registered before its first read; let that read finish so it is really waiting
      await app.tasker.getTask(task.id);
      await app.close();
      const error = await outcome;
      expect(error).toBeInstanceOf(TaskerShuttingDownError);
      expect((error as TaskerShuttingDownError).code).toBe('TASKER_SHUTTING_DOWN');
    } finally {
      await database.drop();
    }
  });
});
