import { AsyncLocalStorage } from 'node:async_hooks';
import { Module } from '@nestjs/common';
import { StepHandler, TaskHandler, type StepContext, type StepHandlerContract } from '../../lib';
import { createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Stands for what an HTTP framework keeps per request (nestjs-pino's request logger, a tenant id). */
const requestStore = new AsyncLocalStorage<{ request: string }>();
const seenByRuns: Array<{ step: string; request: string | undefined }> = [];

@StepHandler('async-context.record')
class RecordStoreStep implements StepHandlerContract {
  process(ctx: StepContext): null {
    seenByRuns.push({ step: ctx.step.name, request: requestStore.getStore()?.request });
    return null;
  }
}

@TaskHandler({
  namespace: 'async-context',
  name: 'chain',
  version: '1.0.0',
  steps: [
    { name: 'root', handler: 'async-context.record' },
    { name: 'child', handler: 'async-context.record', dependsOn: ['root'] },
  ],
})
class ChainTask {}

@Module({ providers: [RecordStoreStep, ChainTask] })
class AsyncContextFixtureModule {}

describe("worker runs do not inherit the creating caller's async context (PostgreSQL)", () => {
  let database: TestDatabase;
  let app: EngineApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createEngineApp(engineOptions(database.url), undefined, { after: [AsyncContextFixtureModule] });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('roots the creating statement claims and children the pipeline claims both run outside the request store', async () => {
    seenByRuns.length = 0;
    const tasks = await requestStore.run({ request: 'req-1' }, () =>
      Promise.all([
        app.tasker.createTask({ namespace: 'async-context', name: 'chain', context: {} }),
        app.tasker.createTasks([
          { namespace: 'async-context', name: 'chain', context: {} },
          { namespace: 'async-context', name: 'chain', context: {} },
        ]),
      ]),
    );
    const ids = [tasks[0].id, ...tasks[1].map((task) => task.id)];
    for (const id of ids) expect((await app.tasker.waitForTask(id, { timeoutMs: 20_000 })).status).toBe('complete');
    expect(seenByRuns).toHaveLength(6);
    expect(seenByRuns.filter((run) => run.request !== undefined)).toEqual([]);
  });
});
