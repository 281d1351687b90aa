import { createServer, type Server, type Socket } from 'node:net';
import { PgNotificationListener } from '../../lib/persistence/pg-notification-listener';
import { ReservedConnection } from '../../lib/persistence/reserved-connection';

/** A server that accepts connections and never answers: a connect to it waits until its timeout. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `postgres://tasker@127.0.0.1:${port}/tasker`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Settles with 'timed out' when `promise` neither resolves nor rejects within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<'resolved' | 'rejected' | 'timed out'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timed out'), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve('resolved');
      },
      () => {
        clearTimeout(timer);
        resolve('rejected');
      },
    );
  });
}

describe('connections of their own give up after the connect timeout', () => {
  it('the notification listener (worker start listens before it claims)', async () => {
    const server = await silentServer();
    const listener = new PgNotificationListener(server.url, 200);
    try {
      expect(
        await within(
          listener.listen('tasker_ready', () => undefined),
          5000,
        ),
      ).toBe('rejected');
    } finally {
      await listener.close();
      await server.close();
    }
  });

  it('the reserved heartbeat connection', async () => {
    const server = await silentServer();
    const reserved = new ReservedConnection({
      url: server.url,
      connectTimeoutMs: 200,
      queryTimeoutMs: 1000,
      applicationName: 'test',
    });
    try {
      expect(await within(reserved.query('SELECT 1', []), 5000)).toBe('rejected');
    } finally {
      await reserved.close();
      await server.close();
    }
  });
});
