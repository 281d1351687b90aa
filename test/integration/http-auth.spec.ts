import { ForbiddenException } from '@nestjs/common';
import type { TaskerPermission, TaskView } from '../../lib';
import { createHttpApp, httpOptions, type HttpApp } from '../support/http-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

type Policy = 'allow' | 'deny' | 'throw' | 'forbid' | 'truthy';

interface SeenRequest {
  permission: TaskerPermission;
  method: string;
  url: string;
}

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

describe('http.authorize over HTTP (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: HttpApp;
  let task: TaskView;
  const seen: SeenRequest[] = [];

  /** The policy comes from the request's own header, so the test shows authorize gets the real request. */
  function authorize(request: unknown, permission: TaskerPermission): boolean | Promise<boolean> {
    const { headers, method, originalUrl } = request as {
      headers: Record<string, string>;
      method: string;
      originalUrl: string;
    };
    seen.push({ permission, method, url: originalUrl });
    const policy = (headers['x-policy'] ?? 'allow') as Policy;
    switch (policy) {
      case 'allow':
        return Promise.resolve(true);
      case 'deny':
        return false;
      case 'throw':
        throw new Error('token expired');
      case 'forbid':
        throw new ForbiddenException('not your tenant');
      case 'truthy':
        return 'yes' as unknown as boolean;
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createHttpApp(httpOptions(database.url, { authorize }));
    const created = await app.request<{ task: TaskView }>('POST', '/tasker/tasks', {
      namespace: 'engine',
      name: 'single',
      context: {},
    });
    task = created.body.task;
    await waitFor(async () => (await app.tasker.getTask(task.id)).status === 'complete', {
      what: 'the task to complete',
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  /** Every guarded route, with the permission it asks for and a request that would otherwise succeed or fail on its own. */
  const routes = (): Array<[string, string, TaskerPermission, unknown?]> => [
    ['POST', '/tasker/tasks', 'tasker.task:create', { namespace: 'engine', name: 'single', context: {} }],
    [
      'POST',
      '/tasker/tasks/batch',
      'tasker.task:create',
      { tasks: [{ namespace: 'engine', name: 'single', context: {} }] },
    ],
    ['GET', '/tasker/tasks', 'tasker.task:index'],
    ['GET', `/tasker/tasks/${task.id}`, 'tasker.task:show'],
    ['GET', `/tasker/tasks/${task.id}/diagram`, 'tasker.task:show'],
    ['DELETE', `/tasker/tasks/${task.id}`, 'tasker.task:cancel'],
    ['GET', `/tasker/tasks/${task.id}/explain`, 'tasker.task:explain'],
    ['POST', `/tasker/tasks/${task.id}/steps/work/retry`, 'tasker.step:retry'],
    ['POST', `/tasker/tasks/${task.id}/steps/work/resolve`, 'tasker.step:resolve', { results: 1 }],
    ['GET', '/tasker/handlers', 'tasker.handler:index'],
    ['GET', '/tasker/handlers/engine/single', 'tasker.handler:show'],
    ['GET', '/tasker/health/status', 'tasker.health:status'],
    ['GET', '/tasker/analytics/performance', 'tasker.analytics:index'],
    ['GET', '/tasker/analytics/bottlenecks', 'tasker.analytics:index'],
    ['GET', '/tasker/docs-json', 'tasker.docs:index'],
    ['GET', '/tasker/docs', 'tasker.docs:index'],
    ['GET', '/tasker/docs/swagger-ui.css', 'tasker.docs:index'],
  ];

  async function ask(method: string, path: string, body: unknown, policy: Policy) {
    // A task created by an allowed request still runs: let it finish so the row counts stay still.
    await waitFor(async () => (await app.tasker.listTasks({ status: 'pending' })).total === 0, {
      what: 'no pending task',
    });
    await waitFor(async () => (await app.tasker.listTasks({ status: 'in_progress' })).total === 0, {
      what: 'no running task',
    });
    seen.length = 0;
    const before = await app.rowCounts();
    const answer = await app.request<ErrorBody>(method, path, body, { 'x-policy': policy });
    return { answer, before, after: await app.rowCounts(), seen: [...seen] };
  }

  it('should ask for the permission of each route, and let the request through when it answers true', async () => {
    for (const [method, path, permission, body] of routes()) {
      const { answer, seen: asked } = await ask(method, path, body, 'allow');

      expect({ path, asked: asked.map((request) => request.permission) }).toEqual({ path, asked: [permission] });
      expect(asked[0]).toMatchObject({ method, url: path });
      expect({ path, status: [401, 403].includes(answer.status) }).toEqual({ path, status: false });
    }
  });

  it('should answer 403 FORBIDDEN, writing nothing, when authorize answers false or anything but true', async () => {
    for (const policy of ['deny', 'truthy'] as const) {
      for (const [method, path, permission, body] of routes()) {
        const { answer, before, after } = await ask(method, path, body, policy);

        expect({ path, status: answer.status, body: answer.body }).toEqual({
          path,
          status: 403,
          body: { error: { code: 'FORBIDDEN', message: `Not allowed: ${permission}`, details: { permission } } },
        });
        expect(after).toEqual(before);
      }
    }
  });

  it('should answer 401 UNAUTHORIZED with the error message when authorize throws, writing nothing', async () => {
    for (const [method, path, permission, body] of routes()) {
      const { answer, before, after } = await ask(method, path, body, 'throw');

      expect({ path, status: answer.status, body: answer.body }).toEqual({
        path,
        status: 401,
        body: { error: { code: 'UNAUTHORIZED', message: 'token expired', details: { permission } } },
      });
      expect(after).toEqual(before);
    }
  });

  it('should keep 403 when authorize throws a ForbiddenException', async () => {
    const { answer } = await ask('GET', '/tasker/tasks', undefined, 'forbid');

    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      error: { code: 'FORBIDDEN', message: 'not your tenant', details: { permission: 'tasker.task:index' } },
    });
  });

  it('should refuse before validating: a forbidden bad request is 403, not 400', async () => {
    const { answer } = await ask('GET', '/tasker/tasks/not-a-uuid', undefined, 'deny');

    expect(answer.status).toBe(403);
  });

  it('should never guard health live and ready, nor the dashboard page and its files', async () => {
    for (const path of [
      '/tasker/health/live',
      '/tasker/health/ready',
      '/tasker/ui',
      '/tasker/ui/assets/main.js',
      '/tasker/ui/assets/mermaid.min.js',
    ]) {
      for (const policy of ['deny', 'throw'] as const) {
        const { answer, seen: asked } = await ask('GET', path, undefined, policy);

        expect({ path, policy, status: answer.status, asked }).toEqual({ path, policy, status: 200, asked: [] });
      }
    }
  });
});
