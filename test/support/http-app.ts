import { Module, type DynamicModule, type Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { TaskHandler, TaskerModule, TaskerService, type TaskerModuleOptions } from '../../lib';
import { TaskerDatabase } from '../../lib/persistence/tasker-database';
import { EngineFixtureModule, EngineProbe } from '../fixtures/engine.fixture';
import { testLogger } from './engine-app';

/** A task whose context must carry a string `orderId` (for schema refusals over HTTP). */
@TaskHandler({
  namespace: 'http',
  name: 'order',
  version: '1.0.0',
  description: 'checks the order, then ships it',
  contextSchema: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } },
  steps: [
    { name: 'check', handler: 'engine.scripted', config: { weight: 1 } },
    { name: 'ship', handler: 'engine.scripted', dependsOn: ['check'], maxAttempts: 2, timeoutMs: 5000 },
  ],
})
export class HttpOrderTask {}

/** Version 2 of the order task, so handler lookups by version and "newest" can be told apart. */
@TaskHandler({
  namespace: 'http',
  name: 'order',
  version: '2.0.0',
  steps: [
    { name: 'check', handler: 'engine.scripted' },
    { name: 'pack', handler: 'engine.scripted', dependsOn: ['check'] },
    { name: 'label', handler: 'engine.scripted', dependsOn: ['check'] },
    { name: 'ship', handler: 'engine.scripted', dependsOn: ['pack', 'label'], backoff: { baseMs: 10 } },
  ],
})
export class HttpOrderV2Task {}

@Module({ providers: [HttpOrderTask, HttpOrderV2Task] })
export class HttpFixtureModule {}

/** A response read whole: status, headers and the body parsed as JSON when it is JSON. */
export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

/** A Tasker app listening on a random local port, with the engine and HTTP fixtures. */
export interface HttpApp {
  app: NestExpressApplication;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  probe: EngineProbe;
  tasker: TaskerService;
  database: TaskerDatabase;
  /** A request to `origin + path`; a non-string body is sent as JSON. */
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer<T>>;
  query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<R[]>;
  /** Rows in the task tables, to prove a refused request wrote nothing. */
  rowCounts(): Promise<{ tasks: number; steps: number; transitions: number }>;
  close(): Promise<void>;
}

export interface HttpAppSetup {
  /** Register Tasker with `forRootAsync` (the options through a factory). */
  async?: boolean;
  /** More modules of the app. */
  imports?: Array<Type<unknown> | DynamicModule>;
  /** The JSON body limit ['8mb']: room for a context over Tasker's 1 MiB limit, so that Tasker (not the body parser) refuses it. */
  bodyLimit?: string;
  /** Before `listen` (global prefix, versioning, global filters). */
  configure?(app: NestExpressApplication): void;
}

/** Test options over HTTP: fast polling and backoff, the API on. */
export function httpOptions(url: string | undefined, http: TaskerModuleOptions['http'] = {}): TaskerModuleOptions {
  return {
    database: { url },
    worker: { pollIntervalMs: 100, shutdownTimeoutMs: 2000 },
    concurrency: { min: 1, max: 8 },
    backoff: { baseMs: 5, multiplier: 2, maxMs: 50, jitter: 0 },
    http,
  };
}

export async function createHttpApp(options: TaskerModuleOptions, setup: HttpAppSetup = {}): Promise<HttpApp> {
  const probe = new EngineProbe('http');
  const tasker = setup.async
    ? TaskerModule.forRootAsync({ useFactory: () => Promise.resolve(options) })
    : TaskerModule.forRoot(options);
  const module = await Test.createTestingModule({
    imports: [tasker, EngineFixtureModule.register(probe), HttpFixtureModule, ...(setup.imports ?? [])],
  })
    .setLogger(testLogger)
    .compile();
  const app = module.createNestApplication<NestExpressApplication>({ logger: testLogger });
  app.useBodyParser('json', { limit: setup.bodyLimit ?? '8mb' });
  setup.configure?.(app);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const database = app.get(TaskerDatabase);
  const schema = database.schema;
  let closed: Promise<void> | undefined;
  return {
    app,
    origin,
    probe,
    tasker: app.get(TaskerService),
    database,
    async request<T>(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<HttpAnswer<T>> {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        init.headers = { 'content-type': 'application/json', ...headers };
      }
      const response = await fetch(origin + path, init);
      const text = await response.text();
      const json = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
      return { status: response.status, headers: response.headers, text, body: (json ? JSON.parse(text) : text) as T };
    },
    query: (sql, values) => database.query(sql, values),
    async rowCounts() {
      const [row] = await database.query<{ tasks: number; steps: number; transitions: number }>(
        `SELECT (SELECT count(*) FROM ${schema}.tasks)::int AS tasks,
                (SELECT count(*) FROM ${schema}.steps)::int AS steps,
                ((SELECT count(*) FROM ${schema}.task_transitions) + (SELECT count(*) FROM ${schema}.step_transitions))::int AS transitions`,
      );
      if (row === undefined) throw new Error('the row count query returned no row');
      return row;
    },
    close: () => (closed ??= app.close()),
  };
}
