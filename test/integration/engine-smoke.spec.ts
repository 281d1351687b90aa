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
    const task = await app.tasker.createTask({ namespace: 'math', name: 'diamond', version: '1.0.0', context: { even_number: 2 } });
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
