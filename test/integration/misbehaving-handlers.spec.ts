import { Module } from '@nestjs/common';
import { StepHandler, TaskHandler, type StepContext } from '../../lib';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

@StepHandler('odd.bigint')
class BigIntStep {
  process(): { value: bigint } {
    return { value: 1n };
  }
}

@StepHandler('odd.circular')
class CircularStep {
  process(): Record<string, unknown> {
    const value: Record<string, unknown> = {};
    value.self = value;
    return value;
  }
}

@StepHandler('odd.throws-string')
class ThrowsStringStep {
  process(ctx: StepContext): string {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the misbehaviour under test
    if (ctx.step.attempt < 2) throw 'not an Error';
    return 'second time lucky';
  }
}

@StepHandler('odd.sync-throw')
class SyncThrowStep {
  process(): never {
    throw new TypeError('synchronous failure');
  }
}

@StepHandler('odd.undefined')
class UndefinedStep {
  process(): undefined {
    return undefined;
  }
}

@TaskHandler({
  namespace: 'odd',
  name: 'handlers',
  steps: [
    { name: 'bigint', handler: 'odd.bigint' },
    { name: 'circular', handler: 'odd.circular' },
    { name: 'string_thrown', handler: 'odd.throws-string' },
    { name: 'sync_throw', handler: 'odd.sync-throw', maxAttempts: 2 },
    { name: 'nothing', handler: 'odd.undefined' },
  ],
})
class OddTask {}

@TaskHandler({ namespace: 'odd', name: 'fine', steps: [{ name: 'nothing', handler: 'odd.undefined' }] })
class FineTask {}

@Module({ providers: [BigIntStep, CircularStep, ThrowsStringStep, SyncThrowStep, UndefinedStep, OddTask, FineTask] })
class OddModule {}

describe('handlers that misbehave never stop the worker (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TaskerApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTaskerApp({ database: { url: database.url }, backoff: { baseMs: 5, maxMs: 20, jitter: 0 } }, [
      OddModule,
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('records each failure on its step and keeps running other work', async () => {
    const odd = await app.tasker.createTask({ namespace: 'odd', name: 'handlers', context: {} });
    const done = await app.tasker.waitForTask(odd.id, { timeoutMs: 10_000 });
    const step = (name: string) => done.steps.find((candidate) => candidate.name === name);

    expect(done.status).toBe('error');
    expect(step('bigint')).toMatchObject({
      status: 'error',
      attempts: 1,
      error: { code: 'INVALID_RESULT', type: 'TypeError' },
    });
    expect(step('circular')).toMatchObject({ status: 'error', attempts: 1, error: { code: 'INVALID_RESULT' } });
    expect(step('string_thrown')).toMatchObject({ status: 'complete', attempts: 2, results: 'second time lucky' });
    expect(step('sync_throw')).toMatchObject({
      status: 'error',
      attempts: 2,
      error: { message: 'synchronous failure', code: null, type: 'TypeError' },
    });
    expect(step('nothing')).toMatchObject({ status: 'complete', results: null });

    const fine = await app.tasker.createTask({ namespace: 'odd', name: 'fine', context: {} });
    expect((await app.tasker.waitForTask(fine.id, { timeoutMs: 10_000 })).status).toBe('complete');
  });
});
