import { HTTP_STEP_INVALID_CONFIG, PermanentError } from '../../../lib';
import { resolveHttpStepRequest } from '../../../lib/http-step/http-step-request';

describe('resolveHttpStepRequest', () => {
  it('applies the defaults: GET, no headers, 30 s', () => {
    const request = resolveHttpStepRequest({ url: 'http://127.0.0.1:1/x' });
    expect(request).toEqual({
      url: new URL('http://127.0.0.1:1/x'),
      method: 'GET',
      headers: {},
      timeoutMs: 30_000,
      body: undefined,
    });
  });

  it('upper-cases the method and keeps headers and body', () => {
    const request = resolveHttpStepRequest({
      url: 'https://example.test/a',
      method: 'post',
      headers: { 'x-a': '1' },
      timeoutMs: 500,
      body: { a: 1 },
    });
    expect([request.method, request.headers, request.timeoutMs, request.body]).toEqual([
      'POST',
      { 'x-a': '1' },
      500,
      { a: 1 },
    ]);
  });

  it('names every bad field in one PermanentError', () => {
    let thrown: unknown;
    try {
      resolveHttpStepRequest({ url: 'ftp://x', method: 'FETCH', headers: { a: 1 }, timeoutMs: 0 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PermanentError);
    expect((thrown as PermanentError).code).toBe(HTTP_STEP_INVALID_CONFIG);
    const message = (thrown as Error).message;
    expect(message).toContain('url must be http or https');
    expect(message).toContain('method must be one of');
    expect(message).toContain('headers must be an object of strings');
    expect(message).toContain('timeoutMs must be a positive integer');
  });

  it.each([
    [{}, 'url must be a string'],
    [{ url: 'not a url' }, 'url must be an absolute URL'],
    [{ url: 'http://a.test', body: 'x' }, 'a GET request has no body'],
    ['nope', 'the request must be an object'],
  ])('rejects %j', (config, problem) => {
    expect(() => resolveHttpStepRequest(config)).toThrow(problem);
  });
});
