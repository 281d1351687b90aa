import { expect } from '@jest/globals';
import { Module } from '@nestjs/common';
import { ContextTooLargeError, StepHandler, TaskHandler, TaskValidationError } from '../../lib';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { firstOf } from '../support/present';

const MiB = 1024 * 1024;

@StepHandler('limits.big-result')
class BigResultStep {
  process(): { blob: string } {
    return { blob: 'x'.repeat(2 * MiB) };
  }
}

@StepHandler('limits.small-result')
class SmallResultStep {
  process(): { ok: true } {
    return { ok: true };
  }
}

@TaskHandler({
  namespace: 'limits',
  name: 'big',
  steps: [{ name: 'produce', handler: 'limits.big-result', maxAttempts: 3 }],
})
class BigResultTask {}

@TaskHandler({ namespace: 'limits', name: 'small', steps: [{ name: 'produce', handler: 'limits.small-result' }] })
class SmallResultTask {}

@Module({ providers: [BigResultStep, SmallResultStep, BigResultTask, SmallResultTask] })
class LimitsModule {}

describe('limits.maxContextBytes and limits.maxResultBytes (PostgreSQL, default 1 MiB each)', () => {
  let database: TestDatabase;
  let app: TaskerApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTaskerApp(
      { database: { url: database.url }, worker: { pollIntervalMs: 100 }, backoff: { baseMs: 5, jitter: 0 } },
      [LimitsModule],
    );
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  async function countTasks(): Promise<number> {
    const rows = await app.query<{ count: number }>('SELECT count(*)::int AS count FROM tasker.tasks');
    return firstOf(rows, 'count row').count;
  }

  it('should refuse a 5 MB context with a ContextTooLargeError (a TaskValidationError) giving its size and the limit, writing nothing', async () => {
    const before = await countTasks();
    const context = { payload: 'x'.repeat(5 * 1000 * 1000) };

    const refused = app.tasker.createTask({ namespace: 'limits', name: 'small', context });

    await expect(refused).rejects.toBeInstanceOf(TaskValidationError);
    await expect(refused).rejects.toBeInstanceOf(ContextTooLargeError);
    await expect(refused).rejects.toMatchObject({
      code: 'CONTEXT_TOO_LARGE',
      contextBytes: 5000014,
      maxContextBytes: 1048576,
      message: expect.stringContaining(
        'context is 5000014 bytes (4.8 MiB) of JSON, over limits.maxContextBytes of 1048576 bytes (1.0 MiB)',
      ),
    });
    expect(await countTasks()).toBe(before);
  });

  it('should fail a step whose result is over the limit at once, with RESULT_TOO_LARGE, and store no result', async () => {
    const task = await app.tasker.createTask({ namespace: 'limits', name: 'big', context: {} });

    const done = await app.tasker.waitForTask(task.id, { timeoutMs: 15_000 });

    expect(done.status).toBe('error');
    expect(done.steps[0]).toMatchObject({
      status: 'error',
      attempts: 1,
      results: null,
      error: {
        code: 'RESULT_TOO_LARGE',
        message: expect.stringContaining(
          'returned a result of 2097163 bytes (2.0 MiB) of JSON, over limits.maxResultBytes of 1048576 bytes',
        ),
      },
    });
  });

  it('should keep running small work after both refusals', async () => {
    const task = await app.tasker.createTask({ namespace: 'limits', name: 'small', context: { n: 1 } });

    const done = await app.tasker.waitForTask(task.id, { timeoutMs: 15_000 });
    expect(firstOf(done.steps, 'step').results).toEqual({ ok: true });
  });
});
