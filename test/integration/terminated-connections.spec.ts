import { expect } from '@jest/globals';
import { Client } from 'pg';
import { EngineProbe } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

/** The part of pg's pool and client the first test wraps. */
interface CheckoutClient {
  processID: number;
  query(text: string, values: unknown[]): Promise<unknown>;
  once(event: 'end', listener: () => void): unknown;
}
interface CheckoutPool {
  connect(): Promise<CheckoutClient>;
}

/**
 * Cutting every connection Tasker holds (as a server restart does) while statements are under way:
 * the errors pg reports for them must reach a listener, never crash the process.
 */
describe('every Tasker connection terminated mid-run (PostgreSQL)', () => {
  let database: TestDatabase;
  let admin: Client;
  let app: EngineApp | undefined;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown): void => {
    uncaught.push(error);
  };

  async function activeStatements(): Promise<Array<{ application_name: string; query: string; state: string }>> {
    const result = await admin.query<{ application_name: string; query: string; state: string }>(
      'SELECT application_name, query, state FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database.name],
    );
    return result.rows;
  }

  async function terminateAll(): Promise<number> {
    const result = await admin.query<{ n: number }>(
      'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database.name],
    );
    return result.rows[0]?.n ?? 0;
  }

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    database = await createTestDatabase();
    admin = new Client({ connectionString: database.url });
    await admin.connect();
  });

  afterAll(async () => {
    process.removeListener('uncaughtException', onUncaught);
    await closeAll(app);
    await admin?.end();
    await database?.drop();
  });

  it('survives a cut that lands after a checked-out statement answered, before its connection went back', async () => {
    const engine = await createEngineApp(
      engineOptions(database.url, { worker: { enabled: false } }),
      new EngineProbe('B'),
    );
    // The pool TypeORM created, which the statements of the hot path check connections out of.
    const pool = (engine.database as unknown as { pool: CheckoutPool }).pool;
    const realConnect = pool.connect.bind(pool);
    let cut = false;
    pool.connect = async () => {
      const client = await realConnect();
      const realQuery = client.query.bind(client);
      client.query = async (text: string, values: unknown[]) => {
        const result = await realQuery(text, values);
        // The server ends the session between the answer and the release: pg sees no statement
        // under way, so it reports the error as an 'error' event on the client.
        const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
        await admin.query('SELECT pg_terminate_backend($1)', [client.processID]);
        await ended;
        cut = true;
        return result;
      };
      return client;
    };
    const rows = await engine.database.querySent<{ one: number }>('SELECT 1 AS one', [], () => undefined);
    pool.connect = realConnect;
    expect(cut).toBe(true);
    expect(rows).toEqual([{ one: 1 }]);
    expect(await engine.database.query<{ two: number }>('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    await engine.close();
    expect(uncaught).toEqual([]);
  });

  it('survives the cut with a checked-out statement in flight, the heartbeat connection and the listener open, and the run completes', async () => {
    const engine = await createEngineApp(
      engineOptions(database.url, { worker: { pollIntervalMs: 50, leaseMs: 3000 } }),
      new EngineProbe('A'),
    );
    app = engine;
    const task = await engine.tasker.createTask({
      namespace: 'engine',
      name: 'linear',
      context: { script: { a: { hold: { until: 'gate', attempts: [1] } } } },
    });
    await waitFor(() => engine.probe.heldRuns(task.id).length === 1, { what: 'step a running' });
    // A statement on a checked-out pooled connection (the worker's round trips use this path).
    const inFlight = engine.database.querySent('SELECT pg_sleep(30)', [], () => undefined);
    const settled = inFlight.then(
      () => 'answered',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    await waitFor(
      async () => {
        const rows = await activeStatements();
        const names = new Set(rows.map((row) => row.application_name));
        return (
          rows.some((row) => row.state === 'active' && row.query.includes('pg_sleep')) &&
          names.has('tasker-heartbeat') &&
          names.has('tasker-listener')
        );
      },
      { what: 'the statement in flight, and the heartbeat and listener connections open', timeoutMs: 10_000 },
    );

    expect(await terminateAll()).toBeGreaterThanOrEqual(3);
    expect(await settled).toMatch(/terminat/i);
    // Once more, now that the worker's pool and connections were opened again.
    await waitFor(async () => (await activeStatements()).length > 0, { what: 'Tasker reconnected' });
    await terminateAll();

    engine.probe.release(task.id);
    const done = await engine.tasker.waitForTask(task.id, { timeoutMs: 20_000 });
    expect(done.status).toBe('complete');
    expect(uncaught).toEqual([]);
  });
});
