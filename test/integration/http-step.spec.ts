import { HttpStepModule } from '../fixtures/http-step.fixture';
import { startStubHttpServer, type StubAnswer, type StubHttpServer } from '../support/stub-http-server';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

describe('HttpStepHandler through the engine (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TaskerApp;
  let server: StubHttpServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startStubHttpServer();
    app = await createTaskerApp(
      {
        database: { url: database.url },
        worker: { pollIntervalMs: 50 },
        backoff: { baseMs: 5, maxMs: 5000, jitter: 0 },
      },
      [HttpStepModule],
    );
  });

  afterAll(async () => {
    await app?.close();
    await server?.close();
    await database?.drop();
  });

  it('waits out a 429 Retry-After, then stores each response as the step results', async () => {
    let calls = 0;
    server.answer('/first', (): StubAnswer => {
      calls += 1;
      return calls === 1
        ? { status: 429, headers: { 'retry-after': '1' } }
        : { status: 200, headers: { 'content-type': 'application/json' }, body: '{"user":"u1"}' };
    });
    server.answer('/second', (request) => ({ status: 201, body: `got ${request.body}` }));
    const task = await app.tasker.createTask({
      namespace: 'http',
      name: 'fetch',
      context: { baseUrl: server.url('') },
    });
    const done = await app.tasker.waitForTask(task.id, { timeoutMs: 20_000 });
    expect(done.status).toBe('complete');
    expect(done.steps.map((step) => [step.name, step.status, step.attempts, step.results])).toEqual([
      ['first', 'complete', 2, { status: 200, body: { user: 'u1' } }],
      ['second', 'complete', 1, { status: 201, body: 'got {"n":1}' }],
    ]);
    // The retry waited for Retry-After (1 s), not for the 5 ms backoff.
    const [firstCall, secondCall] = server.received.filter((request) => request.url === '/first');
    expect((secondCall?.at ?? 0) - (firstCall?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('ends the step in error at once on a 403, with code HTTP_403', async () => {
    server.answer('/first', { status: 403, body: 'forbidden' });
    const task = await app.tasker.createTask({
      namespace: 'http',
      name: 'fetch',
      context: { baseUrl: server.url('') },
    });
    const done = await app.tasker.waitForTask(task.id, { timeoutMs: 20_000 });
    expect(done.status).toBe('error');
    const [first, second] = done.steps;
    expect([first?.status, first?.attempts, first?.error?.code, first?.error?.type]).toEqual([
      'error',
      1,
      'HTTP_403',
      'PermanentError',
    ]);
    expect(first?.error?.message).toContain('answered 403: forbidden');
    expect(second?.status).toBe('pending');
  });

  it('aborts the hanging request when the task is cancelled', async () => {
    server.answer('/first', 'hang');
    const before = server.aborted.length;
    const task = await app.tasker.createTask({
      namespace: 'http',
      name: 'fetch',
      context: { baseUrl: server.url('') },
    });
    await waitFor(async () => (await app.tasker.getTask(task.id)).steps[0]?.status === 'in_progress', {
      timeoutMs: 10_000,
      what: 'the http step to be in progress',
    });
    await app.tasker.cancelTask(task.id);
    await waitFor(() => server.aborted.length > before, { timeoutMs: 10_000, what: 'the request to be aborted' });
    const cancelled = await app.tasker.getTask(task.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.steps.map((step) => step.status)).toEqual(['cancelled', 'cancelled']);
  });
});
