import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stub server received, body read as text. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** When the request ended (Date.now()). */
  at: number;
}

/** How the stub answers one path: a status, headers and a body, or `hang` to never answer. */
export type StubAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A node:http server on a free loopback port, answering each path as told. */
export interface StubHttpServer {
  url(path: string): string;
  answer(path: string, answer: StubAnswer | ((request: ReceivedRequest) => StubAnswer)): void;
  readonly received: ReceivedRequest[];
  /** Requests whose connection closed before the server answered (an aborted fetch). */
  readonly aborted: string[];
  close(): Promise<void>;
}

export async function startStubHttpServer(): Promise<StubHttpServer> {
  const answers = new Map<string, StubAnswer | ((request: ReceivedRequest) => StubAnswer)>();
  const received: ReceivedRequest[] = [];
  const aborted: string[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const seen: ReceivedRequest = {
        method: request.method ?? 'GET',
        url: path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(seen);
      const configured = answers.get(path.split('?')[0] ?? path) ?? { status: 404, body: 'no such stub' };
      const answer = typeof configured === 'function' ? configured(seen) : configured;
      if (answer === 'hang') {
        hanging.add(response);
        response.on('close', () => {
          hanging.delete(response);
          aborted.push(path);
        });
        return;
      }
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    answer: (path, answer) => void answers.set(path, answer),
    received,
    aborted,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
