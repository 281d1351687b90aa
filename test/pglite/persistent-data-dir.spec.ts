import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiamondModule } from '../fixtures/diamond.fixture';
import { firstOf } from '../support/present';
import { createTaskerApp } from '../support/tasker-app';

describe('embedded database in a data directory (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasker-data-'));

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps tasks across a restart: a task created before it runs to completion after', async () => {
    const before = await createTaskerApp({ database: { dataDir }, worker: { autoStart: false } }, [DiamondModule]);
    let taskId: string;
    try {
      const task = await before.tasker.createTask({
        namespace: 'math',
        name: 'diamond',
        version: '1.0.0',
        context: { even_number: 2 },
      });
      taskId = task.id;
    } finally {
      await before.close();
    }

    const after = await createTaskerApp({ database: { dataDir } }, [DiamondModule]);
    try {
      const done = await after.tasker.waitForTask(taskId, { timeoutMs: 15_000 });
      expect(done.status).toBe('complete');
      expect(done.steps.find((step) => step.name === 'join')?.results).toEqual({ result: 256 });
      const migrations = await after.query<{ count: number }>('SELECT count(*)::int AS count FROM tasker.migrations');
      expect(firstOf(migrations).count).toBeGreaterThanOrEqual(3);
    } finally {
      await after.close();
    }
    // Two boots of the embedded database (each migrating or opening it) take 15-30 s on a loaded 2-core machine.
  }, 120_000);
});
