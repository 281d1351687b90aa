import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_CONFIG } from '../../config/sample-config.module';
import type { SampleConfig } from '../../config/sample-config';

/** Every how many mailbox requests the mail service answers 429 (Retry-After: 1) instead. */
export const MAILBOX_THROTTLE_EVERY = 3;

type Route = (body: Record<string, unknown>) => { status: number; body: unknown; headers?: Record<string, string> };

/**
 * Stand-ins for the systems onboarding talks to (a CRM, a mail service, auth, storage), served over
 * real HTTP on a loopback port of this process so the HTTP steps cross a socket like they would in
 * production. The mail service throttles now and then (429 with Retry-After); the CRM refuses
 * e-mail addresses with `+blocked` (422).
 */
@Injectable()
export class OnboardingServices implements OnModuleInit, OnApplicationShutdown {
  private server: Server | undefined;
  private port = 0;
  private mailboxRequests = 0;
  private sequence = 0;
  /** How many requests each `METHOD path` got: what a test or the demo can look at. */
  readonly requestCounts = new Map<string, number>();

  constructor(@Inject(SAMPLE_CONFIG) private readonly config: SampleConfig) {}

  /** Where the services listen, e.g. `http://127.0.0.1:41234`. */
  get baseUrl(): string {
    if (this.server === undefined) throw new Error('the onboarding services are not started');
    return `http://127.0.0.1:${this.port}`;
  }

  async onModuleInit(): Promise<void> {
    const server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.servicesPort, '127.0.0.1', resolve);
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private readonly routes: Record<string, Route> = {
    'POST /crm/contacts': (body) =>
      String(body.email).includes('+blocked')
        ? { status: 422, body: { error: 'this e-mail address is on the block list' } }
        : { status: 201, body: { contactId: this.nextId('crm') } },
    'POST /mail/mailboxes': (body) => {
      this.mailboxRequests += 1;
      if (this.mailboxRequests % MAILBOX_THROTTLE_EVERY === 0) {
        return { status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '1' } };
      }
      return { status: 201, body: { address: `${String(body.username)}@mail.example.test` } };
    },
    'POST /mail/messages': () => ({ status: 202, body: { messageId: this.nextId('msg') } }),
    'POST /auth/sessions/revoke': () => ({ status: 200, body: { revoked: 1 + (this.sequence % 3) } }),
    'POST /storage/exports': () => ({ status: 201, body: { exportId: this.nextId('exp') } }),
    'POST /crm/contacts/delete': () => ({ status: 200, body: { deleted: true } }),
  };

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const key = `${request.method ?? 'GET'} ${request.url ?? '/'}`;
      this.requestCounts.set(key, (this.requestCounts.get(key) ?? 0) + 1);
      const route = this.routes[key];
      const answer = route === undefined ? { status: 404, body: { error: `no route ${key}` } } : route(parse(chunks));
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify(answer.body));
    });
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_${this.sequence.toString().padStart(5, '0')}`;
  }
}

function parse(chunks: Buffer[]): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
