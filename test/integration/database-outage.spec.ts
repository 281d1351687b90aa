import { Client } from 'pg';
import { pipelineRetryDelayMs } from '../../lib/orchestration/worker-pipeline';
import { ReliabilityProbe } from '../fixtures/reliability.fixture';
import { closeAll, testLogger } from '../support/engine-app';
import { createReliabilityApp, roundTripsOf, type ReliabilityApp } from '../support/reliability-app';
import { adminUrl, createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

// While the database refuses connections, a worker's failed round trips back off as they say
// (200 ms doubling to 5 s), whatever else wakes it (here a 20 ms poll), and the outage is logged
// once when it starts and once when it ends, not once per try.
describe('round trips during a database outage (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: ReliabilityApp | undefined;
  let admin: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin.end();
    await closeAll(app);
    await database?.drop();
  });

  it('backs off as it says and logs one line when the outage starts and one when it ends', async () => {
    const options = { database: { url: database.url }, worker: { pollIntervalMs: 20 }, http: { enabled: false } };
    app = await createReliabilityApp(options, new ReliabilityProbe('outage'));
    const trips = roundTripsOf(app.worker);
    const send = trips.runCycle.bind(trips);
    const sweep = trips.expireLeases.bind(trips);
    /** When each failed round trip was sent (a turn fails at its first failing statement). */
    const failures: number[] = [];
    const counted = async <T>(statement: () => Promise<T>): Promise<T> => {
      const at = Date.now();
      try {
        return await statement();
      } catch (error) {
        failures.push(at);
        throw error;
      }
    };
    /** Failed tries when the first round trip after them succeeded (the turn that ended the outage). */
    let failedBeforeRecovery: number | undefined;
    trips.runCycle = async (claimLimit, outcomes, sent) => {
      const rows = await counted(() => send(claimLimit, outcomes, sent));
      if (failures.length > 0) failedBeforeRecovery ??= failures.length;
      return rows;
    };
    trips.expireLeases = (limit, live) => counted(() => sweep(limit, live));
    const logged = testLogger.entries.length;
    const lines = (text: string): number =>
      testLogger.entries.slice(logged).filter((entry) => JSON.stringify(entry).includes(text)).length;

    await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database.name],
    );
    // every session of the database is gone before the outage is measured
    await waitFor(
      async () => {
        const rows = await admin.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [database.name],
        );
        return rows.rows[0]?.n === 0;
      },
      { what: 'no session left' },
    );
    await waitFor(() => lines('Worker round trip failed') === 1, { what: 'the outage logged' });
    // four failed tries: 200 + 400 + 800 ms of back-off, during which the poll fired ~70 times
    await waitFor(() => failures.length >= 4, { what: 'four failed tries', timeoutMs: 15_000 });
    const gaps = failures.slice(1, 4).map((at, i) => at - (failures[i] ?? at));
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(pipelineRetryDelayMs(i + 1) - 20));

    await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
    await waitFor(() => lines('Worker round trips succeed again') === 1, {
      what: 'the recovery logged',
      timeoutMs: 15_000,
    });
    const failedTries = failedBeforeRecovery ?? -1;
    expect(lines('Worker round trip failed')).toBe(1);
    const recovery = testLogger.entries
      .slice(logged)
      .find((entry) => JSON.stringify(entry).includes('Worker round trips succeed again'));
    expect(JSON.stringify(recovery)).toMatch(/"downForMs":\d+/);
    expect(JSON.stringify(recovery)).toContain(`"failedTries":${failedTries}`);

    // the notification connection was cut too: it logs its loss once, however many tries it takes
    expect(lines('Notification connection lost')).toBe(1);

    // the worker works again
    const task = await app.tasker.createTask({ namespace: 'reliability', name: 'three-tries', context: {} });
    expect((await app.tasker.waitForTask(task.id, { timeoutMs: 10_000 })).status).toBe('complete');
  });
});
