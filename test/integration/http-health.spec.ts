import { Client } from 'pg';
import { TASKER_MIGRATIONS, type TaskView } from '../../lib';
import type { EngineContext } from '../fixtures/engine.fixture';
import { createHttpApp, httpOptions, type HttpApp } from '../support/http-app';
import { adminUrl, createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

interface HealthResult {
  status: string;
  info?: Record<string, Record<string, unknown>>;
  error?: Record<string, Record<string, unknown>>;
  details: Record<string, Record<string, unknown>>;
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('health endpoints over HTTP (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: HttpApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createHttpApp(httpOptions(database.url));
  });

  afterAll(async () => {
    // Whatever happened above, let the app and the clean-up reach the database again.
    await admin(`ALTER DATABASE ${database?.name} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await app?.close();
    await database?.drop();
  });

  async function run(name: string, context: EngineContext, status: TaskView['status']): Promise<void> {
    const created = await app.request<{ task: TaskView }>('POST', '/tasker/tasks', {
      namespace: 'engine',
      name,
      context,
    });
    await waitFor(async () => (await app.tasker.getTask(created.body.task.id)).status === status, {
      what: `${name} ${status}`,
    });
  }

  const health = (path: string) => app.request<HealthResult>('GET', `/tasker/health/${path}`);

  it('live: 200 { status: ok }', async () => {
    const answer = await health('live');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });

  it('ready: 200 with the database ping, the migrations and the worker up', async () => {
    const answer = await health('ready');

    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toContain('no-cache');
    expect(answer.body.status).toBe('ok');
    expect(answer.body.details).toEqual({
      database: { status: 'up', responseTimeMs: expect.any(Number) as unknown },
      migrations: { status: 'up', applied: TASKER_MIGRATIONS.length },
      worker: { status: 'up', enabled: true, running: true, inFlight: 0 },
    });
  });

  it('status: 200 with task and step counts, retries, pool, concurrency and the last hour', async () => {
    await run('linear', {}, 'complete');
    await run('single', {}, 'complete');

    const answer = await health('status');

    expect(answer.status).toBe(200);
    expect(answer.body.details.tasker).toMatchObject({
      status: 'up',
      tasks: { total: 2, pending: 0, in_progress: 0, complete: 2, error: 0, cancelled: 0, resolved_manually: 0 },
      steps: { total: 5, complete: 5, waiting_for_retry: 0, error: 0 },
      retries: { waitingForRetry: 0, inBackoff: 0, exhausted: 0 },
      database: { embedded: false, pool: { size: expect.any(Number) as unknown }, serverConnections: {} },
      concurrency: { min: 1, max: 8, inFlight: 0 },
      worker: { enabled: true, running: true },
      lastHour: { taskThroughput: 2, completionCount: 2, errorCount: 0, errorRate: 0 },
      problems: [],
    });
  });

  it('status: 503 naming the problem once more than half of the last hour’s tasks failed', async () => {
    for (let index = 0; index < 3; index += 1) {
      await run('once', { script: { work: { fail: { kind: 'permanent' } } } }, 'error');
    }

    const answer = await health('status');

    expect(answer.status).toBe(503);
    expect(answer.body.status).toBe('error');
    expect(answer.body.error?.tasker).toMatchObject({
      status: 'down',
      tasks: { total: 5, error: 3 },
      retries: { exhausted: 0 },
      lastHour: { errorCount: 3, errorRate: 60 },
      problems: ['60% of the tasks finished in the last hour failed, over 50%'],
    });
  });

  it('ready: 503 while the worker is stopped, 200 once it runs again', async () => {
    await app.tasker.stopWorker();
    const stopped = await health('ready');
    await app.tasker.startWorker();
    const started = await health('ready');

    expect(stopped.status).toBe(503);
    expect(stopped.body.error).toEqual({
      worker: { status: 'down', enabled: true, running: false, inFlight: 0, message: 'the worker loop is not running' },
    });
    expect(started.status).toBe(200);
  });

  it('ready: 503 while the database is unreachable, 200 again once it is back; live stays 200', async () => {
    await admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}'`);

    const down = await waitFor(
      async () => {
        const answer = await health('ready');
        return answer.status === 503 ? answer : undefined;
      },
      { what: 'ready to answer 503', timeoutMs: 20_000 },
    );
    const live = await health('live');
    await admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
    const up = await waitFor(
      async () => {
        const answer = await health('ready');
        return answer.status === 200 ? answer : undefined;
      },
      { what: 'ready to answer 200 again', timeoutMs: 20_000 },
    );

    expect(down.body.status).toBe('error');
    expect(down.body.error?.database).toEqual({
      status: 'down',
      message: expect.stringContaining('the database did not answer') as unknown,
    });
    expect(live.status).toBe(200);
    expect(up.body.details.database?.status).toBe('up');
    // The app works again end to end.
    await run('single', {}, 'complete');
  });
});
