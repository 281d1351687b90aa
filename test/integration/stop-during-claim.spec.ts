import { expect } from '@jest/globals';
import type { CycleRow } from '../../lib/persistence/sql/run-cycle.query';
import { EngineProbe } from '../fixtures/engine.fixture';
import { closeAll, createEngineApp, engineOptions, stepRows, type EngineApp } from '../support/engine-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

describe('worker: a stop that begins while a claim is in flight (PostgreSQL)', () => {
  let database: TestDatabase;
  let observer: EngineApp;
  let worker: EngineApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    observer = await createEngineApp(
      engineOptions(database.url, { worker: { enabled: false } }),
      new EngineProbe('observer'),
    );
  });

  afterAll(async () => {
    await closeAll(worker, observer);
    await database?.drop();
  });

  it('starts none of the claimed steps and releases them before the process stops', async () => {
    const app = await createEngineApp(
      engineOptions(database.url, { worker: { pollIntervalMs: 50, shutdownTimeoutMs: 2000 } }),
      new EngineProbe('A'),
    );
    worker = app;
    // Holds the answer of the first round trip that claimed something, after the database applied it.
    let held = false;
    let answer: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (answer = resolve));
    const realQuerySent = app.database.querySent.bind(app.database);
    app.database.querySent = async <R>(text: string, values: readonly unknown[], sent: () => void): Promise<R[]> => {
      const rows = await realQuerySent<R>(text, values, sent);
      const claimed = (rows as unknown as CycleRow[]).some((row) => row.kind === 'claimed');
      if (claimed && !held) {
        held = true;
        await gate;
      }
      return rows;
    };

    const task = await observer.tasker.createTask({ namespace: 'engine', name: 'linear', context: {} });
    await waitFor(() => held, { what: 'the claim of step a answered and held' });
    const [claimedRow] = await stepRows(observer, task.id);
    expect([claimedRow?.status, claimedRow?.lease_owner]).toEqual(['in_progress', app.worker.workerId]);

    const closing = app.close();
    await waitFor(() => !app.worker.isRunning, { what: 'the worker stopping' });
    answer?.();
    await closing;

    expect(app.probe.runsOf(task.id)).toHaveLength(0);
    const rows = await observer.query<{ name: string; status: string; lease_owner: string | null; due: boolean }>(
      `SELECT name, status, lease_owner, coalesce(next_attempt_at <= now(), true) AS due
       FROM tasker.steps WHERE task_id = $1 ORDER BY position`,
      [task.id],
    );
    expect(rows.filter((row) => row.status === 'in_progress' || row.lease_owner !== null)).toEqual([]);
    expect(rows[0]).toEqual({ name: 'a', status: 'pending', lease_owner: null, due: true });
    const attempts = await stepRows(observer, task.id);
    expect(attempts[0]?.attempts).toBe(0);
  });
});
