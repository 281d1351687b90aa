import { ReliabilityProbe } from '../fixtures/reliability.fixture';
import { closeAll, stepRows, testLogger } from '../support/engine-app';
import { createReliabilityApp, roundTripsOf, type ReliabilityApp } from '../support/reliability-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

// A process paused after sending its claim (SIGSTOP, a long GC, a swapped-out host) must not start
// handlers for steps it no longer owns: when the claim comes back older than the lease, another
// worker may already have swept the lease and run the step. The pause is simulated exactly: worker
// A's claim round trip is held after the database answered until B has swept A's lease and
// completed the step; then A gets the answer.
describe('a claim older than the lease is not started (PostgreSQL)', () => {
  let database: TestDatabase;
  const apps: ReliabilityApp[] = [];
  /** Lets the held claim go on; the app cannot close while its round trip is held. */
  let resume: () => void = () => undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    resume();
    for (const app of apps) app.probe.release();
    await closeAll(...apps);
    await database?.drop();
  });

  async function worker(label: string): Promise<ReliabilityApp> {
    const options = {
      database: { url: database.url },
      worker: { pollIntervalMs: 50, leaseMs: 600 },
      concurrency: { min: 1, max: 4 },
      backoff: { baseMs: 5, maxMs: 5, jitter: 0 },
      http: { enabled: false },
    };
    const app = await createReliabilityApp(options, new ReliabilityProbe(label));
    apps.push(app);
    return app;
  }

  it('never starts the handler of a claim that came back after its lease; another worker completes the step once', async () => {
    const a = await worker('A');
    const trips = roundTripsOf(a.worker);
    const send = trips.runCycle.bind(trips);
    const target = { taskId: '' };
    let pausedClaim: Promise<void> | undefined;
    trips.runCycle = async (claimLimit, outcomes, sent) => {
      const rows = await send(claimLimit, outcomes, sent);
      if (pausedClaim === undefined && rows.some((row) => row.kind === 'claimed' && row.task_id === target.taskId)) {
        pausedClaim = new Promise<void>((resolve) => (resume = resolve));
        await pausedClaim;
      }
      return rows;
    };

    // created by a client-only process, so that A claims the step in a round trip of its own
    const client = await createReliabilityApp(
      { database: { url: database.url }, worker: { enabled: false }, http: { enabled: false } },
      new ReliabilityProbe('client'),
    );
    apps.push(client);
    const task = await client.tasker.createTask({ namespace: 'reliability', name: 'three-tries', context: {} });
    target.taskId = task.id;
    // A has claimed the step, and is "paused" with the answer
    await waitFor(() => pausedClaim !== undefined, { what: 'A claims the step' });
    const [claimed] = await stepRows(a, task.id);
    expect(claimed).toMatchObject({ status: 'in_progress', attempts: 1, lease_owner: a.worker.workerId });

    const b = await worker('B');
    const done = await b.tasker.waitForTask(task.id, { timeoutMs: 15_000 });
    expect(done.steps.map((step) => [step.status, step.attempts, step.error?.code])).toEqual([
      ['complete', 2, 'LEASE_EXPIRED'],
    ]);

    const warned = testLogger.entries.length;
    resume();
    await waitFor(
      () =>
        testLogger.entries.slice(warned).some((entry) => JSON.stringify(entry).includes('Claimed steps not started')),
      {
        what: 'A gives the stale claim back',
      },
    );
    await waitFor(() => a.worker.inFlight === 0, { what: 'A idle' });
    expect(a.probe.runsOf(task.id)).toEqual([]);
    expect(b.probe.runsOf(task.id).map((run) => [run.attempt, run.finished])).toEqual([[2, true]]);
    // the step stays as B left it: A's late release was fenced out
    const [after] = await stepRows(a, task.id);
    expect(after).toMatchObject({ status: 'complete', attempts: 2 });
  });
  it("never starts the roots its own createTask claimed when the statement's answer came back after the lease", async () => {
    const a = await worker('A');
    const database = a.database;
    const send = database.queryPrepared.bind(database);
    let pausedCreate: Promise<void> | undefined;
    // A's creating statement claims the root for A; its answer is held, as if A were paused right after the database answered.
    database.queryPrepared = async <R = Record<string, unknown>>(
      name: string,
      text: string,
      values: readonly unknown[],
    ) => {
      const rows = await send<R>(name, text, values);
      if (pausedCreate === undefined && name.startsWith('tasker_create_task_')) {
        pausedCreate = new Promise<void>((resolve) => (resume = resolve));
        await pausedCreate;
      }
      return rows;
    };
    const creating = a.tasker.createTask({ namespace: 'reliability', name: 'three-tries', context: {} });
    await waitFor(() => pausedCreate !== undefined, { what: "A's createTask claimed the root" });
    const [claimed] = await a.query<{ task_id: string; status: string; attempts: number; lease_owner: string }>(
      "SELECT task_id, status, attempts, lease_owner FROM tasker.steps WHERE status = 'in_progress'",
    );
    expect(claimed).toMatchObject({ attempts: 1, lease_owner: a.worker.workerId });
    const taskId = claimed?.task_id ?? '';

    const b = await worker('B');
    const done = await b.tasker.waitForTask(taskId, { timeoutMs: 15_000 });
    expect(done.status).toBe('complete');

    const warned = testLogger.entries.length;
    resume();
    expect((await creating).id).toBe(taskId);
    await waitFor(
      () =>
        testLogger.entries.slice(warned).some((entry) => JSON.stringify(entry).includes('Claimed steps not started')),
      { what: 'A gives the stale claim back' },
    );
    await waitFor(() => a.worker.inFlight === 0, { what: 'A idle' });
    // attempt 1 (A's stale claim) never ran anywhere; the step completed once, on a later attempt
    // (by any worker: those of the test above still run)
    const runs = apps.flatMap((app) => app.probe.runsOf(taskId));
    expect(runs.filter((run) => run.attempt === 1)).toEqual([]);
    expect(runs.filter((run) => run.finished)).toHaveLength(1);
    const [after] = await stepRows(a, taskId);
    expect(after).toMatchObject({ status: 'complete' });
  });
});
