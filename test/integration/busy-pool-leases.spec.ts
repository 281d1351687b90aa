import { ReliabilityProbe } from '../fixtures/reliability.fixture';
import { closeAll, stepTransitions, testLogger } from '../support/engine-app';
import { createReliabilityApp, type ReliabilityApp } from '../support/reliability-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// A healthy worker must keep its leases however busy its pool is. Here the pool has 2 connections,
// the worker runs 12 handlers at once, and each handler holds one of those connections for 0.3 s
// (a query on Tasker's exported data source): the handlers' queries queue for ~2 s, three times
// the 600 ms lease. Heartbeats that waited in that queue (as they did) let the leases expire, the
// worker's own sweep declared its live steps dead, their results were discarded and they ran again.
describe('leases under a busy pool (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: ReliabilityApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    app?.probe.release();
    await closeAll(app);
    await database?.drop();
  });

  it('keeps every live lease with pool 2 and 12 handlers holding the pool: no step expires, no result is discarded', async () => {
    const options = {
      database: { url: database.url, poolSize: 2 },
      worker: { pollIntervalMs: 50, leaseMs: 600 },
      concurrency: { min: 1, max: 1 },
      backoff: { baseMs: 5, maxMs: 5, jitter: 0 },
      http: { enabled: false },
    };
    const busy = await createReliabilityApp(options, new ReliabilityProbe('busy'), { concurrencyLimit: 12 });
    app = busy;
    const tasks = await Promise.all(
      Array.from({ length: 12 }, () =>
        busy.tasker.createTask({ namespace: 'reliability', name: 'three-tries', context: { queryMs: 300 } }),
      ),
    );
    const logged = testLogger.entries.length;
    const done = await Promise.all(tasks.map((task) => busy.tasker.waitForTask(task.id, { timeoutMs: 30_000 })));

    expect(done.map((task) => task.status)).toEqual(Array<string>(12).fill('complete'));
    // each step ran once, as attempt 1: no lease expired, no result was thrown away
    expect(done.map((task) => task.steps.map((step) => [step.attempts, step.error?.code ?? null]))).toEqual(
      Array(12).fill([[1, null]]),
    );
    expect(busy.probe.runs.map((run) => run.attempt)).toEqual(Array<number>(12).fill(1));
    for (const task of tasks) {
      const transitions = await stepTransitions(busy, task.id);
      expect(transitions.map((t) => t.to_status)).toEqual(['in_progress', 'complete']);
    }
    const recovered = testLogger.entries
      .slice(logged)
      .filter((entry) => JSON.stringify(entry).includes('lease expired'));
    expect(recovered).toEqual([]);
  });
});
