import { taskKey, type TaskDefinition } from '../../../lib/definition/task-definition';
import { TaskDefinitionError } from '../../../lib/errors/task-definition.error';
import { TaskHandlerNotFoundError } from '../../../lib/errors/task-handler-not-found.error';
import { prepareTask } from '../../../lib/registry/prepare-task';
import type { StoredTaskIds } from '../../../lib/registry/task-definition.store';
import { TaskHandlerRegistry, type PreparedTask } from '../../../lib/registry/task-handler.registry';

function definition(namespace: string, name: string, version: string, source = `${name}Task`): TaskDefinition {
  return {
    namespace,
    name,
    version,
    description: undefined,
    contextSchema: undefined,
    source,
    steps: [
      {
        name: 'only',
        handlerName: 'noop',
        dependsOn: [],
        retryable: true,
        maxAttempts: 3,
        timeoutMs: undefined,
        backoff: undefined,
        config: {},
        description: undefined,
        position: 0,
      },
    ],
  };
}

/** A store that hands out ids in order and remembers what it stored. */
function countingStore(): { stored: string[]; save: (task: PreparedTask) => Promise<StoredTaskIds> } {
  const stored: string[] = [];
  return {
    stored,
    save: (task) => {
      stored.push(task.key);
      return Promise.resolve({ namedTaskId: stored.length, namedStepIds: new Map([['only', stored.length * 10]]) });
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('TaskHandlerRegistry', () => {
  describe('registerAll', () => {
    it('stores each task in order and registers it with its stored ids', async () => {
      const registry = new TaskHandlerRegistry();
      const store = countingStore();
      const tasks = [
        prepareTask(definition('shop', 'order', '1.0.0')),
        prepareTask(definition('shop', 'order', '1.1.0')),
      ];

      const registered = await registry.registerAll(tasks, store.save);

      expect(store.stored).toEqual(['shop/order@1.0.0', 'shop/order@1.1.0']);
      expect(registered.map((task) => [task.key, task.namedTaskId, task.namedStepIds.get('only')])).toEqual([
        ['shop/order@1.0.0', 1, 10],
        ['shop/order@1.1.0', 2, 20],
      ]);
      expect(registry.resolve('shop', 'order').key).toBe('shop/order@1.1.0');
      expect(registry.resolve('shop', 'order', '1.0.0').key).toBe('shop/order@1.0.0');
      expect(registry.byStoredId(2)?.key).toBe('shop/order@1.1.0');
    });

    it('refuses a key repeated in the batch before storing anything, naming both sources', async () => {
      const registry = new TaskHandlerRegistry();
      const store = countingStore();
      const tasks = [
        prepareTask(definition('shop', 'refund', '1.0.0')),
        prepareTask(definition('shop', 'twice', '1.0.0', 'TwiceTaskOne')),
        prepareTask(definition('shop', 'twice', '1.0.0', 'TwiceTaskTwo')),
      ];

      const error = await rejection(registry.registerAll(tasks, store.save));

      expect(error).toBeInstanceOf(TaskDefinitionError);
      expect(error).toMatchObject({
        problem: 'DUPLICATE_TASK_HANDLER',
        code: 'TASK_DEFINITION_DUPLICATE_TASK_HANDLER',
      });
      expect((error as Error).message).toBe(
        'Invalid task definition shop/twice@1.0.0: defined twice (TwiceTaskOne and TwiceTaskTwo)',
      );
      expect(store.stored).toEqual([]);
      expect(registry.list()).toEqual([]);
    });

    it('refuses a key that is already registered, storing nothing of the batch', async () => {
      const registry = new TaskHandlerRegistry();
      const store = countingStore();
      await registry.registerAll([prepareTask(definition('shop', 'order', '1.0.0', 'OrderTask'))], store.save);

      const error = await rejection(
        registry.registerAll(
          [
            prepareTask(definition('shop', 'other', '1.0.0')),
            prepareTask(definition('shop', 'order', '1.0.0', 'orders.yaml')),
          ],
          store.save,
        ),
      );

      expect((error as Error).message).toContain('defined twice (OrderTask and orders.yaml)');
      expect(store.stored).toEqual(['shop/order@1.0.0']);
      expect(registry.list().map((task) => task.key)).toEqual(['shop/order@1.0.0']);
    });
  });

  it('register refuses a key that is already registered with the same error', () => {
    const registry = new TaskHandlerRegistry();
    const task = { ...prepareTask(definition('shop', 'order', '1.0.0', 'A')), namedTaskId: 1, namedStepIds: new Map() };
    registry.register(task);
    expect(() => registry.register({ ...task, definition: { ...task.definition, source: 'B' } })).toThrow(
      'Invalid task definition shop/order@1.0.0: defined twice (A and B)',
    );
  });

  describe('resolve', () => {
    async function registryWith(...definitions: TaskDefinition[]): Promise<TaskHandlerRegistry> {
      const registry = new TaskHandlerRegistry();
      await registry.registerAll(definitions.map(prepareTask), countingStore().save);
      return registry;
    }

    function notFound(resolve: () => unknown): TaskHandlerNotFoundError {
      try {
        resolve();
      } catch (error) {
        expect(error).toBeInstanceOf(TaskHandlerNotFoundError);
        return error as TaskHandlerNotFoundError;
      }
      throw new Error('expected TaskHandlerNotFoundError');
    }

    it('lists the registered tasks sharing the namespace or the name, by namespace, name and version', async () => {
      const registry = await registryWith(
        definition('shop', 'order', '2.0.0'),
        definition('shop', 'order', '1.0.0'),
        definition('billing', 'invoice', '1.0.0'),
        definition('billing', 'orders', '1.0.0'),
        definition('legacy', 'order', '0.1.0'),
      );

      const error = notFound(() => registry.resolve('shop', 'order', '3.0.0'));
      expect(error).toMatchObject({
        code: 'TASK_HANDLER_NOT_FOUND',
        namespace: 'shop',
        taskName: 'order',
        version: '3.0.0',
      });
      expect(error.registered).toEqual(['legacy/order@0.1.0', 'shop/order@1.0.0', 'shop/order@2.0.0']);
      expect(error.message).toMatch(/^No task handler registered for shop\/order@3\.0\.0\. /);
      expect(error.message).toContain(
        'Registered with namespace "shop" or name "order": legacy/order@0.1.0, shop/order@1.0.0, shop/order@2.0.0.',
      );
    });

    it('explains that @TaskHandler classes are found among the providers of the modules', async () => {
      const registry = await registryWith(definition('shop', 'order', '1.0.0'));
      const error = notFound(() => registry.resolve('x', 'tnp'));
      expect(error.message).toContain('No task handler registered for x/tnp (any version).');
      expect(error.message).toContain('Nothing is registered with namespace "x" or name "tnp".');
      expect(error.message).toContain(
        "classes decorated with @TaskHandler among the providers of the application's modules",
      );
      expect(error.message).toContain('the YAML templates of the `templates` option');
      expect(error.message).toContain("a @TaskHandler class must be listed in some module's `providers`");
    });

    it('counts the near misses beyond the first ten', async () => {
      const versions = Array.from({ length: 12 }, (_, minor) => definition('shop', 'order', `1.${minor}.0`));
      const registry = await registryWith(...versions);
      const error = notFound(() => registry.resolve('shop', 'refund'));
      expect(error.registered).toHaveLength(12);
      expect(error.message).toContain(`${taskKey('shop', 'order', '1.9.0')} and 2 more.`);
    });
  });
});
