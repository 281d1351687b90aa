import { DiamondModule } from '../fixtures/diamond.fixture';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('two Tasker schemas in one database (PostgreSQL)', () => {
  let database: TestDatabase;
  let first: TaskerApp;
  let second: TaskerApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await createTaskerApp({ database: { url: database.url, schema: 'tasker_one' } }, [DiamondModule]);
    second = await createTaskerApp(
      { database: { url: database.url, schema: 'tasker_two' }, worker: { enabled: false } },
      [DiamondModule],
    );
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await database?.drop();
  });

  it('runs each schema’s tasks only with that schema’s workers', async () => {
    const here = await first.tasker.createTask({
      namespace: 'math',
      name: 'diamond',
      version: '1.0.0',
      context: { even_number: 2 },
    });
    const there = await second.tasker.createTask({
      namespace: 'math',
      name: 'diamond',
      version: '1.0.0',
      context: { even_number: 4 },
    });

    const done = await first.tasker.waitForTask(here.id, { timeoutMs: 10_000 });
    expect(done.status).toBe('complete');
    expect(done.steps.map((step) => step.results)).toEqual([
      { result: 4 },
      { result: 16 },
      { result: 16 },
      { result: 256 },
    ]);

    // The second schema has no worker: its task is untouched, and the first schema's worker never saw it.
    expect((await second.tasker.getTask(there.id)).status).toBe('pending');
    await expect(first.tasker.getTask(there.id)).rejects.toThrow('not found');
    const [counts] = await first.query<{ one: number; two: number }>(
      `SELECT (SELECT count(*)::int FROM tasker_one.tasks) AS one, (SELECT count(*)::int FROM tasker_two.tasks) AS two`,
    );
    expect(counts).toEqual({ one: 1, two: 1 });
  });
});
