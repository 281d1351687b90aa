import type { TaskerPermission, TaskView } from '../../lib';
import { createHttpApp, httpOptions, type HttpAnswer, type HttpApp } from '../support/http-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

interface FieldProblem {
  field: string;
  messages: string[];
}

/** A valid request for the order task (its context needs a string orderId). */
function order(orderId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { namespace: 'http', name: 'order', version: '1.0.0', context: { orderId }, ...extra };
}

describe('POST /tasks/batch over HTTP (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: HttpApp;

  /** Refuses the permission named in the request's `x-deny` header; allows everything else. */
  function authorize(request: unknown, permission: TaskerPermission): boolean {
    const { headers } = request as { headers: Record<string, string | undefined> };
    return headers['x-deny'] !== permission;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    // No worker: the tasks stay as created, so the row counts move only when a batch writes.
    const options = httpOptions(database.url, { authorize });
    app = await createHttpApp({
      ...options,
      worker: { ...options.worker, enabled: false },
      limits: { maxContextBytes: 4096 },
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  function batch(body: unknown, headers?: Record<string, string>): Promise<HttpAnswer<{ tasks: TaskView[] }>> {
    return app.request('POST', '/tasker/tasks/batch', body, headers);
  }

  /** Sends a batch that must be refused with `status` and `code`, and checks that it wrote nothing. */
  async function refused(status: number, code: string, body: unknown, headers?: Record<string, string>) {
    const before = await app.rowCounts();
    const answer = await app.request<ErrorBody>('POST', '/tasker/tasks/batch', body, headers);
    expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status, code });
    expect(typeof answer.body.error.message).toBe('string');
    expect(await app.rowCounts()).toEqual(before);
    return answer.body.error;
  }

  it('should create every task and answer 201 { tasks } in request order', async () => {
    const before = await app.rowCounts();

    const answer = await batch({
      tasks: [
        order('B-1', { tags: ['first'] }),
        { namespace: 'engine', name: 'single', context: {}, initiator: 'bulk' },
        order('B-3', { idempotencyKey: 'batch-B-3' }),
      ],
    });

    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.body.tasks.map((task) => [task.namespace, task.name, task.status, task.context])).toEqual([
      ['http', 'order', 'pending', { orderId: 'B-1' }],
      ['engine', 'single', 'pending', {}],
      ['http', 'order', 'pending', { orderId: 'B-3' }],
    ]);
    expect(answer.body.tasks.map((task) => [task.tags, task.initiator, task.idempotencyKey])).toEqual([
      [['first'], null, null],
      [[], 'bulk', null],
      [[], null, 'batch-B-3'],
    ]);
    expect(answer.body.tasks[0]?.steps.map((step) => [step.name, step.dependsOn])).toEqual([
      ['check', []],
      ['ship', ['check']],
    ]);
    const after = await app.rowCounts();
    expect(after.tasks - before.tasks).toBe(3);
    for (const task of answer.body.tasks) {
      const shown = await app.request<{ task: TaskView }>('GET', `/tasker/tasks/${task.id}`);
      expect(shown.body.task).toEqual(task);
    }
  });

  it('should answer a taken or repeated idempotency key with the task holding it, writing it once', async () => {
    const first = await batch({ tasks: [order('D-1', { idempotencyKey: 'dup-D-1' })] });
    expect(first.status).toBe(201);
    const holder = first.body.tasks[0];
    const before = await app.rowCounts();

    const answer = await batch({
      tasks: [
        order('D-2', { idempotencyKey: 'dup-D-2' }),
        order('D-1 again', { idempotencyKey: 'dup-D-1' }),
        order('D-2 again', { idempotencyKey: 'dup-D-2' }),
      ],
    });

    expect(answer.status).toBe(201);
    const [created, taken, repeated] = answer.body.tasks;
    expect(taken).toEqual(holder);
    expect(repeated?.id).toBe(created?.id);
    expect(created?.context).toEqual({ orderId: 'D-2' });
    expect((await app.rowCounts()).tasks - before.tasks).toBe(1);
  });

  it.each<[string, unknown]>([
    ['tasks[1].name', { tasks: [order('F-1'), { ...order('F-2'), name: undefined }] }],
    ['tasks[0].name', { tasks: [{ ...order('F-1'), name: 42 }] }],
    ['tasks[2].namespace', { tasks: [order('F-1'), order('F-2'), order('F-3', { namespace: 'n'.repeat(65) })] }],
    ['tasks[0].context', { tasks: [{ ...order('F-1'), context: [1, 2] }] }],
    ['tasks[0].tags', { tasks: [order('F-1', { tags: ['ok', ''] })] }],
    ['tasks[1].idempotencyKey', { tasks: [order('F-1'), order('F-2', { idempotencyKey: false })] }],
    ['tasks[0].priority', { tasks: [order('F-1', { priority: 1 })] }],
    ['tasks[1]', { tasks: [order('F-1'), 'not a request'] }],
    ['tasks', { tasks: { 0: order('F-1') } }],
    ['tasks', { tasks: null }],
    ['tasks', {}],
    ['sort', { tasks: [order('F-1')], sort: 'name' }],
  ])('should refuse a bad %s with 400 naming it, writing nothing', async (field, body) => {
    const error = await refused(400, 'BAD_REQUEST', body);

    expect((error.details as FieldProblem[]).map((problem) => problem.field)).toContain(field);
    expect((error.details as FieldProblem[]).every((problem) => problem.field.startsWith(field))).toBe(true);
    expect(error.message).toMatch(/^Invalid request: ./);
  });

  it('should name every bad field of every request, each with its index', async () => {
    const error = await refused(400, 'BAD_REQUEST', {
      tasks: [order('G-1'), { name: '', context: null }, order('G-3'), order('G-4', { tags: [1] })],
    });

    expect((error.details as FieldProblem[]).map((problem) => problem.field).sort()).toEqual([
      'tasks[1].context',
      'tasks[1].name',
      'tasks[3].tags',
    ]);
  });

  it('should refuse an empty batch and one of 1001 tasks with 400 naming tasks', async () => {
    const empty = await refused(400, 'BAD_REQUEST', { tasks: [] });
    expect(empty.details).toEqual([{ field: 'tasks', messages: ['tasks must contain at least 1 elements'] }]);

    const tooMany = await refused(400, 'BAD_REQUEST', {
      tasks: Array.from({ length: 1001 }, (_, index) => order(`M-${index}`)),
    });
    expect(tooMany.details).toEqual([{ field: 'tasks', messages: ['tasks must contain no more than 1000 elements'] }]);
  });

  it('should take exactly 1000 tasks', async () => {
    const before = await app.rowCounts();

    const answer = await batch({ tasks: Array.from({ length: 1000 }, (_, index) => order(`K-${index}`)) });

    expect(answer.status).toBe(201);
    expect(answer.body.tasks).toHaveLength(1000);
    expect(answer.body.tasks[999]?.context).toEqual({ orderId: 'K-999' });
    expect((await app.rowCounts()).tasks - before.tasks).toBe(1000);
  });

  it('should refuse the whole batch for one context failing its schema: 400 with every offending index', async () => {
    const error = await refused(400, 'TASK_VALIDATION_FAILED', {
      tasks: [
        order('V-1'),
        { ...order('V-2'), context: { orderId: 7 } },
        order('V-3'),
        { ...order('V-4'), context: {} },
      ],
    });

    expect(error.details).toEqual({
      errors: [expect.stringContaining('orderId') as unknown],
      items: [
        { index: 1, code: 'TASK_VALIDATION_FAILED', message: expect.any(String) as unknown },
        { index: 3, code: 'TASK_VALIDATION_FAILED', message: expect.any(String) as unknown },
      ],
    });
  });

  it('should answer with the status of the first offending request, listing the others in details.items', async () => {
    const error = await refused(400, 'TASK_HANDLER_NOT_FOUND', {
      tasks: [order('H-1'), { namespace: 'http', name: 'nothing', context: {} }, { ...order('H-3'), context: {} }],
    });

    expect(error.details).toEqual({
      namespace: 'http',
      name: 'nothing',
      items: [
        { index: 1, code: 'TASK_HANDLER_NOT_FOUND', message: error.message },
        { index: 2, code: 'TASK_VALIDATION_FAILED', message: expect.any(String) as unknown },
      ],
    });
  });

  it('should refuse a batch whose first offender is over limits.maxContextBytes with 413 CONTEXT_TOO_LARGE', async () => {
    const error = await refused(413, 'CONTEXT_TOO_LARGE', {
      tasks: [order('L-1'), order('L-2', { context: { orderId: 'L-2', blob: 'x'.repeat(5000) } })],
    });

    expect(error.details).toMatchObject({
      maxContextBytes: 4096,
      items: [{ index: 1, code: 'CONTEXT_TOO_LARGE', message: error.message }],
    });
  });

  it('should answer 403, writing nothing, when authorize refuses tasker.task:create', async () => {
    const error = await refused(403, 'FORBIDDEN', { tasks: [order('P-1')] }, { 'x-deny': 'tasker.task:create' });

    expect(error).toEqual({
      code: 'FORBIDDEN',
      message: 'Not allowed: tasker.task:create',
      details: { permission: 'tasker.task:create' },
    });
  });

  it('should describe the route in the OpenAPI document with an example request', async () => {
    const docs = await app.request<{
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
      components: {
        schemas: Record<string, { properties?: Record<string, { example?: unknown; maxItems?: number }> }>;
      };
    }>('GET', '/tasker/docs-json');

    const route = docs.body.paths['/tasker/tasks/batch']?.post;
    expect(Object.keys(route?.responses ?? {}).sort()).toEqual(expect.arrayContaining(['201', '400', '403', '413']));
    expect(JSON.stringify(route?.requestBody)).toContain('CreateTasksDto');
    const tasks = docs.body.components.schemas.CreateTasksDto?.properties?.tasks;
    expect(tasks?.maxItems).toBe(1000);
    expect(tasks?.example).toEqual([
      expect.objectContaining({ name: 'fulfil_order' }) as unknown,
      expect.objectContaining({ name: 'fulfil_order' }) as unknown,
    ]);
  });
});
