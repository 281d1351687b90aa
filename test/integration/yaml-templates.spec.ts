import { join } from 'node:path';
import { Client } from 'pg';
import { TaskDefinitionError } from '../../lib';
import { DiamondModule } from '../fixtures/diamond.fixture';
import { createTaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { firstOf } from '../support/present';

describe('YAML task templates (PostgreSQL)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('registers the templates of a directory and runs them with the app’s step handlers', async () => {
    const app = await createTaskerApp(
      { database: { url: database.url }, templates: [join(__dirname, '../fixtures/yaml-app')] },
      [DiamondModule],
    );
    try {
      const task = await app.tasker.createTask({ namespace: 'yaml', name: 'squares', context: { even_number: 2 } });
      expect(task.version).toBe('2.0.0');
      expect(task.steps.map((step) => [step.name, step.maxAttempts])).toEqual([
        ['start', 3],
        ['left', 3],
        ['right', 5],
        ['join', 3],
      ]);
      const done = await app.tasker.waitForTask(task.id, { timeoutMs: 10_000 });
      expect(done.status).toBe('complete');
      expect(done.steps.find((step) => step.name === 'join')?.results).toEqual({ result: 256 });
    } finally {
      await app.close();
    }
  });

  it('stops the boot on a template naming an unknown handler, writing nothing', async () => {
    const fresh = await createTestDatabase();
    try {
      const error = await createTaskerApp(
        {
          database: { url: fresh.url },
          worker: { enabled: false },
          templates: join(__dirname, '../fixtures/yaml-app-bad'),
        },
        [DiamondModule],
      ).then(
        async (app) => {
          await app.close();
          return undefined;
        },
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(TaskDefinitionError);
      expect((error as TaskDefinitionError).problem).toBe('UNKNOWN_STEP_HANDLER');
      expect((error as Error).message).toContain('yaml/broken@0.1.0');
      expect((error as Error).message).toContain('no.such.handler');
      const client = new Client({ connectionString: fresh.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM tasker.named_tasks');
        expect(firstOf(rows, 'count row').count).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await fresh.drop();
    }
  });
});
