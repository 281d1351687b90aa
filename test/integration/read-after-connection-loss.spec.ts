import { spawnSync } from 'node:child_process';
import { expect } from '@jest/globals';
import { Module } from '@nestjs/common';
import { StepHandler, TaskHandler } from '../../lib';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

@StepHandler('reads.noop')
class NoopStep {
  process(): { done: true } {
    return { done: true };
  }
}

@TaskHandler({ namespace: 'reads', name: 'one', steps: [{ name: 'only', handler: 'reads.noop' }] })
class OneStepTask {}

@Module({ providers: [NoopStep, OneStepTask] })
class ReadsModule {}

// Terminates every other session of the database and waits until they are gone. It runs in a
// child process that blocks this one's event loop, so the app's idle connections cannot notice
// their end before the next read picks one of them: the read meets the dead connection for sure.
const TERMINATE = `
const { Client } = require('pg');
(async () => {
  const client = new Client({ connectionString: process.argv[1] });
  await client.connect();
  const { rows } = await client.query(
    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
  await client.end();
  process.stdout.write(String(rows[0].n));
})().catch((error) => { process.stderr.write(String(error)); process.exit(1); });`;

function terminateSessionsBlocking(url: string): number {
  const result = spawnSync(process.execPath, ['-e', TERMINATE, url], { cwd: process.cwd(), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`terminating sessions failed: ${result.stderr}`);
  return Number(result.stdout);
}

describe('reads after the pooled connections were killed (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TaskerApp;
  let taskId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Worker off: only the reads under test use the pool.
    app = await createTaskerApp({ database: { url: database.url }, worker: { enabled: false } }, [ReadsModule]);
    taskId = (await app.tasker.createTask({ namespace: 'reads', name: 'one', context: { n: 1 } })).id;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** Fills the pool with idle connections (several reads at once), then kills them all. */
  async function killPooledConnections(): Promise<void> {
    await Promise.all(Array.from({ length: 4 }, () => app.tasker.getTask(taskId)));
    expect(terminateSessionsBlocking(database.url)).toBeGreaterThan(0);
  }

  it('getTask succeeds on a fresh connection', async () => {
    await app.tasker.getTask(taskId);
    await killPooledConnections();

    expect((await app.tasker.getTask(taskId)).id).toBe(taskId);
  });

  it('listTasks succeeds on a fresh connection', async () => {
    await killPooledConnections();

    expect((await app.tasker.listTasks({ namespace: 'reads' })).total).toBe(1);
  });

  it('explainTask succeeds on a fresh connection', async () => {
    await killPooledConnections();

    expect((await app.tasker.explainTask(taskId)).taskId).toBe(taskId);
  });

  it('waitForTask on a finished task succeeds on a fresh connection', async () => {
    await app.query(`UPDATE tasker.tasks SET status = 'cancelled' WHERE id = $1`, [taskId]);
    await killPooledConnections();

    expect((await app.tasker.waitForTask(taskId, { timeoutMs: 5000 })).status).toBe('cancelled');
  });

  // The control: the kill does reach the next statement, and `query` (for writes) does not retry.
  it('a statement through query() reports the lost connection', async () => {
    await killPooledConnections();

    await expect(app.query('SELECT 1 AS one')).rejects.toMatchObject({ message: expect.stringMatching(/terminat/i) });
  });
});
