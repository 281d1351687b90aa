import { ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { isForbidden } from '../../../lib/http/auth/is-forbidden';
import { httpErrorCode } from '../../../lib/http/errors/http-error-code';
import { routePrefix } from '../../../lib/http/tasker-http-path';

describe('routePrefix', () => {
  it.each([
    ['tasker', '/tasker'],
    ['/tasker', '/tasker'],
    ['ops/tasker/', '/ops/tasker'],
    ['//ops//tasker', '/ops/tasker'],
    ['', '/'],
    ['/', '/'],
  ])('should make %j the prefix %j', (path, prefix) => {
    expect(routePrefix(path)).toBe(prefix);
  });
});

describe('isForbidden', () => {
  it('should recognise a 403 however it is thrown', () => {
    expect(isForbidden(new ForbiddenException())).toBe(true);
    expect(isForbidden(new HttpException('no', 403))).toBe(true);
    expect(isForbidden(Object.assign(new Error('no'), { status: 403 }))).toBe(true);
    expect(isForbidden({ statusCode: 403 })).toBe(true);
  });

  it('should take anything else as not authenticated', () => {
    expect(isForbidden(new UnauthorizedException())).toBe(false);
    expect(isForbidden(new Error('token expired'))).toBe(false);
    expect(isForbidden({ status: 401 })).toBe(false);
    expect(isForbidden('403')).toBe(false);
    expect(isForbidden(undefined)).toBe(false);
  });
});

describe('httpErrorCode', () => {
  it("should be the status's name, or HTTP_<status> when it has none", () => {
    expect(httpErrorCode(400)).toBe('BAD_REQUEST');
    expect(httpErrorCode(401)).toBe('UNAUTHORIZED');
    expect(httpErrorCode(403)).toBe('FORBIDDEN');
    expect(httpErrorCode(404)).toBe('NOT_FOUND');
    expect(httpErrorCode(413)).toBe('PAYLOAD_TOO_LARGE');
    expect(httpErrorCode(599)).toBe('HTTP_599');
  });
});
