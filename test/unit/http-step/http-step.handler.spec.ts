import { HttpStepHandler, PermanentError, RetryableError, type StepContext } from '../../../lib';
import { StepAbortedError } from '../../../lib/orchestration/abort-reasons';
import { classifyCause } from '../../../lib/orchestration/failure-policy';
import { closedPort, startStubHttpServer, type StubHttpServer } from '../../support/stub-http-server';
import { waitFor } from '../../support/wait-for';

function contextFor(config: Record<string, unknown>, signal = new AbortController().signal): StepContext {
  return {
    task: { id: 't1', namespace: 'n', name: 'x', version: '1.0.0', context: {}, correlationId: 'c1' },
    step: { id: 's1', name: 'call', attempt: 1, maxAttempts: 3, config, idempotencyKey: 's1', attemptKey: 's1:1' },
    result: () => {
      throw new Error('no results in this test');
    },
    signal,
    publish: () => undefined,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection, got ${String(outcome)}`);
  return outcome;
}

describe('HttpStepHandler', () => {
  let server: StubHttpServer;
  const handler = new HttpStepHandler();

  beforeAll(async () => {
    server = await startStubHttpServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it('2xx JSON: results hold the status and the parsed body', async () => {
    server.answer('/json', { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true,"n":2}' });
    await expect(handler.process(contextFor({ url: server.url('/json') }))).resolves.toEqual({
      status: 200,
      body: { ok: true, n: 2 },
    });
  });

  it('2xx text (and JSON that does not parse): the body as text', async () => {
    server.answer('/text', { status: 201, headers: { 'content-type': 'text/plain' }, body: 'created' });
    server.answer('/bad-json', { status: 200, headers: { 'content-type': 'application/json' }, body: '{oops' });
    await expect(handler.process(contextFor({ url: server.url('/text') }))).resolves.toEqual({
      status: 201,
      body: 'created',
    });
    await expect(handler.process(contextFor({ url: server.url('/bad-json') }))).resolves.toEqual({
      status: 200,
      body: '{oops',
    });
  });

  it('sends the method, headers and a JSON body from config', async () => {
    server.answer('/echo', (request) => ({ status: 200, body: request.body }));
    await handler.process(
      contextFor({ url: server.url('/echo'), method: 'POST', headers: { 'x-trace': 'abc' }, body: { a: 1 } }),
    );
    const request = server.received.filter((seen) => seen.url === '/echo').at(-1);
    expect([request?.method, request?.headers['x-trace'], request?.headers['content-type'], request?.body]).toEqual([
      'POST',
      'abc',
      'application/json',
      '{"a":1}',
    ]);
  });

  it('takes the body from the hook of a subclass', async () => {
    class Signup extends HttpStepHandler {
      protected override body(ctx: StepContext): unknown {
        return { task: ctx.task.id };
      }
    }
    server.answer('/hook', (request) => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: request.body,
    }));
    await expect(new Signup().process(contextFor({ url: server.url('/hook'), method: 'PUT' }))).resolves.toEqual({
      status: 200,
      body: { task: 't1' },
    });
  });

  it.each([400, 401, 404, 409, 422])('%i: PermanentError with code HTTP_<status>', async (status) => {
    server.answer(`/s${status}`, { status, body: 'nope' });
    const error = await failureOf(handler.process(contextFor({ url: server.url(`/s${status}`) })));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).code).toBe(`HTTP_${status}`);
    expect(error.message).toContain(`answered ${status}: nope`);
  });

  it.each([500, 502, 504])('%i: RetryableError without a delay of its own', async (status) => {
    server.answer(`/s${status}`, { status, headers: { 'retry-after': '5' } });
    const error = await failureOf(handler.process(contextFor({ url: server.url(`/s${status}`) })));
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterMs).toBeUndefined();
  });

  it.each([429, 503])('%i with Retry-After in seconds: retryAfterMs', async (status) => {
    server.answer(`/r${status}`, { status, headers: { 'retry-after': '3' } });
    const error = await failureOf(handler.process(contextFor({ url: server.url(`/r${status}`) })));
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterMs).toBe(3000);
    expect(classifyCause(error)).toEqual({ kind: 'retryable_error', retryAfterMs: 3000 });
  });

  it('429 with Retry-After as an HTTP date: the time until then', async () => {
    const at = new Date(Date.now() + 60_000);
    server.answer('/date', { status: 429, headers: { 'retry-after': at.toUTCString() } });
    const error = await failureOf(handler.process(contextFor({ url: server.url('/date') })));
    const retryAfterMs = (error as RetryableError).retryAfterMs ?? -1;
    // toUTCString drops the milliseconds: up to one second short of 60 s, less the request's own time.
    expect(retryAfterMs).toBeGreaterThan(55_000);
    expect(retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('429 with an invalid Retry-After or none: retryable with the normal backoff', async () => {
    server.answer('/invalid', { status: 429, headers: { 'retry-after': 'whenever' } });
    server.answer('/none', { status: 429 });
    for (const path of ['/invalid', '/none']) {
      const error = await failureOf(handler.process(contextFor({ url: server.url(path) })));
      expect(error).toBeInstanceOf(RetryableError);
      expect((error as RetryableError).retryAfterMs).toBeUndefined();
    }
  });

  it('a request that outlives timeoutMs: RetryableError saying so, the request aborted', async () => {
    server.answer('/slow', 'hang');
    const error = await failureOf(handler.process(contextFor({ url: server.url('/slow'), timeoutMs: 150 })));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/slow timed out after 150 ms/);
    await waitFor(() => server.aborted.includes('/slow'), { timeoutMs: 5000, what: 'the server to see the abort' });
  });

  it('the step aborted while the request hangs: the abort reason, the request closed', async () => {
    server.answer('/cancel', 'hang');
    const controller = new AbortController();
    const running = handler.process(contextFor({ url: server.url('/cancel') }, controller.signal));
    await waitFor(() => server.received.some((seen) => seen.url === '/cancel'), { timeoutMs: 5000 });
    controller.abort(new StepAbortedError('cancelled', 'task cancelled'));
    const error = await failureOf(running);
    expect(error).toBeInstanceOf(StepAbortedError);
    expect(classifyCause(error)).toEqual({ kind: 'cancelled' });
    await waitFor(() => server.aborted.includes('/cancel'), { timeoutMs: 5000, what: 'the server to see the abort' });
  });

  it('a closed port: RetryableError naming the network error', async () => {
    const port = await closedPort();
    const error = await failureOf(handler.process(contextFor({ url: `http://127.0.0.1:${port}/x` })));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('an invalid config: PermanentError before any request', async () => {
    const before = server.received.length;
    const error = await failureOf(handler.process(contextFor({ url: server.url('/x'), method: 'BREW' })));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).code).toBe('HTTP_STEP_INVALID_CONFIG');
    expect(server.received.length).toBe(before);
  });
});
