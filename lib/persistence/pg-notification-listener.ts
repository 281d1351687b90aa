import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { logLine } from '../logging/log-line';

/**
 * LISTEN on a dedicated connection (never a pooled one: it would be held forever). If the
 * connection drops, it reconnects with a capped backoff; meanwhile the workers' poll keeps things
 * moving, so a lost notification only costs latency.
 */
export class PgNotificationListener {
  private readonly logger = new Logger(PgNotificationListener.name);
  private readonly callbacks = new Map<string, Set<(payload: string) => void>>();
  private client: Client | undefined;
  private connecting: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private failures = 0;

  /** `connectTimeoutMs`: opening the connection gives up after this long (pg waits forever by default). */
  constructor(
    private readonly url: string,
    private readonly connectTimeoutMs: number,
  ) {}

  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.callbacks.get(channel);
    const first = set === undefined;
    if (set === undefined) {
      set = new Set();
      this.callbacks.set(channel, set);
    }
    set.add(callback);
    await this.ensureConnected();
    if (first && this.client !== undefined) await this.client.query(`LISTEN "${channel}"`);
    return async () => {
      set.delete(callback);
      if (set.size === 0) {
        this.callbacks.delete(channel);
        await this.client?.query(`UNLISTEN "${channel}"`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.client !== undefined) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.url,
      application_name: 'tasker-listener',
      connectionTimeoutMillis: this.connectTimeoutMs,
    });
    client.on('notification', (message) => {
      for (const callback of this.callbacks.get(message.channel) ?? []) callback(message.payload ?? '');
    });
    client.on('error', (error) => this.onLost(client, error));
    client.on('end', () => this.onLost(client, undefined));
    await client.connect();
    if (this.closed) {
      await client.end();
      return;
    }
    for (const channel of this.callbacks.keys()) await client.query(`LISTEN "${channel}"`);
    this.client = client;
    if (this.failures > 0) {
      this.logger.log(logLine('Notification connection restored', { failedTries: this.failures - 1 }));
    }
    this.failures = 0;
  }

  private onLost(client: Client, error: Error | undefined): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.scheduleReconnect(error);
  }

  private scheduleReconnect(error: unknown): void {
    if (this.closed) return;
    this.failures += 1;
    const delay = Math.min(100 * 2 ** this.failures, 5000);
    const reason = error instanceof Error ? error.message : undefined;
    // Once per outage, not once per try: the retries of a long outage would flood the log.
    if (this.failures === 1) {
      this.logger.warn(logLine('Notification connection lost; reconnecting', { error: reason, retryInMs: delay }));
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.ensureConnected().catch((failure: unknown) => this.scheduleReconnect(failure));
    }, delay);
  }
}
