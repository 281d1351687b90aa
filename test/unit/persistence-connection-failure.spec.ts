import { classifyConnectionFailure } from '../../lib/persistence/classify-connection-failure';
import {
  formatTarget,
  readDatabaseUrl,
  redactDatabaseUrl,
  type DatabaseTarget,
} from '../../lib/persistence/database-url';

const TARGET: DatabaseTarget = { host: 'db', port: 5432, database: 'orders', user: 'app' };

function failure(code: string | undefined, message = 'boom'): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('classifyConnectionFailure', () => {
  it.each<[string, unknown, string]>([
    ['a failed DNS lookup', failure('ENOTFOUND', 'getaddrinfo ENOTFOUND db'), 'HOST_NOT_FOUND'],
    ['a DNS server that does not answer', failure('EAI_AGAIN'), 'HOST_NOT_FOUND'],
    ['a refused connection', failure('ECONNREFUSED'), 'CONNECTION_REFUSED'],
    [
      'a refusal on every address of the host',
      new AggregateError([failure('ECONNREFUSED'), failure('ECONNREFUSED')], 'connect'),
      'CONNECTION_REFUSED',
    ],
    ['a missing database', failure('3D000', 'database "orders" does not exist'), 'DATABASE_NOT_FOUND'],
    ['a wrong password', failure('28P01', 'password authentication failed for user "app"'), 'AUTHENTICATION_FAILED'],
    ['a role that may not log in', failure('28000', 'role "app" is not permitted to log in'), 'AUTHENTICATION_FAILED'],
    ['a full server', failure('53300', 'sorry, too many clients already'), 'TOO_MANY_CONNECTIONS'],
    [
      "node-postgres' connect timeout",
      failure(undefined, 'Connection terminated due to connection timeout'),
      'TIMEOUT',
    ],
    ["pg-pool's connect timeout", failure(undefined, 'timeout exceeded when trying to connect'), 'TIMEOUT'],
    ['a socket timeout', failure('ETIMEDOUT'), 'TIMEOUT'],
    ['anything else', failure('08P01', 'protocol violation'), 'CONNECTION_FAILED'],
  ])('should classify %s', (_, error, reason) => {
    expect(classifyConnectionFailure(error, TARGET, 10_000).reason).toBe(reason);
  });

  it('should explain a wrong password naming the user', () => {
    const { detail } = classifyConnectionFailure(
      failure('28P01', 'password authentication failed for user "app"'),
      TARGET,
      10_000,
    );

    expect(detail).toBe(
      'the server refused user "app" (password authentication failed for user "app"); check the user and password',
    );
  });
});

describe('database URLs in error messages', () => {
  it.each<[string, string]>([
    ['postgres://app:s3cret@db:5432/orders', 'postgres://app:***@db:5432/orders'],
    [
      'postgresql://app@db/orders?password=s3cret&sslmode=require',
      'postgresql://app@db/orders?password=***&sslmode=require',
    ],
    ['postgres://db/orders', 'postgres://db/orders'],
  ])('should redact the password of %s', (url, redacted) => {
    expect(redactDatabaseUrl(url)).toBe(redacted);
  });

  it.each<[string, string]>([
    ['postgres://app:pw@db:5433/orders', 'db:5433/orders'],
    ['postgres://app@db/', 'db:5432/app'],
    ['postgresql://app@db/orders?port=6000', 'db:6000/orders'],
    ['/var/run/postgresql orders', '/var/run/postgresql:5432/orders'],
  ])('should read where %s points', (url, target) => {
    const read = readDatabaseUrl(url);

    expect('target' in read && formatTarget(read.target)).toBe(target);
  });

  it.each(['not-a-url', 'mysql://app@db/orders', 'postgres://db:notaport/orders', 'localhost:5432/orders'])(
    'should refuse %s',
    (url) => {
      expect(readDatabaseUrl(url)).toHaveProperty('problem');
    },
  );
});
