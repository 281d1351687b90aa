import { Module } from '@nestjs/common';
import {
  DuplicateTaskError,
  TaskHandler,
  TaskHandlerNotFoundError,
  TaskNotFoundError,
  TaskValidationError,
  type TaskView,
} from '../../lib';
import { DiamondModule, JoinStep, SquareStep } from '../fixtures/diamond.fixture';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { firstOf, itemAt } from '../support/present';

@TaskHandler({
  namespace: 'math',
  name: 'diamond',
  version: '1.2.0',
  steps: [
    { name: 'start', handler: SquareStep },
    { name: 'join', handler: JoinStep, dependsOn: ['start'] },
  ],
})
class DiamondV12Task {}

@Module({ imports: [DiamondModule], providers: [DiamondV12Task] })
class VersionsModule {}

// Decorated, but listed in no module's providers: Nest never sees it, so it is never registered.
@TaskHandler({ namespace: 'math', name: 'cube', steps: [{ name: 'start', handler: SquareStep }] })
class CubeTaskNotAProvider {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('TaskerService task creation (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TaskerApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTaskerApp({ database: { url: database.url }, worker: { enabled: false } }, [VersionsModule]);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  async function counts(): Promise<{ tasks: number; steps: number; edges: number; transitions: number }> {
    const rows = await app.query<{ tasks: number; steps: number; edges: number; transitions: number }>(
      `SELECT (SELECT count(*)::int FROM tasker.tasks) AS tasks, (SELECT count(*)::int FROM tasker.steps) AS steps,
              (SELECT count(*)::int FROM tasker.step_edges) AS edges,
              (SELECT count(*)::int FROM tasker.task_transitions) AS transitions`,
    );
    return firstOf(rows, 'counts row');
  }

  function diamond(context: object = { even_number: 2 }, extra: object = {}): Promise<TaskView> {
    return app.tasker.createTask({ namespace: 'math', name: 'diamond', version: '1.0.0', context, ...extra });
  }

  describe('createTask', () => {
    it('returns the task with its 4 steps pending, in dependency order', async () => {
      const task = await diamond({ even_number: 4 }, { initiator: 'test', tags: ['a', 'b'], reason: 'because' });
      expect(task).toMatchObject({
        namespace: 'math',
        name: 'diamond',
        version: '1.0.0',
        status: 'pending',
        context: { even_number: 4 },
        initiator: 'test',
        sourceSystem: null,
        reason: 'because',
        tags: ['a', 'b'],
        idempotencyKey: null,
        completedAt: null,
      });
      expect(task.id).toMatch(UUID);
      expect(task.steps.map((step) => [step.name, step.status, step.dependsOn])).toEqual([
        ['start', 'pending', []],
        ['left', 'pending', ['start']],
        ['right', 'pending', ['start']],
        ['join', 'pending', ['left', 'right']],
      ]);
      expect(task.steps.find((step) => step.name === 'right')).toMatchObject({
        maxAttempts: 5,
        retryable: true,
        attempts: 0,
      });
      expect(task.steps.find((step) => step.name === 'join')).toMatchObject({ maxAttempts: 3, retryable: false });
    });

    it('stores what it returns: getTask reads back the same view', async () => {
      const created = await diamond();
      expect(await app.tasker.getTask(created.id)).toEqual(created);
    });

    it('writes the task, its steps, its edges and one transition', async () => {
      const before = await counts();
      await diamond();
      expect(await counts()).toEqual({
        tasks: before.tasks + 1,
        steps: before.steps + 4,
        edges: before.edges + 4,
        transitions: before.transitions + 1,
      });
    });

    it('uses the newest registered version when none is given', async () => {
      const task = await app.tasker.createTask({ namespace: 'math', name: 'diamond', context: { even_number: 2 } });
      expect(task.version).toBe('1.2.0');
      expect(task.steps.map((step) => step.name)).toEqual(['start', 'join']);
    });
  });

  describe('createTask refusals write nothing', () => {
    async function expectNothingWritten(attempt: () => Promise<unknown>): Promise<unknown> {
      const before = await counts();
      const error = await attempt().then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(await counts()).toEqual(before);
      return error;
    }

    it('rejects an unknown task with TaskHandlerNotFoundError', async () => {
      const error = await expectNothingWritten(() =>
        app.tasker.createTask({ namespace: 'math', name: 'nope', context: {} }),
      );
      expect(error).toBeInstanceOf(TaskHandlerNotFoundError);
      expect((error as Error).message).toMatch(/^No task handler registered for math\/nope \(any version\)\. /);
      expect((error as TaskHandlerNotFoundError).code).toBe('TASK_HANDLER_NOT_FOUND');
    });

    it('says how task handlers are found when the handler class is not a provider, and lists the near misses', async () => {
      // the class exists and is decorated: only its absence from every module's providers hides it
      expect(Reflect.getMetadata(TaskHandler.KEY, CubeTaskNotAProvider)).toMatchObject({
        namespace: 'math',
        name: 'cube',
      });
      const error = await expectNothingWritten(() =>
        app.tasker.createTask({ namespace: 'math', name: 'cube', context: {} }),
      );
      expect(error).toBeInstanceOf(TaskHandlerNotFoundError);
      expect(error).toMatchObject({
        code: 'TASK_HANDLER_NOT_FOUND',
        namespace: 'math',
        taskName: 'cube',
        registered: ['math/diamond@1.0.0', 'math/diamond@1.2.0'],
      });
      expect((error as Error).message).toBe(
        'No task handler registered for math/cube (any version). ' +
          'Registered with namespace "math" or name "cube": math/diamond@1.0.0, math/diamond@1.2.0. ' +
          "Task handlers are found at boot: classes decorated with @TaskHandler among the providers of the application's " +
          "modules, and the YAML templates of the `templates` option; a @TaskHandler class must be listed in some module's `providers`.",
      );
    });

    it('says so when nothing shares the namespace or the name', async () => {
      const error = await expectNothingWritten(() =>
        app.tasker.createTask({ namespace: 'geometry', name: 'cube', context: {} }),
      );
      expect((error as Error).message).toContain('Nothing is registered with namespace "geometry" or name "cube".');
      expect((error as TaskHandlerNotFoundError).registered).toEqual([]);
    });

    it('rejects an unknown version with TaskHandlerNotFoundError', async () => {
      const error = await expectNothingWritten(() => diamondVersion('9.9.9'));
      expect(error).toBeInstanceOf(TaskHandlerNotFoundError);
      expect((error as Error).message).toMatch(/^No task handler registered for math\/diamond@9\.9\.9\. /);
      expect((error as Error).message).toContain('math/diamond@1.0.0, math/diamond@1.2.0');
    });

    function diamondVersion(version: string): Promise<TaskView> {
      return app.tasker.createTask({ namespace: 'math', name: 'diamond', version, context: { even_number: 2 } });
    }

    it('rejects a context that fails the schema, naming the field', async () => {
      const error = await expectNothingWritten(() => diamond({ even_number: 'two' }));
      expect(error).toBeInstanceOf(TaskValidationError);
      expect((error as TaskValidationError).code).toBe('TASK_VALIDATION_FAILED');
      expect((error as TaskValidationError).errors).toEqual([expect.stringContaining('even_number')]);
      expect((error as Error).message).toContain('math/diamond@1.0.0');
    });

    it('rejects a context missing a required field', async () => {
      const error = await expectNothingWritten(() => diamond({}));
      expect(error).toBeInstanceOf(TaskValidationError);
      expect((error as TaskValidationError).errors.join()).toContain('even_number');
    });

    it('rejects a malformed request, naming each bad field', async () => {
      const bad = {
        namespace: 'math',
        name: 'diamond',
        context: [1],
        tags: 'x',
        initiator: '',
      } as unknown as Parameters<TaskerApp['tasker']['createTask']>[0];
      const error = await expectNothingWritten(() => app.tasker.createTask(bad));
      expect(error).toBeInstanceOf(TaskValidationError);
      expect((error as TaskValidationError).errors).toEqual([
        'initiator must be a non-empty string',
        'context must be a JSON object',
        'tags must be an array of strings',
      ]);
    });

    it('rejects a reused idempotency key with the existing task id', async () => {
      const first = await diamond({ even_number: 2 }, { idempotencyKey: 'order-1' });
      const error = await expectNothingWritten(() => diamond({ even_number: 6 }, { idempotencyKey: 'order-1' }));
      expect(error).toBeInstanceOf(DuplicateTaskError);
      expect((error as DuplicateTaskError).existingTaskId).toBe(first.id);
      expect((error as DuplicateTaskError).code).toBe('DUPLICATE_TASK');
    });

    it('treats the key as unique across versions of the same task', async () => {
      const first = await diamond({ even_number: 2 }, { idempotencyKey: 'order-2' });
      const error = await expectNothingWritten(() =>
        app.tasker.createTask({
          namespace: 'math',
          name: 'diamond',
          version: '1.2.0',
          context: {},
          idempotencyKey: 'order-2',
        }),
      );
      expect((error as DuplicateTaskError).existingTaskId).toBe(first.id);
    });

    it('lets exactly one of ten concurrent duplicates through', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => diamond({ even_number: 2 }, { idempotencyKey: 'race' })),
      );
      const created = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(created).toHaveLength(1);
      expect(refused).toHaveLength(9);
      for (const outcome of refused) expect(outcome.reason).toBeInstanceOf(DuplicateTaskError);
    });
  });

  describe('getTask', () => {
    it('throws TaskNotFoundError for an unknown id and for a string that is not a UUID', async () => {
      await expect(app.tasker.getTask('0190f1c4-0000-7000-8000-000000000000')).rejects.toBeInstanceOf(
        TaskNotFoundError,
      );
      await expect(app.tasker.getTask('not-a-uuid')).rejects.toThrow('Task not-a-uuid not found');
    });
  });

  describe('listTasks', () => {
    it('filters, pages newest first and counts the whole filtered set', async () => {
      const created = [];
      for (let i = 0; i < 3; i++) {
        created.push(
          await app.tasker.createTask({
            namespace: 'math',
            name: 'diamond',
            version: '1.2.0',
            context: {},
            initiator: `list-${i}`,
          }),
        );
      }
      const all = await app.tasker.listTasks({ namespace: 'math', name: 'diamond' });
      const page = await app.tasker.listTasks({ namespace: 'math', name: 'diamond', limit: 2, offset: 1 });
      expect(page.total).toBe(all.total);
      expect(page.tasks.map((task) => task.id)).toEqual(all.tasks.slice(1, 3).map((task) => task.id));
      expect(firstOf(all.tasks, 'listed task').id).toBe(itemAt(created, 2, 'created task').id);
      const pending = await app.tasker.listTasks({ status: 'pending', limit: 1000 });
      expect(pending.total).toBe(all.total);
      expect(await app.tasker.listTasks({ status: 'complete' })).toEqual({ tasks: [], total: 0 });
      expect(await app.tasker.listTasks({ namespace: 'math', offset: 100000 })).toEqual({
        tasks: [],
        total: all.total,
      });
    });

    it('rejects bad filters with TaskValidationError', async () => {
      await expect(app.tasker.listTasks({ limit: 0 })).rejects.toBeInstanceOf(TaskValidationError);
      await expect(app.tasker.listTasks({ status: 'bogus' as never })).rejects.toThrow('status must be one of');
    });
  });

  describe('explainTask', () => {
    it('shows only the root ready and the others waiting on their parents by name', async () => {
      const task = await diamond();
      const explanation = await app.tasker.explainTask(task.id);
      expect(explanation).toMatchObject({
        taskId: task.id,
        status: 'pending',
        executionStatus: 'has_ready_steps',
        totalSteps: 4,
        completedSteps: 0,
        readySteps: 1,
        failedSteps: 0,
        inProgressSteps: 0,
        completionPercentage: 0,
      });
      expect(explanation.steps.map((step) => [step.name, step.ready, step.blockedBy, step.waitingOn])).toEqual([
        ['start', true, 'none', []],
        ['left', false, 'dependencies', ['start']],
        ['right', false, 'dependencies', ['start']],
        ['join', false, 'dependencies', ['left', 'right']],
      ]);
      expect(explanation.steps[3]).toMatchObject({
        totalParents: 2,
        completedParents: 0,
        attempts: 0,
        maxAttempts: 3,
        nextRetryAt: null,
      });
    });

    it('throws TaskNotFoundError for an unknown task', async () => {
      await expect(app.tasker.explainTask('0190f1c4-0000-7000-8000-000000000000')).rejects.toBeInstanceOf(
        TaskNotFoundError,
      );
    });
  });
});
