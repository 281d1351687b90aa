import { Module, type Type } from '@nestjs/common';
import { StepHandler, TaskDefinitionError, TaskHandler, TaskerError } from '../../lib';
import { createTaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { Client } from 'pg';
import { firstOf } from '../support/present';

@StepHandler('noop')
class NoopStep {
  process(): null {
    return null;
  }
}

@StepHandler('no.process')
class StepWithoutProcess {}

class NotAProviderStep {
  process(): null {
    return null;
  }
}

function taskModule(...tasks: Array<Type<unknown>>): Type<unknown> {
  @Module({ providers: [NoopStep, ...tasks] })
  class FixtureModule {}
  return FixtureModule;
}

@TaskHandler({
  name: 'unknown_dep',
  steps: [
    { name: 'a', handler: 'noop' },
    { name: 'b', handler: 'noop', dependsOn: ['zzz'] },
  ],
})
class UnknownDependencyTask {}

@TaskHandler({
  name: 'cyclic',
  steps: [
    { name: 'a', handler: 'noop', dependsOn: ['c'] },
    { name: 'b', handler: 'noop', dependsOn: ['a'] },
    { name: 'c', handler: 'noop', dependsOn: ['b'] },
  ],
})
class CyclicTask {}

@TaskHandler({
  name: 'dupe_step',
  steps: [
    { name: 'a', handler: 'noop' },
    { name: 'a', handler: 'noop' },
  ],
})
class DuplicateStepTask {}

@TaskHandler({ name: 'unknown_handler', steps: [{ name: 'a', handler: 'no.such.handler' }] })
class UnknownHandlerNameTask {}

@TaskHandler({ name: 'unregistered_class', steps: [{ name: 'a', handler: NotAProviderStep }] })
class UnregisteredClassTask {}

@TaskHandler({ name: 'no_process', steps: [{ name: 'a', handler: 'no.process' }] })
class NoProcessTask {}

@TaskHandler({ namespace: 'shop', name: 'twice', version: '1.0.0', steps: [{ name: 'a', handler: 'noop' }] })
class TwiceTaskOne {}

@TaskHandler({ namespace: 'shop', name: 'twice', version: '1.0.0', steps: [{ name: 'b', handler: 'noop' }] })
class TwiceTaskTwo {}

describe('bad task definitions stop the boot (PostgreSQL)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function bootError(
    fixture: Type<unknown>,
    extraProviders: Array<Type<unknown>> = [],
  ): Promise<TaskDefinitionError> {
    const error = await createTaskerApp({ database: { url: database.url }, worker: { enabled: false } }, [fixture], {
      providers: extraProviders,
    }).then(
      async (app) => {
        await app.close();
        throw new Error('the application booted');
      },
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(TaskDefinitionError);
    expect(error).toBeInstanceOf(TaskerError);
    return error as TaskDefinitionError;
  }

  async function namedTaskRows(): Promise<number> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM tasker.named_tasks');
      return firstOf(result.rows, 'count row').count;
    } finally {
      await client.end();
    }
  }

  afterEach(async () => {
    expect(await namedTaskRows()).toBe(0);
  });

  it('names the unknown dependency', async () => {
    const error = await bootError(taskModule(UnknownDependencyTask));
    expect(error.problem).toBe('UNKNOWN_DEPENDENCY');
    expect(error.code).toBe('TASK_DEFINITION_UNKNOWN_DEPENDENCY');
    expect(error.message).toContain('default/unknown_dep@0.1.0');
    expect(error.message).toContain('"b"');
    expect(error.message).toContain('zzz');
  });

  it("gives the cycle's path", async () => {
    const error = await bootError(taskModule(CyclicTask));
    expect(error.problem).toBe('DEPENDENCY_CYCLE');
    expect(error.message).toContain('default/cyclic@0.1.0');
    expect(error.message).toMatch(/a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c/);
  });

  it('names the duplicated step', async () => {
    const error = await bootError(taskModule(DuplicateStepTask));
    expect(error.problem).toBe('DUPLICATE_STEP_NAME');
    expect(error.message).toContain('default/dupe_step@0.1.0');
    expect(error.message).toContain('"a"');
  });

  it('names an unknown handler name', async () => {
    const error = await bootError(taskModule(UnknownHandlerNameTask));
    expect(error.problem).toBe('UNKNOWN_STEP_HANDLER');
    expect(error.message).toContain('no.such.handler');
    expect(error.message).toContain('"a"');
  });

  it('names a handler class that is not a registered step handler', async () => {
    const error = await bootError(taskModule(UnregisteredClassTask));
    expect(error.problem).toBe('UNKNOWN_STEP_HANDLER');
    expect(error.message).toContain('NotAProviderStep');
  });

  it('refuses a step handler without process()', async () => {
    const error = await bootError(taskModule(NoProcessTask), [StepWithoutProcess]);
    expect(error.problem).toBe('INVALID_STEP_HANDLER');
    expect(error.message).toContain('StepWithoutProcess');
    expect(error.message).toContain('process');
  });

  it('refuses the same namespace/name/version twice', async () => {
    const error = await bootError(taskModule(TwiceTaskOne, TwiceTaskTwo));
    expect(error.problem).toBe('DUPLICATE_TASK_HANDLER');
    expect(error.message).toContain('shop/twice@1.0.0');
    expect(error.message).toContain('TwiceTaskOne');
    expect(error.message).toContain('TwiceTaskTwo');
  });
});
