import type { PerformanceAnalytics, TaskExplanation, TaskList, TaskView } from '../../lib';
import type { EngineContext } from '../fixtures/engine.fixture';
import { createHttpApp, httpOptions, type HttpAnswer, type HttpApp } from '../support/http-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const UNKNOWN_ID = '01969b6e-4c1a-7d2e-9f3b-2a4c6e8f0a1b';

describe('the REST API over HTTP (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: HttpApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createHttpApp(httpOptions(database.url));
  });

  afterAll(async () => {
    app?.probe.release();
    await app?.close();
    await database?.drop();
  });

  function create(body: unknown): Promise<HttpAnswer<{ task: TaskView }>> {
    return app.request('POST', '/tasker/tasks', body);
  }

  async function createEngineTask(name: string, context: EngineContext = {}): Promise<TaskView> {
    const answer = await create({ namespace: 'engine', name, context });
    expect(answer.status).toBe(201);
    return answer.body.task;
  }

  /** Polls GET /tasks/:id until the task has one of `statuses`. */
  async function waitForStatus(id: string, ...statuses: string[]): Promise<TaskView> {
    return waitFor(
      async () => {
        const answer = await app.request<{ task: TaskView }>('GET', `/tasker/tasks/${id}`);
        return statuses.includes(answer.body.task.status) ? answer.body.task : undefined;
      },
      { what: `task ${id} ${statuses.join('/')}` },
    );
  }

  /** Waits until no task has anything left to run, so the row counts stay still. */
  async function settled(): Promise<void> {
    await waitFor(
      async () => {
        const [row] = await app.query<{ active: number }>(
          "SELECT count(*)::int AS active FROM tasker.tasks WHERE status IN ('pending', 'in_progress')",
        );
        return row?.active === 0;
      },
      { what: 'no active task' },
    );
  }

  /** Sends a request that must be refused with `status` and `code`, and checks that it wrote nothing. */
  async function refused(
    status: number,
    code: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ErrorBody['error']> {
    await settled();
    const before = await app.rowCounts();
    const answer = await app.request<ErrorBody>(method, path, body);
    expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status, code });
    expect(typeof answer.body.error.message).toBe('string');
    expect(await app.rowCounts()).toEqual(before);
    return answer.body.error;
  }

  describe('POST /tasks', () => {
    it('should create the task and answer 201 { task } with its steps in dependency order', async () => {
      const before = await app.rowCounts();

      const answer = await create({
        namespace: 'http',
        name: 'order',
        version: '1.0.0',
        context: { orderId: 'A-1' },
        initiator: 'alice',
        sourceSystem: 'shop',
        reason: 'test',
        tags: ['t1'],
        idempotencyKey: 'order-A-1',
      });

      expect(answer.status).toBe(201);
      expect(answer.headers.get('content-type')).toContain('application/json');
      expect(answer.body.task).toMatchObject({
        namespace: 'http',
        name: 'order',
        version: '1.0.0',
        context: { orderId: 'A-1' },
        initiator: 'alice',
        sourceSystem: 'shop',
        reason: 'test',
        tags: ['t1'],
        idempotencyKey: 'order-A-1',
      });
      // In progress already when this process's worker had a free slot for the root step.
      expect(['pending', 'in_progress']).toContain(answer.body.task.status);
      expect(answer.body.task.steps.map((step) => [step.name, step.dependsOn])).toEqual([
        ['check', []],
        ['ship', ['check']],
      ]);
      const after = await app.rowCounts();
      expect(after.tasks - before.tasks).toBe(1);
      expect(after.steps - before.steps).toBe(2);
      const done = await waitForStatus(answer.body.task.id, 'complete');
      expect(done.steps.map((step) => step.status)).toEqual(['complete', 'complete']);
    });

    it('should create the newest version when none is given', async () => {
      const answer = await create({ namespace: 'http', name: 'order', context: { orderId: 'A-2' } });

      expect(answer.status).toBe(201);
      expect(answer.body.task.version).toBe('2.0.0');
    });

    it.each<[string, Record<string, unknown>]>([
      ['name', { name: undefined }],
      ['name', { name: 42 }],
      ['namespace', { namespace: '' }],
      ['namespace', { namespace: 'n'.repeat(65) }],
      ['version', { version: ['1.0.0'] }],
      ['context', { context: undefined }],
      ['context', { context: [1, 2] }],
      ['context', { context: 'text' }],
      ['initiator', { initiator: '   ' }],
      ['sourceSystem', { sourceSystem: 7 }],
      ['reason', { reason: 'r'.repeat(257) }],
      ['tags', { tags: 'urgent' }],
      ['tags', { tags: ['ok', ''] }],
      ['idempotencyKey', { idempotencyKey: false }],
      ['priority', { priority: 1 }],
    ])('should refuse a bad %s with 400 naming it, writing nothing', async (field, change) => {
      const error = await refused(400, 'BAD_REQUEST', 'POST', '/tasker/tasks', {
        namespace: 'http',
        name: 'order',
        context: { orderId: 'A-3' },
        ...change,
      });

      expect(error.details).toEqual([{ field, messages: expect.any(Array) as unknown }]);
      expect(error.message).toContain(field);
    });

    it('should name every bad field of one request', async () => {
      const error = await refused(400, 'BAD_REQUEST', 'POST', '/tasker/tasks', { name: '', context: null, tags: [1] });

      expect((error.details as Array<{ field: string }>).map((problem) => problem.field).sort()).toEqual([
        'context',
        'name',
        'tags',
      ]);
    });

    it("should refuse a context that fails the handler's schema with 400 TASK_VALIDATION_FAILED", async () => {
      const error = await refused(400, 'TASK_VALIDATION_FAILED', 'POST', '/tasker/tasks', {
        namespace: 'http',
        name: 'order',
        version: '1.0.0',
        context: { orderId: 7 },
      });

      expect(error.details).toEqual({ errors: [expect.stringContaining('orderId') as unknown] });
    });

    it('should refuse an unknown task with 400 TASK_HANDLER_NOT_FOUND', async () => {
      const error = await refused(400, 'TASK_HANDLER_NOT_FOUND', 'POST', '/tasker/tasks', {
        namespace: 'http',
        name: 'nothing',
        context: {},
      });

      expect(error.details).toEqual({ namespace: 'http', name: 'nothing' });
    });

    it('should refuse a second task with the same idempotency key with 409 naming the first', async () => {
      const first = await create({ namespace: 'engine', name: 'single', context: {}, idempotencyKey: 'dup-1' });
      expect(first.status).toBe(201);

      const error = await refused(409, 'DUPLICATE_TASK', 'POST', '/tasker/tasks', {
        namespace: 'engine',
        name: 'single',
        context: { other: true },
        idempotencyKey: 'dup-1',
      });

      expect(error.details).toEqual({ existingTaskId: first.body.task.id, idempotencyKey: 'dup-1' });
    });

    it('should refuse a context over 1 MiB with 413 CONTEXT_TOO_LARGE', async () => {
      const error = await refused(413, 'CONTEXT_TOO_LARGE', 'POST', '/tasker/tasks', {
        namespace: 'engine',
        name: 'single',
        context: { blob: 'x'.repeat(1024 * 1024) },
      });

      expect(error.details).toMatchObject({ contextBytes: 1048587, maxContextBytes: 1048576 });
    });

    it("should leave malformed JSON to the app's body parser (400), writing nothing", async () => {
      await settled();
      const before = await app.rowCounts();

      const answer = await app.request('POST', '/tasker/tasks', '{"name": "single", "context": {');

      expect(answer.status).toBe(400);
      expect(await app.rowCounts()).toEqual(before);
    });
  });

  describe('GET /tasks', () => {
    let singles: TaskView[];

    beforeAll(async () => {
      singles = [];
      for (let index = 0; index < 3; index += 1) singles.push(await createEngineTask('once', { index }));
      await settled();
    });

    it('should filter by namespace and name, newest first, with the total', async () => {
      const answer = await app.request<TaskList>('GET', '/tasker/tasks?namespace=engine&name=once');

      expect(answer.status).toBe(200);
      expect(answer.body.total).toBe(3);
      expect(answer.body.tasks.map((task) => task.id)).toEqual(singles.map((task) => task.id).reverse());
    });

    it('should page with limit and offset', async () => {
      const page = await app.request<TaskList>('GET', '/tasker/tasks?namespace=engine&name=once&limit=2&offset=1');
      const past = await app.request<TaskList>('GET', '/tasker/tasks?namespace=engine&name=once&limit=2&offset=10');

      expect(page.body.tasks.map((task) => task.id)).toEqual([singles[1]?.id, singles[0]?.id]);
      expect(page.body.total).toBe(3);
      expect(past.body).toEqual({ tasks: [], total: 3 });
    });

    it('should filter by status', async () => {
      const answer = await app.request<TaskList>('GET', '/tasker/tasks?status=complete&namespace=engine&name=once');

      expect(answer.body.total).toBe(3);
      expect(answer.body.tasks.every((task) => task.status === 'complete')).toBe(true);
      const none = await app.request<TaskList>('GET', '/tasker/tasks?status=cancelled&name=once');
      expect(none.body).toEqual({ tasks: [], total: 0 });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=1.5', 'limit'],
      ['offset=-1', 'offset'],
      ['status=finished', 'status'],
      ['sort=name', 'sort'],
    ])('should refuse ?%s with 400 naming %s', async (query, field) => {
      const error = await refused(400, 'BAD_REQUEST', 'GET', `/tasker/tasks?${query}`);

      expect((error.details as Array<{ field: string }>).map((problem) => problem.field)).toEqual([field]);
    });
  });

  describe('GET /tasks/:id, explain and diagram', () => {
    let task: TaskView;

    beforeAll(async () => {
      task = await waitForStatus((await createEngineTask('diamond')).id, 'complete');
    });

    it('should show the task', async () => {
      const answer = await app.request<{ task: TaskView }>('GET', `/tasker/tasks/${task.id}`);

      expect(answer.status).toBe(200);
      expect(answer.body.task).toEqual(task);
    });

    it('should explain the task', async () => {
      const answer = await app.request<TaskExplanation>('GET', `/tasker/tasks/${task.id}/explain`);

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        taskId: task.id,
        status: 'complete',
        executionStatus: 'all_complete',
        totalSteps: 4,
        completedSteps: 4,
        completionPercentage: 100,
      });
      expect(answer.body.steps.map((step) => [step.name, step.blockedBy])).toEqual([
        ['top', 'finished'],
        ['left', 'finished'],
        ['right', 'finished'],
        ['bottom', 'finished'],
      ]);
    });

    it('should draw the DAG as Mermaid with the step states', async () => {
      const answer = await app.request<{ mermaid: string }>('GET', `/tasker/tasks/${task.id}/diagram`);

      expect(answer.status).toBe(200);
      const lines = answer.body.mermaid.split('\n');
      expect(lines[0]).toBe('flowchart TD');
      expect(lines).toEqual(
        expect.arrayContaining([
          '  s0["top<br/>complete · 1/3"]',
          '  s0 --> s1',
          '  s0 --> s2',
          '  s1 --> s3',
          '  s2 --> s3',
          '  class s0,s1,s2,s3 complete',
        ]),
      );
      expect(lines.filter((line) => line.startsWith('  classDef '))).toHaveLength(7);
    });

    it.each(['', '/explain', '/diagram'])(
      'GET /tasks/:id%s should answer 400 for a non-UUID id and 404 for an unknown one',
      async (suffix) => {
        const bad = await refused(400, 'BAD_REQUEST', 'GET', `/tasker/tasks/not-a-uuid${suffix}`);
        const missing = await refused(404, 'TASK_NOT_FOUND', 'GET', `/tasker/tasks/${UNKNOWN_ID}${suffix}`);

        expect(bad.details).toEqual([{ field: 'id', messages: ['id must be a UUID'] }]);
        expect(missing.details).toEqual({ taskId: UNKNOWN_ID });
      },
    );
  });

  describe('DELETE /tasks/:id', () => {
    it('should cancel a running task, then refuse to cancel it again with 422', async () => {
      const task = await createEngineTask('single', { script: { work: { hold: { until: 'signal' } } } });
      await waitFor(() => app.probe.heldRuns(task.id).length === 1, { what: 'the step to start' });

      const answer = await app.request<{ task: TaskView }>('DELETE', `/tasker/tasks/${task.id}`);

      expect(answer.status).toBe(200);
      expect(answer.body.task.status).toBe('cancelled');
      await waitForStatus(task.id, 'cancelled');
      const error = await refused(422, 'INVALID_STATE_TRANSITION', 'DELETE', `/tasker/tasks/${task.id}`);
      expect(error.details).toMatchObject({ action: 'cancel', currentStatus: 'cancelled' });
    });

    it('should answer 400 for a non-UUID id and 404 for an unknown one', async () => {
      await refused(400, 'BAD_REQUEST', 'DELETE', '/tasker/tasks/123');
      await refused(404, 'TASK_NOT_FOUND', 'DELETE', `/tasker/tasks/${UNKNOWN_ID}`);
    });
  });

  describe('POST /tasks/:id/steps/:stepName/retry', () => {
    it('should re-arm a failed step and answer the task back in progress; it then completes', async () => {
      const task = await createEngineTask('single', { script: { work: { fail: { times: 1, kind: 'permanent' } } } });
      await waitForStatus(task.id, 'error');

      const answer = await app.request<{ task: TaskView }>('POST', `/tasker/tasks/${task.id}/steps/work/retry`);

      expect(answer.status).toBe(200);
      expect(answer.body.task.status).toBe('in_progress');
      const done = await waitForStatus(task.id, 'complete');
      expect(done.steps[0]).toMatchObject({ status: 'complete', attempts: 2 });
    });

    it('should refuse with 422 a step that is not in error, 404 an unknown step or task, 400 a bad id', async () => {
      const task = await waitForStatus((await createEngineTask('single')).id, 'complete');

      const invalid = await refused(
        422,
        'INVALID_STATE_TRANSITION',
        'POST',
        `/tasker/tasks/${task.id}/steps/work/retry`,
      );
      const noStep = await refused(404, 'STEP_NOT_FOUND', 'POST', `/tasker/tasks/${task.id}/steps/nope/retry`);
      await refused(404, 'TASK_NOT_FOUND', 'POST', `/tasker/tasks/${UNKNOWN_ID}/steps/work/retry`);
      await refused(400, 'BAD_REQUEST', 'POST', '/tasker/tasks/nope/steps/work/retry');

      expect(invalid.details).toMatchObject({ action: 'retry', currentStatus: 'complete', allowedStatuses: ['error'] });
      expect(noStep.details).toEqual({ taskId: task.id, stepName: 'nope' });
    });
  });

  describe('POST /tasks/:id/steps/:stepName/resolve', () => {
    it('should store the results, let the dependants run on them, and answer the task', async () => {
      const task = await createEngineTask('linear', { script: { b: { fail: { kind: 'permanent' } } } });
      await waitForStatus(task.id, 'error');

      const answer = await app.request<{ task: TaskView }>('POST', `/tasker/tasks/${task.id}/steps/b/resolve`, {
        results: { sum: 100 },
      });

      expect(answer.status).toBe(200);
      expect(answer.body.task.steps[1]).toMatchObject({
        name: 'b',
        status: 'resolved_manually',
        results: { sum: 100 },
      });
      const done = await waitForStatus(task.id, 'complete');
      // c = 4 + b's 100, d = 8 + c
      expect(done.steps.map((step) => (step.results as { sum: number }).sum)).toEqual([1, 100, 104, 112]);
    });

    it('should resolve with null results when the body is empty', async () => {
      const task = await createEngineTask('single', { script: { work: { fail: { kind: 'permanent' } } } });
      await waitForStatus(task.id, 'error');

      const answer = await app.request<{ task: TaskView }>('POST', `/tasker/tasks/${task.id}/steps/work/resolve`);

      expect(answer.status).toBe(200);
      expect(answer.body.task.steps[0]).toMatchObject({ status: 'resolved_manually', results: null });
    });

    it('should refuse unknown body fields with 400, a finished step with 422, an unknown step with 404', async () => {
      const task = await waitForStatus((await createEngineTask('single')).id, 'complete');
      const path = `/tasker/tasks/${task.id}/steps/work/resolve`;

      const bad = await refused(400, 'BAD_REQUEST', 'POST', path, { result: 1 });
      await refused(422, 'INVALID_STATE_TRANSITION', 'POST', path, { results: 1 });
      await refused(404, 'STEP_NOT_FOUND', 'POST', `/tasker/tasks/${task.id}/steps/other/resolve`, {});
      await refused(400, 'BAD_REQUEST', 'POST', '/tasker/tasks/x/steps/work/resolve', {});

      expect(bad.details).toEqual([{ field: 'result', messages: ['property result should not exist'] }]);
    });
  });

  describe('GET /handlers', () => {
    it('should list every handler with its steps, by namespace, name and newest version first', async () => {
      const answer = await app.request<{
        handlers: Array<{ namespace: string; name: string; version: string; steps: unknown[] }>;
      }>('GET', '/tasker/handlers');

      expect(answer.status).toBe(200);
      const keys = answer.body.handlers.map((handler) => `${handler.namespace}/${handler.name}@${handler.version}`);
      expect(keys).toEqual(expect.arrayContaining(['engine/diamond@1.0.0', 'http/order@2.0.0', 'http/order@1.0.0']));
      expect(keys.indexOf('http/order@2.0.0')).toBe(keys.indexOf('http/order@1.0.0') - 1);
      expect(keys.indexOf('engine/diamond@1.0.0')).toBeLessThan(keys.indexOf('http/order@2.0.0'));
      expect(
        answer.body.handlers.find((handler) => handler.namespace === 'http' && handler.version === '1.0.0'),
      ).toEqual({
        namespace: 'http',
        name: 'order',
        version: '1.0.0',
        description: 'checks the order, then ships it',
        steps: [
          { name: 'check', handler: 'engine.scripted', dependsOn: [] },
          { name: 'ship', handler: 'engine.scripted', dependsOn: ['check'] },
        ],
      });
    });

    it('should show the newest version with its steps, levels and versions, or the version asked for', async () => {
      const newest = await app.request<{ handler: Record<string, unknown> }>('GET', '/tasker/handlers/http/order');
      const first = await app.request<{ handler: Record<string, unknown> }>(
        'GET',
        '/tasker/handlers/http/order?version=1.0.0',
      );

      expect(newest.status).toBe(200);
      expect(newest.body.handler).toMatchObject({
        version: '2.0.0',
        levels: [['check'], ['pack', 'label'], ['ship']],
        versions: ['2.0.0', '1.0.0'],
      });
      expect(first.body.handler).toMatchObject({
        version: '1.0.0',
        contextSchema: { type: 'object', required: ['orderId'] },
        levels: [['check'], ['ship']],
        steps: [
          { name: 'check', maxAttempts: 3, timeoutMs: null, retryable: true },
          { name: 'ship', maxAttempts: 2, timeoutMs: 5000, dependsOn: ['check'] },
        ],
      });
    });

    it('should answer 404 TASK_HANDLER_NOT_FOUND for an unknown handler or version, 400 for unknown query fields', async () => {
      const unknown = await refused(404, 'TASK_HANDLER_NOT_FOUND', 'GET', '/tasker/handlers/http/nothing');
      await refused(404, 'TASK_HANDLER_NOT_FOUND', 'GET', '/tasker/handlers/http/order?version=9.9.9');
      await refused(400, 'BAD_REQUEST', 'GET', '/tasker/handlers/http/order?versions=1');

      expect(unknown.details).toEqual({ namespace: 'http', name: 'nothing' });
    });
  });

  describe('analytics', () => {
    beforeAll(async () => {
      // Two tasks that stay failed (the failures of the tasks above were retried or resolved).
      for (let index = 0; index < 2; index += 1) {
        const task = await createEngineTask('once', {
          script: { work: { fail: { kind: 'permanent', code: 'OUT_OF_STOCK' } } },
        });
        await waitForStatus(task.id, 'error');
      }
    });

    it('should give throughput, rates and durations over the last hour, 4 hours and 24 hours', async () => {
      await settled();
      const [row] = await app.query<{ created: number }>('SELECT count(*)::int AS created FROM tasker.tasks');

      const answer = await app.request<PerformanceAnalytics>('GET', '/tasker/analytics/performance');

      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body.periods)).toEqual(['lastHour', 'last4Hours', 'last24Hours']);
      for (const period of Object.values(answer.body.periods)) {
        expect(period.taskThroughput).toBe(row?.created);
        expect(period.completionCount).toBeGreaterThan(0);
        expect(period.errorCount).toBeGreaterThan(0);
        expect(period.completionRate + period.errorRate).toBeLessThanOrEqual(100);
        expect(period.avgTaskDurationMs).toBeGreaterThan(0);
        expect(period.avgStepDurationMs).toBeGreaterThanOrEqual(0);
      }
      expect(answer.body.overview).toMatchObject({ activeTasks: 0, namespaces: 2 });
    });

    it('should list the slowest tasks and steps and the recurring failures, filtered', async () => {
      const all = await app.request<{
        slowestTasks: Array<{ durationMs: number; namespace: string }>;
        slowestSteps: Array<{ durationMs: number }>;
        errorPatterns: Array<Record<string, unknown>>;
      }>('GET', '/tasker/analytics/bottlenecks?periodHours=1&limit=50');
      const http = await app.request<{ slowestTasks: Array<{ namespace: string }>; scope: Record<string, unknown> }>(
        'GET',
        '/tasker/analytics/bottlenecks?namespace=http&name=order',
      );

      expect(all.status).toBe(200);
      const durations = all.body.slowestTasks.map((task) => task.durationMs);
      expect(durations).toEqual([...durations].sort((a, b) => b - a));
      expect(all.body.slowestSteps.length).toBeGreaterThan(0);
      expect(all.body.errorPatterns).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            namespace: 'engine',
            name: 'once',
            stepName: 'work',
            errorType: 'PermanentError',
            errorCode: 'OUT_OF_STOCK',
            occurrences: 2,
            tasks: 2,
          }),
          expect.objectContaining({ namespace: 'engine', name: 'single', stepName: 'work', occurrences: 2, tasks: 2 }),
        ]),
      );
      expect(http.body.slowestTasks.length).toBeGreaterThan(0);
      expect(http.body.slowestTasks.every((task) => task.namespace === 'http')).toBe(true);
      expect(http.body.scope).toMatchObject({ namespace: 'http', name: 'order', version: null, periodHours: 24 });
    });

    it.each(['periodHours=0', 'periodHours=721', 'limit=101', 'limit=x', 'since=1'])(
      'should refuse ?%s with 400',
      async (query) => {
        await refused(400, 'BAD_REQUEST', 'GET', `/tasker/analytics/bottlenecks?${query}`);
      },
    );
  });
});
