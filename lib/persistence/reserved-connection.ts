import { Client } from 'pg';

/** How the reserved connection is opened. */
export interface ReservedConnectionSettings {
  url: string;
  /** Opening the connection gives up after this long. */
  connectTimeoutMs: number;
  /** A statement gives up after this long, and the connection is replaced (it may be half-open). */
  queryTimeoutMs: number;
  /** Shown in pg_stat_activity. */
  applicationName: string;
}

/**
 * One connection of its own, outside the pool, for statements that must never queue behind the
 * pool's users (the worker's heartbeats: a pool that handlers keep busy must not make a healthy
 * worker look dead). Opened on first use; a connection that fails (lost, timed out) is dropped and
 * the next statement opens a new one, so an outage costs the statements sent during it and nothing
 * more. Statements are sent one at a time (a caller that does not wait for the previous one queues
 * behind it on the connection).
 */
export class ReservedConnection {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private closed = false;

  constructor(private readonly settings: ReservedConnectionSettings) {}

  async query<R>(text: string, values: readonly unknown[]): Promise<R[]> {
    if (this.closed) throw new Error('The reserved connection is closed');
    const client = await this.connected();
    try {
      const result = await client.query(text, [...values]);
      return result.rows as R[];
    } catch (error) {
      // A failed statement may have left the connection unusable; a fresh one costs one connect.
      if (!isStatementError(error)) this.drop(client);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connected(): Promise<Client> {
    if (this.client !== undefined) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<Client> {
    const { url, connectTimeoutMs, queryTimeoutMs, applicationName } = this.settings;
    const client = new Client({
      connectionString: url,
      connectionTimeoutMillis: connectTimeoutMs,
      query_timeout: queryTimeoutMs,
      application_name: applicationName,
    });
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      throw new Error('The reserved connection is closed');
    }
    this.client = client;
    return client;
  }

  private drop(client: Client): void {
    if (this.client === client) this.client = undefined;
    client.end().catch(() => undefined);
  }
}

/**
 * An error the server raised for the statement itself (it has a SQLSTATE outside the connection
 * classes): the connection is fine and stays.
 */
function isStatementError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57)/.test(code);
}
