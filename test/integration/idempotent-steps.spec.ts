import { ReliabilityProbe, SIDE_EFFECTS_TABLE } from '../fixtures/reliability.fixture';
import { closeAll } from '../support/engine-app';
import { createReliabilityApp, type ReliabilityApp } from '../support/reliability-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Steps run at least once: a run whose side effect happened can run again (its process was killed
// before the result was written, or its result was lost). The pattern in docs/defining-tasks.md:
// key the side effect by ctx.step.idempotencyKey, the same for every attempt of the step.
describe('idempotent steps (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: ReliabilityApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = { database: { url: database.url }, worker: { pollIntervalMs: 50 }, http: { enabled: false } };
    app = await createReliabilityApp(options, new ReliabilityProbe('idem'));
    await app.query(`CREATE TABLE ${SIDE_EFFECTS_TABLE} (key text PRIMARY KEY, runs int NOT NULL)`);
  });

  afterAll(async () => {
    await closeAll(app);
    await database?.drop();
  });

  it('gives every attempt the same idempotency key and its own attempt key, so a repeated side effect happens once', async () => {
    if (app === undefined) throw new Error('the app did not boot');
    const { tasker, probe } = app;
    const task = await tasker.createTask({
      namespace: 'reliability',
      name: 'three-tries',
      context: { sideEffect: true, failAfterSideEffect: [1, 2] },
    });
    const done = await tasker.waitForTask(task.id, { timeoutMs: 10_000 });
    expect(done.status).toBe('complete');
    const stepId = done.steps[0]?.id;
    const runs = probe.runsOf(task.id);
    expect(runs.map((run) => [run.attempt, run.idempotencyKey, run.attemptKey])).toEqual([
      [1, stepId, `${stepId}:1`],
      [2, stepId, `${stepId}:2`],
      [3, stepId, `${stepId}:3`],
    ]);
    // three runs did the side effect; it exists once, under the step's key
    expect(await app.query(`SELECT key, runs FROM ${SIDE_EFFECTS_TABLE}`)).toEqual([{ key: stepId, runs: 3 }]);
  });
});
