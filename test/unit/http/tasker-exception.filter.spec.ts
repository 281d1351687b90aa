import { Controller, Get, Module, NotFoundException, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  DuplicateTaskError,
  InvalidEventNameError,
  InvalidStateTransitionError,
  PermanentError,
  RetryableError,
  StepNotFoundError,
  TaskDefinitionError,
  TaskerConfigurationError,
  TaskerError,
  TaskerExceptionFilter,
  TaskerShuttingDownError,
  TaskHandlerNotFoundError,
  TaskNotFoundError,
  TaskValidationError,
  TaskWaitTimeoutError,
  taskerErrorHttpStatus,
} from 'nestjs-tasker';

const TASK_ID = '0190c0de-0000-7000-8000-000000000001';

/** Stands for a size-limit error: any code ending in _TOO_LARGE. */
class ContextTooLargeError extends TaskerError {
  readonly code = 'TASK_CONTEXT_TOO_LARGE';
}

/** Each route name, the error its handler throws, and what the filter must answer. */
const CASES: Array<{ route: string; error: () => Error; status: number; details?: Record<string, unknown> }> = [
  {
    route: 'validation',
    error: () => new TaskValidationError('orders/fulfil@1.0.0', ['/n must be integer']),
    status: 400,
    details: { errors: ['/n must be integer'] },
  },
  {
    route: 'handler-not-found',
    error: () => new TaskHandlerNotFoundError('orders', 'fulfil'),
    status: 400,
    details: { namespace: 'orders', name: 'fulfil' },
  },
  { route: 'task-not-found', error: () => new TaskNotFoundError(TASK_ID), status: 404, details: { taskId: TASK_ID } },
  {
    route: 'step-not-found',
    error: () => new StepNotFoundError(TASK_ID, 'ship'),
    status: 404,
    details: { taskId: TASK_ID, stepName: 'ship' },
  },
  {
    route: 'duplicate',
    error: () => new DuplicateTaskError('orders', 'fulfil', 'order-1', TASK_ID),
    status: 409,
    details: { existingTaskId: TASK_ID, idempotencyKey: 'order-1' },
  },
  { route: 'too-large', error: () => new ContextTooLargeError('context is 2 MiB; the limit is 1 MiB'), status: 413 },
  {
    route: 'invalid-transition',
    error: () =>
      new InvalidStateTransitionError('cancel', `task ${TASK_ID}`, 'complete', ['pending', 'in_progress', 'error']),
    status: 422,
    details: { action: 'cancel', currentStatus: 'complete', allowedStatuses: ['pending', 'in_progress', 'error'] },
  },
  { route: 'shutting-down', error: () => new TaskerShuttingDownError('waiting for a task'), status: 503 },
  {
    route: 'wait-timeout',
    error: () => new TaskWaitTimeoutError(TASK_ID, 100, 'in_progress'),
    status: 500,
    details: { taskId: TASK_ID, timeoutMs: 100, lastStatus: 'in_progress' },
  },
  {
    route: 'definition',
    error: () => new TaskDefinitionError('DEPENDENCY_CYCLE', 'a/b@1.0.0', 'x', 'cycle'),
    status: 500,
  },
  {
    route: 'configuration',
    error: () => new TaskerConfigurationError('worker.leaseMs', 'must be positive'),
    status: 500,
  },
  {
    // A refused createTasks batch: the first offending request's error and facts, every offender in items.
    route: 'batch',
    error: () =>
      Object.assign(new TaskHandlerNotFoundError('orders', 'fulfil'), {
        details: [
          { index: 1, code: 'TASK_HANDLER_NOT_FOUND', message: 'no orders/fulfil' },
          { index: 4, code: 'TASK_VALIDATION_FAILED', message: '/n must be integer' },
        ],
      }),
    status: 400,
    details: {
      namespace: 'orders',
      name: 'fulfil',
      items: [
        { index: 1, code: 'TASK_HANDLER_NOT_FOUND', message: 'no orders/fulfil' },
        { index: 4, code: 'TASK_VALIDATION_FAILED', message: '/n must be integer' },
      ],
    },
  },
  {
    route: 'batch-too-large',
    error: () => Object.assign(new ContextTooLargeError('context is 2 MiB; the limit is 1 MiB'), { details: [] }),
    status: 413,
    details: { items: [] },
  },
  { route: 'event-name', error: () => new InvalidEventNameError('nodot', 'must contain a dot'), status: 500 },
  { route: 'retryable', error: () => new RetryableError('try later'), status: 500 },
  { route: 'permanent', error: () => new PermanentError('card declined', { code: 'CARD_DECLINED' }), status: 500 },
];

@Controller('errors')
class ThrowingController {
  @Get('nest-404')
  nestNotFound(): never {
    throw new NotFoundException('no such thing');
  }

  @Get(':route')
  fail(@Param('route') route: string): never {
    const found = CASES.find((candidate) => candidate.route === route);
    throw found === undefined ? new Error(`unknown route ${route}`) : found.error();
  }
}

@Module({ controllers: [ThrowingController] })
class ThrowingModule {}

describe('TaskerExceptionFilter over HTTP (Express)', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await NestFactory.create(ThrowingModule, { logger: false });
    app.useGlobalFilters(new TaskerExceptionFilter());
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(CASES)(
    'answers $route with $status and { error: { code, message, details } }',
    async ({ route, error, status, details }) => {
      const expected = error() as TaskerError;
      const response = await fetch(`${baseUrl}/errors/${route}`);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body: unknown = await response.json();
      const expectedError = {
        code: expected.code,
        message: expected.message,
        ...(details === undefined ? {} : { details }),
      };
      expect(body).toEqual({ error: expectedError });
    },
  );

  it('leaves errors that are not Tasker errors to Nest', async () => {
    const notFound = await fetch(`${baseUrl}/errors/nest-404`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ statusCode: 404, message: 'no such thing', error: 'Not Found' });

    const plain = await fetch(`${baseUrl}/errors/unknown`);
    expect(plain.status).toBe(500);
    expect(await plain.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
  });
});

describe('taskerErrorHttpStatus', () => {
  it('maps a size-limit code to 413, an unreachable database to 503 and an unknown code to 500', () => {
    expect(taskerErrorHttpStatus({ code: 'STEP_RESULTS_TOO_LARGE' })).toBe(413);
    expect(taskerErrorHttpStatus({ code: 'DATABASE_UNREACHABLE' })).toBe(503);
    expect(taskerErrorHttpStatus({ code: 'SOMETHING_NEW' })).toBe(500);
    expect(taskerErrorHttpStatus(new TaskValidationError('t', ['x']))).toBe(400);
  });
});
