import {
  BadRequestException,
  Catch,
  Controller,
  Get,
  Module,
  VersioningType,
  type ArgumentsHost,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { TaskerModuleOptions } from '../../lib';
import { closeAll } from '../support/engine-app';
import { createHttpApp, httpOptions, type HttpApp, type HttpAppSetup } from '../support/http-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

@Controller('orders')
class OrdersController {
  @Get()
  list(): { orders: string[] } {
    return { orders: ['A-1'] };
  }
}

/** The app's own part, beside Tasker. */
@Module({ controllers: [OrdersController] })
class OrdersModule {}

// Express's request and response, as far as the filter uses them.
interface Request {
  route?: unknown;
}
interface Response {
  status(code: number): { json(body: unknown): void };
}

/** The filter docs/http-api.md gives apps to answer the body parser's refusals like Tasker. */
@Catch()
class BodyParserErrorFilter extends BaseExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): void {
    const type = (error as { type?: unknown }).type;
    const tooLarge = type === 'entity.too.large';
    const malformed = error instanceof BadRequestException && !host.switchToHttp().getRequest<Request>().route;
    if (!tooLarge && !malformed) return super.catch(error, host);
    const status = tooLarge ? 413 : 400;
    const message = error instanceof Error ? error.message : 'Bad request body';
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ error: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message } });
  }
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; schema?: Record<string, unknown> }> }>>;
  components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
}

describe('mounting the HTTP API (PostgreSQL)', () => {
  let database: TestDatabase;
  const apps: HttpApp[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await closeAll(...apps);
    await database?.drop();
  });

  /** An app without a worker (mounting needs none); closed at the end of the file. */
  async function start(
    http: TaskerModuleOptions['http'],
    setup: HttpAppSetup = {},
    extra: Partial<TaskerModuleOptions> = {},
  ) {
    const app = await createHttpApp(
      { ...httpOptions(database.url, http), worker: { enabled: false }, ...extra },
      setup,
    );
    apps.push(app);
    return app;
  }

  describe('under http.path, a global prefix and URI versioning, in a larger app', () => {
    let app: HttpApp;

    beforeAll(async () => {
      app = await start(
        { path: '/ops/tasker/' },
        {
          imports: [OrdersModule],
          configure: (nest) => {
            nest.setGlobalPrefix('api');
            nest.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
          },
        },
      );
    });

    it("should serve Tasker's routes under the prefix and the path, unversioned, next to the app's own", async () => {
      expect((await app.request('GET', '/api/ops/tasker/handlers')).status).toBe(200);
      expect((await app.request('GET', '/api/ops/tasker/health/live')).status).toBe(200);
      expect((await app.request('GET', '/api/v1/orders')).status).toBe(200);
      expect((await app.request('GET', '/tasker/handlers')).status).toBe(404);
      expect((await app.request('GET', '/api/tasker/handlers')).status).toBe(404);
    });

    it("should describe Tasker's routes, and only them, in OpenAPI at docs-json", async () => {
      const answer = await app.request<OpenApiDocument>('GET', '/api/ops/tasker/docs-json');

      expect(answer.status).toBe(200);
      const document = answer.body;
      expect(document.info.title).toBe('Tasker');
      expect(Object.keys(document.paths).sort()).toEqual(
        [
          '/api/ops/tasker/analytics/bottlenecks',
          '/api/ops/tasker/analytics/performance',
          '/api/ops/tasker/handlers',
          '/api/ops/tasker/handlers/{namespace}/{name}',
          '/api/ops/tasker/health/live',
          '/api/ops/tasker/health/ready',
          '/api/ops/tasker/health/status',
          '/api/ops/tasker/tasks',
          '/api/ops/tasker/tasks/batch',
          '/api/ops/tasker/tasks/{id}',
          '/api/ops/tasker/tasks/{id}/diagram',
          '/api/ops/tasker/tasks/{id}/explain',
          '/api/ops/tasker/tasks/{id}/steps/{stepName}/resolve',
          '/api/ops/tasker/tasks/{id}/steps/{stepName}/retry',
        ].sort(),
      );
      expect(Object.keys(document.paths['/api/ops/tasker/tasks'] ?? {}).sort()).toEqual(['get', 'post']);
      expect(Object.keys(document.paths['/api/ops/tasker/tasks/{id}'] ?? {}).sort()).toEqual(['delete', 'get']);
      const limit = document.paths['/api/ops/tasker/tasks']?.get?.parameters?.find(
        (parameter) => parameter.name === 'limit',
      );
      expect(limit?.schema).toMatchObject({ minimum: 1, maximum: 500 });
      expect(document.components.schemas.CreateTaskDto?.properties?.context).toMatchObject({
        type: 'object',
        example: { orderId: 'A-1001' },
      });
      expect(Object.keys(document.components.schemas)).toEqual(
        expect.arrayContaining(['TaskViewModel', 'TaskExplanationModel', 'HandlerDetailModel', 'ErrorAnswer']),
      );
    });

    it('should serve Swagger UI from local files at docs, with or without a trailing slash', async () => {
      const page = await app.request('GET', '/api/ops/tasker/docs');
      const slash = await app.request('GET', '/api/ops/tasker/docs/');
      const bundle = await app.request('GET', '/api/ops/tasker/docs/swagger-ui-bundle.js');
      const start = await app.request('GET', '/api/ops/tasker/docs/tasker-docs.js');

      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain('<script src="./docs/swagger-ui-bundle.js"></script>');
      expect(page.text).not.toMatch(/https?:\/\//);
      expect(slash.text).toContain('<link rel="stylesheet" href="./swagger-ui.css" />');
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toContain('application/javascript');
      expect(bundle.text.length).toBeGreaterThan(100_000);
      expect(start.text).toContain("url: root + '/docs-json'");
      expect(start.text).toContain('validatorUrl: null');
    });

    it('should serve no other file', async () => {
      for (const path of ['package.json', 'index.html', '..%2F..%2Fpackage.json', 'swagger-ui.js.map']) {
        const answer = await app.request<{ error: { code: string } }>('GET', `/api/ops/tasker/docs/${path}`);

        expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      }
    });
  });

  describe('http.enabled: false', () => {
    it('with forRoot, should mount nothing', async () => {
      const app = await start({ enabled: false });

      for (const path of ['/tasker/tasks', '/tasker/health/live', '/tasker/docs-json', '/tasker/ui']) {
        const answer = await app.request('GET', path);
        expect({ path, status: answer.status, body: answer.body }).toEqual({
          path,
          status: 404,
          body: { message: `Cannot GET ${path}`, error: 'Not Found', statusCode: 404 },
        });
      }
    });

    it('with forRootAsync, should answer every route as if nothing were mounted', async () => {
      const app = await start({ enabled: false }, { async: true });

      for (const [method, path] of [
        ['GET', '/tasker/tasks'],
        ['GET', '/tasker/health/live'],
        ['GET', '/tasker/health/ready'],
        ['POST', '/tasker/tasks'],
        ['GET', '/tasker/docs'],
        ['GET', '/tasker/ui'],
        ['GET', '/tasker/ui/assets/main.js'],
      ] as const) {
        const answer = await app.request(method, path, method === 'POST' ? { name: 'x', context: {} } : undefined);
        expect({ path, status: answer.status, body: answer.body }).toEqual({
          path,
          status: 404,
          body: { message: `Cannot ${method} ${path}`, error: 'Not Found', statusCode: 404 },
        });
      }
    });
  });

  it("should let the app answer its body parser's refusals like Tasker (the filter of the docs)", async () => {
    const app = await start(
      {},
      {
        bodyLimit: '100kb', // Express's default, as in an app that does not raise it
        configure: (nest) => nest.useGlobalFilters(new BodyParserErrorFilter(nest.getHttpAdapter())),
      },
    );

    const malformed = await app.request('POST', '/tasker/tasks', '{"name": ');
    const large = await app.request('POST', '/tasker/tasks', {
      name: 'single',
      context: { blob: 'x'.repeat(200_000) },
    });
    const tasker = await app.request('GET', '/tasker/tasks/not-a-uuid');

    expect([malformed.status, malformed.body]).toEqual([
      400,
      { error: { code: 'BAD_REQUEST', message: expect.any(String) as unknown } },
    ]);
    expect([large.status, large.body]).toEqual([
      413,
      { error: { code: 'PAYLOAD_TOO_LARGE', message: 'request entity too large' } },
    ]);
    expect(tasker.status).toBe(400);
  });

  it('with forRootAsync, should mount at the path the factory gives', async () => {
    const app = await start({ path: 'async-tasker' }, { async: true });

    expect((await app.request('GET', '/async-tasker/handlers')).status).toBe(200);
    expect((await app.request('GET', '/tasker/handlers')).status).toBe(404);
  });

  it('should work when Tasker is not a global module', async () => {
    const app = await start({}, {}, { isGlobal: false } as Partial<TaskerModuleOptions>);

    expect((await app.request('GET', '/tasker/handlers')).status).toBe(200);
    expect((await app.request('GET', '/tasker/health/ready')).status).toBe(200);
  });

  it('should let two apps in one process mount at different paths', async () => {
    const [first, second] = await Promise.all([start({ path: 'first' }), start({ path: 'second' })]);

    expect((await first.request('GET', '/first/handlers')).status).toBe(200);
    expect((await first.request('GET', '/second/handlers')).status).toBe(404);
    expect((await second.request('GET', '/second/handlers')).status).toBe(200);
    expect((await second.request('GET', '/first/handlers')).status).toBe(404);
  });
});
