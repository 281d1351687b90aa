// The `tasker` CLI against a real database, as a child process: migrate, doctor, and reading and
// operating tasks that an app (the engine fixtures, in this process) creates and runs.
import type { TaskExplanation, TaskList, TaskView } from '../../lib';
import { TASKER_MIGRATIONS } from '../../migrations';
import { EngineProbe } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, type EngineApp } from '../support/engine-app';
import { firstOf } from '../support/present';
import { runTaskerCli, type CliRun } from '../support/tasker-cli';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const UNKNOWN_ID = '0191e3f5-6a3b-7c4d-8e9f-0123456789ab';

function json<T>(run: CliRun): T {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as T;
}

describe('tasker CLI against PostgreSQL', () => {
  let database: TestDatabase;
  let app: EngineApp | undefined;
  const cli = (...args: string[]): Promise<CliRun> => runTaskerCli(args, { env: { DATABASE_URL: database.url } });

  beforeAll(async () => {
    database = await createTestDatabase('tasker_cli');
  });

  afterAll(async () => {
    await closeAll(app);
    await database?.drop();
  });

  it('doctor reports pending migrations, migrate applies them once, then doctor passes', async () => {
    const before = await cli('doctor');
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/^✓ Database: PostgreSQL .+ reachable, schema "tasker"$/m);
    expect(before.stdout).toMatch(
      new RegExp(`^✗ Migrations: ${TASKER_MIGRATIONS.length} pending: CreateTaskerTables1764403200000, `, 'm'),
    );

    const unmigrated = await cli('tasks', 'list');
    expect(unmigrated.code).toBe(1);
    expect(unmigrated.stderr).toMatch(
      /^tasker: Tasker's schema "tasker" is missing or not migrated \(.*\): run tasker migrate$/m,
    );

    const migrate = await cli('migrate');
    expect(migrate.code).toBe(0);
    const lines = migrate.stdout.trim().split('\n');
    expect(firstOf(lines, 'first line')).toBe(`Applied ${TASKER_MIGRATIONS.length} migration(s) to schema "tasker":`);
    expect(lines).toContain('  CreateTaskerTables1764403200000');
    expect(lines.at(-1)).toBe(`${TASKER_MIGRATIONS.length} of ${TASKER_MIGRATIONS.length} applied.`);

    const again = await cli('migrate');
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(
      `Nothing to apply: schema "tasker" has all ${TASKER_MIGRATIONS.length} migrations.`,
    );

    const after = await cli('doctor', '--pool-size', '10', '--json');
    const report = json<{ ok: boolean; checks: Array<{ name: string; ok: boolean }> }>(after);
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => [check.name, check.ok])).toEqual([
      ['Node.js', true],
      ['Database', true],
      ['Migrations', true],
      ['Server connections', true],
      ['Pool settings', true],
    ]);

    const tooSmall = await cli('doctor', '--pool-size', '2', '--concurrency-max', '12');
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.stdout).toMatch(/^✗ Pool settings: .*concurrency\.max/m);
  }, 120_000);

  it('lists, shows and explains tasks; retry and resolve let the app finish them; cancel cancels', async () => {
    app = await createEngineApp(engineOptions(database.url), new EngineProbe());
    const tasker = app.tasker;
    const failOnce = await tasker.createTask({
      namespace: 'engine',
      name: 'linear',
      context: { script: { a: { fail: { kind: 'permanent', times: 1, message: 'a broke' } } } },
    });
    const failAlways = await tasker.createTask({
      namespace: 'engine',
      name: 'linear',
      context: { script: { a: { fail: { kind: 'permanent', message: 'a always breaks' } } } },
    });
    expect((await tasker.waitForTask(failOnce.id, { timeoutMs: 15_000 })).status).toBe('error');
    expect((await tasker.waitForTask(failAlways.id, { timeoutMs: 15_000 })).status).toBe('error');

    const list = json<TaskList>(await cli('tasks', 'list', '--status', 'error', '--json'));
    expect(list.total).toBe(2);
    expect(list.tasks.map((task) => task.id).sort()).toEqual([failOnce.id, failAlways.id].sort());
    const text = await cli('tasks', 'list', '--namespace', 'engine', '--limit', '1');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ID +STATUS +TASK +STEPS +CREATED$/m);
    expect(text.stdout).toMatch(new RegExp(`^${failAlways.id}  error +engine/linear@1\\.0\\.0  0/4 `, 'm'));
    expect(text.stdout).toContain('(1-1 of 2)');

    const shown = await cli('tasks', 'show', failOnce.id);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^status: +error$/m);
    expect(shown.stdout).toMatch(/^a +error +1\/3 +- +PermanentError: a broke$/m);
    expect(json<TaskView>(await cli('tasks', 'show', failOnce.id, '--json')).steps.map((s) => s.status)).toEqual([
      'error',
      'pending',
      'pending',
      'pending',
    ]);

    const explained = await cli('tasks', 'explain', failOnce.id);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain(`Task ${failOnce.id}: error (blocked by failures)`);
    expect(explained.stdout).toMatch(/^a +error +attempts 1\/3 +failed, no attempts left/m);
    expect(explained.stdout).toMatch(/^ {2}└ b <- a +pending +attempts 0\/3 +waiting on a$/m);
    expect(explained.stdout).toMatch(/^ {6}└ d <- c +pending/m);
    const explanation = json<TaskExplanation>(await cli('tasks', 'explain', failOnce.id, '--json'));
    expect(explanation.executionStatus).toBe('blocked_by_failures');

    const retried = await cli('tasks', 'retry', failOnce.id, 'a', '--reason', 'fixed upstream');
    expect(retried.code).toBe(0);
    expect(retried.stdout.trim()).toMatch(
      new RegExp(`^Retrying step "a" of task ${failOnce.id}: task (pending|in_progress)$`),
    );
    const rerun = await tasker.waitForTask(failOnce.id, { timeoutMs: 15_000 });
    expect(rerun.steps.map((step) => [step.name, step.status])).toEqual([
      ['a', 'complete'],
      ['b', 'complete'],
      ['c', 'complete'],
      ['d', 'complete'],
    ]);

    const resolved = await cli('tasks', 'resolve', failAlways.id, 'a', '--results', '{"sum":1}', '--json');
    expect(json<TaskView>(resolved).steps[0]).toEqual(
      expect.objectContaining({ name: 'a', status: 'resolved_manually' }),
    );
    const finished = await tasker.waitForTask(failAlways.id, { timeoutMs: 15_000 });
    expect(finished.status).toBe('complete');
    expect(finished.steps[0]?.results).toEqual({ sum: 1 });

    await tasker.stopWorker();
    const idle = await tasker.createTask({ namespace: 'engine', name: 'single', context: {} });
    const cancelled = await cli('tasks', 'cancel', idle.id, '--reason', 'not needed');
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout.trim()).toBe(`Cancelled task ${idle.id}: cancelled`);
    expect((await tasker.getTask(idle.id)).status).toBe('cancelled');
  }, 180_000);

  it('says so, with exit 1, for an unknown task or step', async () => {
    const unknown = await cli('tasks', 'show', UNKNOWN_ID);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: `tasker: Task ${UNKNOWN_ID} not found\n` });

    const explain = await cli('tasks', 'explain', UNKNOWN_ID);
    expect(explain.code).toBe(1);
    expect(explain.stderr).toBe(`tasker: Task ${UNKNOWN_ID} not found\n`);

    const [task] = json<TaskList>(await cli('tasks', 'list', '--json')).tasks;
    const unknownStep = await cli('tasks', 'retry', task?.id ?? UNKNOWN_ID, 'nope');
    expect(unknownStep.code).toBe(1);
    expect(unknownStep.stderr).toMatch(/^tasker: .*nope/);

    const badResults = await cli('tasks', 'resolve', task?.id ?? UNKNOWN_ID, 'a', '--results', '{oops');
    expect(badResults.code).toBe(2);
    expect(badResults.stderr).toContain("option '--results <json>' argument '{oops' is invalid. not valid JSON");
  }, 120_000);
});
