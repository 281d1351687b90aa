import { HealthAwareConcurrencyProvider } from '../../lib/concurrency/health-aware-concurrency.provider';
import { TaskerDatabase } from '../../lib/persistence/tasker-database';
import { resolveTaskerOptions } from '../../lib/resolve-tasker-options';
import { firstOf, itemAt } from '../support/present';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

type TaskStatus = 'pending' | 'in_progress' | 'complete';
type StepStatus = 'pending' | 'in_progress' | 'complete';

// Until TaskerModule provides it, the provider is built by hand on the app's TaskerDatabase. The
// worker is off so nothing touches the rows the tests insert as "load".
describe('HealthAwareConcurrencyProvider (PostgreSQL)', () => {
  const POOL_SIZE = 40; // large enough that the pool figure (60 % of 40 free) allows max
  let database: TestDatabase;
  let app: TaskerApp;
  let provider: HealthAwareConcurrencyProvider;
  let namedTaskId: number;
  let namedSteps: Array<{ id: number; name: string }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = { database: { url: database.url, poolSize: POOL_SIZE }, worker: { enabled: false } };
    app = await createTaskerApp(options, []);
    // cacheTtlMs 0: every measurement is stale at once, so each call answers the last value and
    // starts a background refresh, which `refresh()` then joins.
    provider = new HealthAwareConcurrencyProvider(
      app.database,
      resolveTaskerOptions({ ...options, concurrency: { cacheTtlMs: 0 } }),
    );

    const namespace = firstOf(
      await app.query<{ id: number }>(`INSERT INTO tasker.namespaces (name) VALUES ('load') RETURNING id`),
    );
    const namedTask = firstOf(
      await app.query<{ id: number }>(
        `INSERT INTO tasker.named_tasks (namespace_id, name, version) VALUES ($1, 'bulk', '1.0.0') RETURNING id`,
        [namespace.id],
      ),
    );
    namedTaskId = namedTask.id;
    namedSteps = await app.query<{ id: number; name: string }>(
      `INSERT INTO tasker.named_steps (named_task_id, name, handler) VALUES ($1, 'first', 'h'), ($1, 'second', 'h')
       RETURNING id, name`,
      [namedTaskId],
    );
  });

  afterAll(async () => {
    await provider?.beforeApplicationShutdown();
    await app?.close();
    await database?.drop();
  });

  /** `count` two-step tasks with the given task status and step statuses. */
  async function addTasks(count: number, status: TaskStatus, steps: [StepStatus, StepStatus]): Promise<void> {
    const first = itemAt(namedSteps, 0, 'named step');
    const second = itemAt(namedSteps, 1, 'named step');
    await app.query(
      `WITH t AS (
         INSERT INTO tasker.tasks (id, named_task_id, namespace, name, version, status, context, total_steps)
         SELECT gen_random_uuid(), $1, 'load', 'bulk', '1.0.0', $2, '{}'::jsonb, 2 FROM generate_series(1, $3::int)
         RETURNING id
       )
       INSERT INTO tasker.steps (id, task_id, named_step_id, name, position, status)
       SELECT gen_random_uuid(), t.id, s.named_step_id, s.name, s.position, s.status
         FROM t CROSS JOIN (VALUES ($4::int, $5::text, 0, $6::text), ($7::int, $8::text, 1, $9::text))
                         AS s(named_step_id, name, position, status)`,
      [namedTaskId, status, count, first.id, first.name, steps[0], second.id, second.name, steps[1]],
    );
  }

  /**
   * A measurement taken after everything before this call: the first refresh finishes any
   * measurement already in flight (with cacheTtlMs 0, every currentLimit() starts one, and it may
   * predate the change under test), the second measures afresh.
   */
  async function measuredLimit(): Promise<number> {
    await provider.refresh();
    return (await provider.refresh()).limit;
  }

  it('should allow max on an idle system with a roomy pool', async () => {
    await provider.refresh(); // the app's worker is off, so onModuleInit does not measure
    expect(provider.currentLimit()).toBe(12);
    expect(provider.inputs()).toMatchObject({
      embedded: false,
      error: undefined,
      poolStats: { size: POOL_SIZE },
      pool: { pressure: 'low', figure: 12 },
      load: { combined: 0, tier: 'low', figure: 12 },
    });
  });

  it('should lower the limit to the moderate tier when half the work is pending or running', async () => {
    await addTasks(10, 'complete', ['complete', 'complete']);
    await addTasks(5, 'pending', ['pending', 'pending']);
    await addTasks(5, 'in_progress', ['in_progress', 'pending']);

    expect(provider.currentLimit()).toBe(12); // the last measurement, answered synchronously
    await provider.refresh(); // joins the refresh that call started
    expect(provider.currentLimit()).toBe(8);
    expect(provider.inputs()?.counts).toMatchObject({
      totalTasks: 20,
      pendingTasks: 5,
      inProgressTasks: 5,
      totalSteps: 40,
      pendingSteps: 15,
      inProgressSteps: 5,
    });
    expect(provider.inputs()?.load).toMatchObject({ taskLoad: 0.5, stepLoad: 0.5, combined: 0.5, tier: 'moderate' });
  });

  it('should drop to min + 1 under heavy load', async () => {
    await addTasks(30, 'pending', ['pending', 'pending']);
    expect(await measuredLimit()).toBe(4);
    expect(provider.inputs()?.load).toMatchObject({ combined: 0.8, tier: 'high', figure: 4 });
  });

  it('should rise back to max once the work is complete', async () => {
    await app.query(`UPDATE tasker.steps SET status = 'complete', completed_at = now()`);
    await app.query(`UPDATE tasker.tasks SET status = 'complete', completed_at = now()`);
    expect(await measuredLimit()).toBe(12);
    expect(provider.inputs()?.counts).toMatchObject({
      totalTasks: 50,
      pendingTasks: 0,
      inProgressTasks: 0,
      completeTasks: 50,
    });
  });

  it('should fall back to min when the health function is unavailable', async () => {
    await app.query(`ALTER FUNCTION tasker.system_health_counts() RENAME TO system_health_counts_away`);
    try {
      expect(await measuredLimit()).toBe(3);
      expect(provider.inputs()?.error).toMatch(/system_health_counts/);
    } finally {
      await app.query(`ALTER FUNCTION tasker.system_health_counts_away() RENAME TO system_health_counts`);
    }
    expect(await measuredLimit()).toBe(12);
  });
});

describe('HealthAwareConcurrencyProvider (embedded PGlite)', () => {
  let embedded: TaskerDatabase;

  beforeAll(async () => {
    embedded = await TaskerDatabase.open(resolveTaskerOptions({}));
  });

  afterAll(async () => {
    await embedded?.close();
  });

  it('should measure through the health function and leave the single-session pool out', async () => {
    const provider = new HealthAwareConcurrencyProvider(embedded, resolveTaskerOptions({}));
    await provider.onModuleInit();
    expect(provider.currentLimit()).toBe(12);
    expect(provider.inputs()).toMatchObject({
      embedded: true,
      error: undefined,
      poolStats: undefined,
      pool: undefined,
      counts: { totalTasks: 0 },
    });
  });
});
