import { ReliabilityProbe } from '../fixtures/reliability.fixture';
import { closeAll, testLogger } from '../support/engine-app';
import { createReliabilityApp, type ReliabilityApp } from '../support/reliability-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The boot needs at most two connections: the migrations' advisory lock holds one, the migrations
// run on another (a pool of 1 waited on itself forever, so poolSize < 2 is refused). A pool of 2
// boots on a fresh database, on an already migrated one, and with several processes booting at once.
describe('booting with a pool of 2 (PostgreSQL)', () => {
  const databases: TestDatabase[] = [];
  const apps: ReliabilityApp[] = [];

  afterAll(async () => {
    await closeAll(...apps);
    for (const database of databases) await database.drop();
  });

  async function boot(url: string, label: string): Promise<ReliabilityApp> {
    const options = { database: { url, poolSize: 2 }, worker: { pollIntervalMs: 50 }, http: { enabled: false } };
    const app = await createReliabilityApp(options, new ReliabilityProbe(label));
    apps.push(app);
    return app;
  }

  async function runsATask(app: ReliabilityApp): Promise<string> {
    const task = await app.tasker.createTask({ namespace: 'reliability', name: 'three-tries', context: {} });
    return (await app.tasker.waitForTask(task.id, { timeoutMs: 10_000 })).status;
  }

  it('boots on a fresh database and again on the migrated one, and warns that the pool is far below concurrency.max', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const logged = testLogger.entries.length;
    const fresh = await boot(database.url, 'fresh');
    expect(await runsATask(fresh)).toBe('complete');
    const warnings = testLogger.entries
      .slice(logged)
      .filter((entry) => JSON.stringify(entry).includes('database.poolSize is far below'));
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('"poolSizeForMax":20');
    await fresh.close();

    const migrated = await boot(database.url, 'migrated');
    expect(await runsATask(migrated)).toBe('complete');
    await migrated.close();
  });

  it('boots three processes at once on a fresh database', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const booted = await Promise.all(['p1', 'p2', 'p3'].map((label) => boot(database.url, label)));
    expect(await Promise.all(booted.map(runsATask))).toEqual(['complete', 'complete', 'complete']);
  });
});
