import { MAX_RELEASES } from '../../lib/orchestration/failure-policy';
import { ReliabilityProbe } from '../fixtures/reliability.fixture';
import { closeAll, stepRows, stepTransitions } from '../support/engine-app';
import { firstOf } from '../support/present';
import { createReliabilityApp, type ReliabilityApp } from '../support/reliability-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

// A graceful shutdown (SIGTERM → app.close()) that aborts a run past worker.shutdownTimeoutMs gives
// the run back: it does not use up an attempt, so a rolling deploy cannot fail a step whose
// maxAttempts is 1. The releases are bounded: past MAX_RELEASES a shutdown abort counts again.
describe('graceful shutdown releases runs without using up attempts (PostgreSQL)', () => {
  let database: TestDatabase;
  let observer: ReliabilityApp;
  const apps: ReliabilityApp[] = [];

  async function worker(label: string): Promise<ReliabilityApp> {
    const options = {
      database: { url: database.url },
      worker: { pollIntervalMs: 50, shutdownTimeoutMs: 50 },
      http: { enabled: false },
    };
    const app = await createReliabilityApp(options, new ReliabilityProbe(label));
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = { database: { url: database.url }, worker: { enabled: false }, http: { enabled: false } };
    observer = await createReliabilityApp(options, new ReliabilityProbe('observer'));
  });

  afterAll(async () => {
    for (const app of apps) app.probe.release();
    await closeAll(...apps, observer);
    await database?.drop();
  });

  const query = <R>(sql: string, values?: unknown[]): Promise<R[]> => observer.database.query<R>(sql, values);

  it('completes a maxAttempts-1 step on the next worker after a shutdown interrupted it', async () => {
    const a = await worker('A');
    const task = await observer.tasker.createTask({
      namespace: 'reliability',
      name: 'one-shot',
      context: { hold: true },
    });
    await waitFor(() => a.probe.held().length === 1, { what: 'A runs the step' });
    await a.close();
    expect(firstOf(a.probe.runsOf(task.id)).abortReason).toBe('shutdown');

    const [released] = await stepRows(observer, task.id);
    expect(released).toMatchObject({ status: 'pending', attempts: 0, lease_owner: null, last_error: null });
    const transitions = await stepTransitions(observer, task.id);
    expect(transitions.map((t) => [t.from_status, t.to_status, t.attempt, t.error?.code ?? null])).toEqual([
      ['pending', 'in_progress', 1, null],
      ['in_progress', 'released', 1, 'SHUTDOWN'],
    ]);

    const b = await worker('B');
    await waitFor(() => b.probe.held().length === 1, { what: 'B runs the step' });
    b.probe.release();
    const done = await observer.tasker.waitForTask(task.id, { timeoutMs: 10_000 });
    expect(done.status).toBe('complete');
    expect(done.steps.map((step) => [step.status, step.attempts, (step.results as { by: string }).by])).toEqual([
      ['complete', 1, 'B'],
    ]);
    await b.close();
  });

  it(`counts a shutdown abort as an attempt after ${MAX_RELEASES} releases, so a step that never finishes cannot loop forever`, async () => {
    const task = await observer.tasker.createTask({
      namespace: 'reliability',
      name: 'one-shot',
      context: { hold: true },
    });
    for (let round = 1; round <= MAX_RELEASES + 1; round++) {
      const w = await worker(`W${round}`);
      await waitFor(() => w.probe.runsOf(task.id).length === 1, { what: `W${round} runs the step` });
      await w.close();
    }
    const [row] = await query<{
      status: string;
      attempts: number;
      releases: number;
      last_error: { code: string } | null;
    }>('SELECT status, attempts, releases, last_error FROM tasker.steps WHERE task_id = $1', [task.id]);
    expect(row).toMatchObject({
      status: 'error',
      attempts: 1,
      releases: MAX_RELEASES,
      last_error: { code: 'SHUTDOWN' },
    });
    expect((await observer.tasker.getTask(task.id)).status).toBe('error');
    const outcomes = (await stepTransitions(observer, task.id))
      .filter((t) => t.from_status === 'in_progress')
      .map((t) => t.to_status);
    expect(outcomes).toEqual([...Array<string>(MAX_RELEASES).fill('released'), 'error']);
  });

  it('releases a step at its last attempt of several when maxAttempts leaves retries (the bound then retries at once)', async () => {
    const task = await observer.tasker.createTask({
      namespace: 'reliability',
      name: 'three-tries',
      context: { hold: true },
    });
    await query(`UPDATE tasker.steps SET releases = $2 WHERE task_id = $1`, [task.id, MAX_RELEASES]);
    const w = await worker('R');
    await waitFor(() => w.probe.runsOf(task.id).length === 1, { what: 'R runs the step' });
    await w.close();
    const [row] = await stepRows(observer, task.id);
    // past the bound the abort is an attempt: retried at once since attempts are left
    expect(row).toMatchObject({ status: 'waiting_for_retry', attempts: 1, lease_owner: null });
    expect(row?.last_error?.code).toBe('SHUTDOWN');
  });
});
