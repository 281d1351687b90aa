import { createServer, type Server, type Socket } from 'node:net';
import { expect } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { TaskerDatabaseConnectionError, TaskerModule, type TaskerModuleOptions } from '../../lib';
import { adminUrl } from '../support/test-database';

/** Boots a module with these options; resolves to what the boot threw (fails if it booted). */
async function bootFailure(database: TaskerModuleOptions['database']): Promise<TaskerDatabaseConnectionError> {
  const builder = Test.createTestingModule({
    imports: [TaskerModule.forRoot({ database, worker: { enabled: false }, http: { enabled: false } })],
  });
  let module: Awaited<ReturnType<typeof builder.compile>> | undefined;
  try {
    module = await builder.compile();
  } catch (error) {
    expect(error).toBeInstanceOf(TaskerDatabaseConnectionError);
    expect(error).toMatchObject({
      code: 'DATABASE_UNREACHABLE',
      option: 'database.url',
      name: 'TaskerDatabaseConnectionError',
    });
    return error as TaskerDatabaseConnectionError;
  }
  await module.close();
  throw new Error('the module booted');
}

function withDatabase(url: string, change: (parsed: URL) => void): string {
  const parsed = new URL(url);
  change(parsed);
  return parsed.toString();
}

/** A local port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('connecting to an unreachable database at boot (PostgreSQL)', () => {
  it('should refuse a database.url that is not a connection string, before trying it', async () => {
    const error = await bootFailure({ url: 'not-a-url' });

    expect(error.reason).toBe('MALFORMED_URL');
    expect(error.message).toContain('database.url "not-a-url"');
    expect(error.message).toContain('not a PostgreSQL connection string');
    expect(error.message).not.toContain('ENOTFOUND');
    expect(error.target).toBeUndefined();
  });

  it('should say the host was not found, naming the option, the URL without its password and the target', async () => {
    const error = await bootFailure({
      url: 'postgres://app:s3cret@tasker-no-such-host.invalid:5433/orders',
      connectTimeoutMs: 5000,
    });

    expect(error.reason).toBe('HOST_NOT_FOUND');
    expect(error.url).toBe('postgres://app:***@tasker-no-such-host.invalid:5433/orders');
    expect(error.target).toBe('tasker-no-such-host.invalid:5433/orders');
    expect(error.message).toContain('database.url "postgres://app:***@tasker-no-such-host.invalid:5433/orders"');
    expect(error.message).toContain('tried tasker-no-such-host.invalid:5433/orders');
    expect(error.message).toContain('the host "tasker-no-such-host.invalid" was not found');
    expect(error.message).not.toContain('s3cret');
    expect(error.cause).toMatchObject({ code: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/) });
  });

  it('should say nothing listens when the connection is refused', async () => {
    const port = await closedPort();

    const error = await bootFailure({ url: withDatabase(adminUrl(), (url) => (url.port = String(port))) });

    expect(error.reason).toBe('CONNECTION_REFUSED');
    expect(error.target).toBe(`127.0.0.1:${port}/postgres`);
    expect(error.message).toContain(`nothing accepts connections at 127.0.0.1:${port}`);
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('should say the database does not exist (3D000)', async () => {
    const name = `tasker_missing_${process.pid}`;

    const error = await bootFailure({ url: withDatabase(adminUrl(), (url) => (url.pathname = `/${name}`)) });

    expect(error.reason).toBe('DATABASE_NOT_FOUND');
    expect(error.message).toContain(`the server has no database "${name}"`);
    expect(error.cause).toMatchObject({ code: '3D000' });
  });

  // The test server trusts every local connection, so a wrong password cannot be provoked here
  // (28P01 is covered by the classifier's unit test); a role that does not exist fails with 28000.
  it('should say the server refused the user (28000)', async () => {
    const role = `tasker_no_such_role_${process.pid}`;

    const error = await bootFailure({
      url: withDatabase(adminUrl(), (url) => ((url.username = role), (url.password = 'hunter2'))),
    });

    expect(error.reason).toBe('AUTHENTICATION_FAILED');
    expect(error.message).toContain(`the server refused user "${role}"`);
    expect(error.message).not.toContain('hunter2');
    expect(error.cause).toMatchObject({ code: '28000' });
  });

  describe('a server that accepts the connection and never answers', () => {
    let server: Server;
    const sockets = new Set<Socket>();

    beforeAll(async () => {
      server = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('should give up after database.connectTimeoutMs and say it timed out', async () => {
      const { port } = server.address() as { port: number };
      const startedAt = Date.now();

      const error = await bootFailure({ url: `postgres://app@127.0.0.1:${port}/app`, connectTimeoutMs: 300 });

      expect(error.reason).toBe('TIMEOUT');
      expect(error.message).toContain('no connection within 300 ms (database.connectTimeoutMs)');
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    });
  });
});
