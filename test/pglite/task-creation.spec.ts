import { DuplicateTaskError, TASKER_MIGRATIONS, TaskValidationError, type TaskView } from '../../lib';
import { TaskEntity } from '../../lib/persistence/entities';
import { DiamondModule } from '../fixtures/diamond.fixture';
import { describeCreateTasks } from '../support/create-tasks-cases';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { firstOf } from '../support/present';

// One embedded, in-memory database for the whole file: each PGlite instance costs seconds to boot
// and ~800 MB. No database url: TaskerModule picks PGlite itself. The worker is off, so every step
// stays where createTask put it.
const STARTUP_MS = 60_000;

describe('TaskerService task creation (embedded PGlite)', () => {
  let app: TaskerApp;

  beforeAll(async () => {
    app = await createTaskerApp({ worker: { enabled: false } }, [DiamondModule]);
  }, STARTUP_MS);

  afterAll(async () => {
    await app?.close();
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

  /** Runs `attempt`, checks that the database did not change, and returns what it threw. */
  async function refusalWritingNothing(attempt: () => Promise<unknown>): Promise<unknown> {
    const before = await counts();
    const error = await attempt().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(await counts()).toEqual(before);
    return error;
  }

  describe('boot', () => {
    it('should apply every migration to the embedded database', async () => {
      const rows = await app.query<{ name: string }>('SELECT name FROM tasker.migrations ORDER BY id');
      expect(rows.map((row) => row.name)).toEqual(TASKER_MIGRATIONS.map((migration) => new migration().name));
      expect(app.database.embedded).toBe(true);
    });
  });

  describe('createTask', () => {
    it('should return 4 pending steps in dependency order', async () => {
      const task = await diamond({ even_number: 4 }, { tags: ['pglite'] });

      expect(task).toMatchObject({
        namespace: 'math',
        name: 'diamond',
        version: '1.0.0',
        status: 'pending',
        tags: ['pglite'],
      });
      expect(task.steps.map((step) => [step.name, step.status, step.dependsOn, step.attempts])).toEqual([
        ['start', 'pending', [], 0],
        ['left', 'pending', ['start'], 0],
        ['right', 'pending', ['start'], 0],
        ['join', 'pending', ['left', 'right'], 0],
      ]);
      expect(task.steps.find((step) => step.name === 'right')).toMatchObject({ maxAttempts: 5, retryable: true });
      expect(task.steps.find((step) => step.name === 'join')).toMatchObject({ maxAttempts: 3, retryable: false });
    });

    it('should store what it returns: getTask reads the same view', async () => {
      const created = await diamond();

      expect(await app.tasker.getTask(created.id)).toEqual(created);
    });

    it('should refuse a context failing the schema with TaskValidationError, writing nothing', async () => {
      const error = await refusalWritingNothing(() => diamond({ even_number: 3 }));

      expect(error).toBeInstanceOf(TaskValidationError);
      expect((error as TaskValidationError).errors).toEqual([expect.stringContaining('even_number')]);
    });

    it('should refuse a reused idempotency key with DuplicateTaskError naming the existing task, writing nothing', async () => {
      const first = await diamond({ even_number: 2 }, { idempotencyKey: 'pglite-order-1' });

      const error = await refusalWritingNothing(() =>
        diamond({ even_number: 6 }, { idempotencyKey: 'pglite-order-1' }),
      );

      expect(error).toBeInstanceOf(DuplicateTaskError);
      expect((error as DuplicateTaskError).existingTaskId).toBe(first.id);
    });
  });

  describe('entities on the embedded database', () => {
    it('should read a created task through a repository, steps in order', async () => {
      const task = await diamond({ even_number: 8 });

      const entity = await app.database.dataSource.getRepository(TaskEntity).findOneOrFail({
        where: { id: task.id },
        relations: { steps: true },
        order: { steps: { position: 'ASC' } },
      });

      expect(entity).toMatchObject({ status: 'pending', context: { even_number: 8 }, totalSteps: 4 });
      expect(entity.steps?.map((step) => step.name)).toEqual(['start', 'left', 'right', 'join']);
    });

    it('should agree with the migrated schema (TypeORM schema diff is empty)', async () => {
      const log = await app.database.dataSource.driver.createSchemaBuilder().log();

      expect(log.upQueries.map((query) => query.query)).toEqual([]);
    });
  });

  describe('explainTask', () => {
    it('should show only start ready and the others waiting on their parents by name', async () => {
      const task = await diamond();

      const explanation = await app.tasker.explainTask(task.id);

      expect(explanation).toMatchObject({
        taskId: task.id,
        status: 'pending',
        executionStatus: 'has_ready_steps',
        totalSteps: 4,
        readySteps: 1,
        completedSteps: 0,
      });
      expect(explanation.steps.map((step) => [step.name, step.ready, step.blockedBy, step.waitingOn])).toEqual([
        ['start', true, 'none', []],
        ['left', false, 'dependencies', ['start']],
        ['right', false, 'dependencies', ['start']],
        ['join', false, 'dependencies', ['left', 'right']],
      ]);
    });
  });

  describeCreateTasks(() => app);
});
