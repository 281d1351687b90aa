import type { TaskView } from '../../lib';
import { ObservabilityFixtureModule } from '../fixtures/observability.fixture';
import { closeAll } from '../support/engine-app';
import { createHttpApp, httpOptions, type HttpApp } from '../support/http-app';
import { logLinesOf } from '../support/observed-log-lines';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('HTTP: X-Correlation-ID (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: HttpApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createHttpApp(httpOptions(database.url), { imports: [ObservabilityFixtureModule] });
  });

  afterAll(async () => {
    await closeAll(app);
    await database?.drop();
  });

  const diamond = { namespace: 'obs', name: 'diamond', context: {} };

  it("sets the task's correlation id from the header; the handlers' log lines carry it", async () => {
    const answer = await app.request<{ task: TaskView }>('POST', '/tasker/tasks', diamond, {
      'X-Correlation-ID': 'gateway-req-17',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.task.correlationId).toBe('gateway-req-17');
    const done = await app.tasker.waitForTask(answer.body.task.id, { timeoutMs: 20_000 });
    expect(done.status).toBe('complete');
    const shown = await app.request<{ task: TaskView }>('GET', `/tasker/tasks/${done.id}`);
    expect(shown.body.task.correlationId).toBe('gateway-req-17');
    expect(logLinesOf('observed handler ran', done.id).map((line) => line['correlationId'])).toEqual(
      Array.from({ length: 4 }, () => 'gateway-req-17'),
    );
  });

  it("prefers the body's correlationId over the header", async () => {
    const answer = await app.request<{ task: TaskView }>(
      'POST',
      '/tasker/tasks',
      { ...diamond, correlationId: 'from-body' },
      { 'X-Correlation-ID': 'from-header' },
    );
    expect(answer.status).toBe(201);
    expect(answer.body.task.correlationId).toBe('from-body');
    // finished, so that the next test's row counts hold still
    await app.tasker.waitForTask(answer.body.task.id, { timeoutMs: 20_000 });
  });

  it('gives the header to every task of a batch that sets none; a request of its own keeps it', async () => {
    const answer = await app.request<{ tasks: TaskView[] }>(
      'POST',
      '/tasker/tasks/batch',
      { tasks: [diamond, { ...diamond, correlationId: 'own-id' }, diamond] },
      { 'X-Correlation-ID': 'batch-req-9' },
    );
    expect(answer.status).toBe(201);
    expect(answer.body.tasks.map((task) => task.correlationId)).toEqual(['batch-req-9', 'own-id', 'batch-req-9']);
    for (const task of answer.body.tasks) await app.tasker.waitForTask(task.id, { timeoutMs: 20_000 });
  });

  it('refuses a batch with an invalid header (400 naming it), and writes nothing', async () => {
    const before = await app.rowCounts();
    const answer = await app.request<{ error: { details: Array<{ field: string }> } }>(
      'POST',
      '/tasker/tasks/batch',
      { tasks: [diamond] },
      { 'X-Correlation-ID': '-starts-with-dash' },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.map((problem) => problem.field)).toEqual(['X-Correlation-ID']);
    expect(await app.rowCounts()).toEqual(before);
  });

  it('refuses an invalid header with a 400 naming it, and writes nothing', async () => {
    const before = await app.rowCounts();
    const answer = await app.request<{
      error: { code: string; details: Array<{ field: string; messages: string[] }> };
    }>('POST', '/tasker/tasks', { ...diamond, correlationId: 'valid-body' }, { 'X-Correlation-ID': 'not valid!' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BAD_REQUEST');
    expect(answer.body.error.details.map((problem) => problem.field)).toEqual(['X-Correlation-ID']);
    expect(await app.rowCounts()).toEqual(before);
  });

  it('refuses an invalid body correlationId with a 400 naming the field', async () => {
    const answer = await app.request<{ error: { details: Array<{ field: string }> } }>('POST', '/tasker/tasks', {
      ...diamond,
      correlationId: 'has space',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.map((problem) => problem.field)).toEqual(['correlationId']);
  });
});
