import { Injectable, Module } from '@nestjs/common';
import { Client } from 'pg';
import { StepHandler, TaskHandler } from '../../lib';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { firstOf } from '../support/present';

/** Holds every run of the gated step until the test opens the gate. */
@Injectable()
class Gate {
  private open!: () => void;
  readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  held = 0;

  release(): void {
    this.open();
  }
}

@StepHandler('loss.gated')
class GatedStep {
  constructor(private readonly gate: Gate) {}

  async process(): Promise<{ passed: true }> {
    this.gate.held += 1;
    await this.gate.opened;
    return { passed: true };
  }
}

@StepHandler('loss.after')
class AfterStep {
  process(): { after: true } {
    return { after: true };
  }
}

@TaskHandler({
  namespace: 'loss',
  name: 'gated',
  steps: [
    { name: 'gated', handler: 'loss.gated' },
    { name: 'after', handler: 'loss.after', dependsOn: ['gated'] },
  ],
})
class GatedTask {}

@Module({ providers: [Gate, GatedStep, AfterStep, GatedTask], exports: [Gate] })
class LossModule {}

describe('losing every database connection mid-run (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TaskerApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTaskerApp(
      {
        database: { url: database.url },
        worker: { pollIntervalMs: 100, leaseMs: 1500 },
        concurrency: { min: 6, max: 6 },
        backoff: { baseMs: 5, maxMs: 50, jitter: 0 },
      },
      [LossModule],
    );
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  async function terminateTaskerConnections(): Promise<number> {
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ terminated: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS terminated
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      return firstOf(rows, 'terminated count row').terminated;
    } finally {
      await admin.end();
    }
  }

  it('reconnects and finishes every task when the connections die while steps run', async () => {
    const gate = app.module.get(Gate);
    const tasks = [];
    for (let i = 0; i < 6; i++)
      tasks.push(await app.tasker.createTask({ namespace: 'loss', name: 'gated', context: {} }));
    await waitFor(() => gate.held === 6, { what: 'six gated steps running' });

    // Kills the worker's pooled connections and its LISTEN connection while six steps are in flight.
    expect(await terminateTaskerConnections()).toBeGreaterThan(0);
    gate.release();

    for (const task of tasks) {
      const done = await app.tasker.waitForTask(task.id, { timeoutMs: 20_000 });
      expect(done.status).toBe('complete');
      expect(done.steps.map((step) => step.results)).toEqual([{ passed: true }, { after: true }]);
    }
    // Work created after the loss runs too (the worker's pipeline and notifications came back).
    const later = await app.tasker.createTask({ namespace: 'loss', name: 'gated', context: {} });
    expect((await app.tasker.waitForTask(later.id, { timeoutMs: 20_000 })).status).toBe('complete');
  });
});
