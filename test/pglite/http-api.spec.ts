import type { TaskView } from '../../lib';
import { createHttpApp, httpOptions, type HttpApp } from '../support/http-app';
import { waitFor } from '../support/wait-for';

// One embedded database for the file: each PGlite instance costs seconds and memory.
const STARTUP_MS = 60_000;

describe('the HTTP API on the embedded database (PGlite)', () => {
  let app: HttpApp;

  beforeAll(async () => {
    app = await createHttpApp(httpOptions(undefined));
  }, STARTUP_MS);

  afterAll(async () => {
    await app?.close();
  }, STARTUP_MS);

  it('should create a task over HTTP and serve it until it completes', async () => {
    const created = await app.request<{ task: TaskView }>('POST', '/tasker/tasks', {
      namespace: 'http',
      name: 'order',
      context: { orderId: 'P-1' },
    });
    expect(created.status).toBe(201);

    const done = await waitFor(
      async () => {
        const answer = await app.request<{ task: TaskView }>('GET', `/tasker/tasks/${created.body.task.id}`);
        return answer.body.task.status === 'complete' ? answer.body.task : undefined;
      },
      { what: 'the task to complete', timeoutMs: 20_000 },
    );
    expect(done.steps.map((step) => step.status)).toEqual(['complete', 'complete', 'complete', 'complete']);
    const list = await app.request<{ total: number }>('GET', '/tasker/tasks?namespace=http');
    expect(list.body.total).toBe(1);
    const diagram = await app.request<{ mermaid: string }>('GET', `/tasker/tasks/${done.id}/diagram`);
    expect(diagram.body.mermaid).toContain('class s0,s1,s2,s3 complete');
  });

  it('should answer health, analytics and docs', async () => {
    const ready = await app.request<{ status: string }>('GET', '/tasker/health/ready');
    const status = await app.request<{ details: { tasker: Record<string, unknown> } }>('GET', '/tasker/health/status');
    const performance = await app.request<{ periods: { lastHour: { completionCount: number } } }>(
      'GET',
      '/tasker/analytics/performance',
    );
    const bottlenecks = await app.request<{ slowestTasks: unknown[] }>('GET', '/tasker/analytics/bottlenecks');
    const docs = await app.request<{ paths: Record<string, unknown> }>('GET', '/tasker/docs-json');

    expect(ready.status).toBe(200);
    expect(status.status).toBe(200);
    expect(status.body.details.tasker).toMatchObject({
      status: 'up',
      tasks: { total: 1, complete: 1 },
      database: { embedded: true, pool: null },
    });
    expect(performance.body.periods.lastHour.completionCount).toBe(1);
    expect(bottlenecks.body.slowestTasks).toHaveLength(1);
    expect(Object.keys(docs.body.paths)).toContain('/tasker/tasks');
  });

  it('should refuse bad input and unknown ids as on PostgreSQL', async () => {
    const bad = await app.request<{ error: { code: string } }>('GET', '/tasker/tasks?limit=0');
    const missing = await app.request<{ error: { code: string } }>(
      'GET',
      '/tasker/tasks/01969b6e-4c1a-7d2e-9f3b-2a4c6e8f0a1b',
    );

    expect([bad.status, bad.body.error.code]).toEqual([400, 'BAD_REQUEST']);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'TASK_NOT_FOUND']);
  });
});
