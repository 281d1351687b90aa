import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PoolSample } from './pool-sample';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { TaskerDatabaseConnectionError } from '../errors/tasker-database-connection.error';
import { TASKER_DEFAULT_CONNECT_TIMEOUT_MS } from '../config/tasker.defaults';
import { classifyConnectionFailure } from './classify-connection-failure';
import { isConnectionLoss } from './connection-loss';
import { formatTarget, readDatabaseUrl, redactDatabaseUrl } from './database-url';
import { createPGliteDriver, type PGliteDriver } from './pglite/pglite-session-pool';
import { PgNotificationListener } from './pg-notification-listener';
import { ReservedConnection } from './reserved-connection';
import { runTaskerMigrations } from './run-tasker-migrations';
import { isQueryablePool, type QueryablePool } from './queryable-pool';
import { embeddedDataSourceOptions, postgresDataSourceOptions } from './tasker-data-source-options';
import { logLine } from '../logging/log-line';

/**
 * TypeORM keeps the pool it created when a query after the first connection fails (it only
 * cleans up after it considers itself initialised); end it so a failed boot leaves no socket open.
 */
async function closeUninitializedPool(dataSource: DataSource): Promise<void> {
  if (dataSource.isInitialized) return;
  const pool = (dataSource.driver as unknown as { master?: { end?: () => Promise<void> } }).master;
  await pool?.end?.().catch(() => undefined);
}

/** The checkout side of a node-postgres pool (the embedded pool has it too). */
interface PoolConnector {
  connect(): Promise<{
    query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
    release(error?: Error): void;
    on(event: 'error', listener: (error: Error) => void): unknown;
    removeListener(event: 'error', listener: (error: Error) => void): unknown;
  }>;
}

interface PoolCounters {
  totalCount?: number;
  idleCount?: number;
  waitingCount?: number;
}

/**
 * Tasker's own database: a TypeORM data source (migrations, cold paths) and, for the hot path,
 * direct access to its connection pool for plain parameterised SQL. Real PostgreSQL when
 * `database.url` is set, else the embedded PGlite.
 */
export class TaskerDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger(TaskerDatabase.name);
  private closed = false;

  private constructor(
    readonly dataSource: DataSource,
    readonly schema: string,
    private readonly pool: QueryablePool,
    private readonly poolSize: number,
    private readonly notifications: PgNotificationListener | PGliteDriver,
    private readonly reserved: ReservedConnection | undefined,
  ) {}

  /**
   * Opens the data source and applies migrations when `migrationsRun` is on. A PostgreSQL server
   * that cannot be reached fails with a `TaskerDatabaseConnectionError` saying why.
   */
  static async open(options: ResolvedTaskerOptions): Promise<TaskerDatabase> {
    const { url, dataDir, poolSize, schema } = options.database;
    if (url === undefined) {
      const driver = createPGliteDriver({ dataDir });
      const dataSource = new DataSource(embeddedDataSourceOptions(driver.driver, schema));
      await dataSource.initialize();
      return TaskerDatabase.connect(dataSource, options, driver, 1, undefined);
    }
    const read = readDatabaseUrl(url);
    if ('problem' in read) {
      throw new TaskerDatabaseConnectionError(
        'MALFORMED_URL',
        redactDatabaseUrl(url),
        undefined,
        `it is not a PostgreSQL connection string like postgres://user:password@host:5432/database (${read.problem})`,
      );
    }
    const timeoutMs = options.database.connectTimeoutMs ?? TASKER_DEFAULT_CONNECT_TIMEOUT_MS;
    const dataSource = new DataSource(postgresDataSourceOptions(url, schema, poolSize, timeoutMs));
    try {
      await dataSource.initialize();
    } catch (error) {
      await closeUninitializedPool(dataSource);
      const { reason, detail } = classifyConnectionFailure(error, read.target, timeoutMs);
      throw new TaskerDatabaseConnectionError(reason, redactDatabaseUrl(url), formatTarget(read.target), detail, {
        cause: error,
      });
    }
    const reserved = new ReservedConnection({
      url,
      connectTimeoutMs: timeoutMs,
      queryTimeoutMs: options.worker.leaseMs,
      applicationName: 'tasker-heartbeat',
    });
    return TaskerDatabase.connect(dataSource, options, new PgNotificationListener(url, timeoutMs), poolSize, reserved);
  }

  /** Applies migrations on an initialised data source and takes its pool for the hot path. */
  private static async connect(
    dataSource: DataSource,
    options: ResolvedTaskerOptions,
    notifications: PgNotificationListener | PGliteDriver,
    poolSize: number,
    reserved: ReservedConnection | undefined,
  ): Promise<TaskerDatabase> {
    const { schema } = options.database;
    try {
      const embedded = !(notifications instanceof PgNotificationListener);
      if (options.migrationsRun) await runTaskerMigrations(dataSource, schema, embedded);
      // The hot path bypasses the ORM and talks to the pool TypeORM created (pg's, or the embedded one).
      const pool: unknown = (dataSource.driver as unknown as { master?: unknown }).master;
      if (!isQueryablePool(pool)) throw new Error('TypeORM did not expose a usable connection pool');
      return new TaskerDatabase(dataSource, schema, pool, poolSize, notifications, reserved);
    } catch (error) {
      await dataSource.destroy().catch(() => undefined);
      throw error;
    }
  }

  /** Whether this is the embedded database (one session, one process). */
  get embedded(): boolean {
    return !(this.notifications instanceof PgNotificationListener);
  }

  async query<R = Record<string, unknown>>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    const result = await this.pool.query(text, [...values]);
    return result.rows as R[];
  }

  /**
   * `query`, calling `sent` when the statement goes out: once it has a connection, after any wait
   * for the pool. A caller that measures how old an answer is (the worker's lease check) measures
   * from there, not from the wait in the pool's queue.
   */
  async querySent<R = Record<string, unknown>>(
    text: string,
    values: readonly unknown[],
    sent: () => void,
  ): Promise<R[]> {
    const pool = this.pool as Partial<PoolConnector>;
    if (typeof pool.connect !== 'function') {
      sent();
      return this.query<R>(text, values);
    }
    const client = await pool.connect();
    // The pool stops listening for a client's 'error' while it is checked out, and a connection cut
    // meanwhile (a server restart, pg_terminate_backend) emits one: with no listener the process
    // would crash. Listening until the client is back in the pool (which listens again) prevents it.
    let failure: unknown;
    const onError = (error: Error): void => {
      failure ??= error;
    };
    client.on('error', onError);
    try {
      sent();
      const result = await client.query(text, [...values]);
      return result.rows as R[];
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      // As pg's pool.query does: a connection whose statement failed is discarded, not reused.
      client.release(failure instanceof Error ? failure : undefined);
      client.removeListener('error', onError);
    }
  }

  /**
   * A statement on the reserved connection, outside the pool: it never waits for a pooled
   * connection, however busy the pool is (the worker's heartbeats go here). The embedded database
   * has one session, shared by everything, so there it is `query`.
   */
  async reservedQuery<R = Record<string, unknown>>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    if (this.reserved === undefined) return this.query<R>(text, values);
    return this.reserved.query<R>(text, values);
  }

  /**
   * Like {@link query}, as the named prepared statement `name`: each connection parses and plans
   * `text` once instead of on every call. For a hot statement whose text never changes for a
   * given name (the name must include anything the text depends on, such as the schema).
   */
  async queryPrepared<R = Record<string, unknown>>(
    name: string,
    text: string,
    values: readonly unknown[],
  ): Promise<R[]> {
    const result = await this.pool.query({ name, text, values: [...values] });
    return result.rows as R[];
  }

  /**
   * An idempotent read (a SELECT with no side effect), run again when it failed because its pooled
   * connection was lost (`isConnectionLoss`): after a server restart or `pg_terminate_backend`, the
   * pool may hand out a connection that died before it noticed, and a caller should not see that
   * error once the database is back. The failed connection leaves the pool; other idle ones may
   * have died with it and each fails at once, so the read is retried past as many of them as the
   * pool holds idle, plus one attempt on a new connection. Writes must use `query`: a write
   * whose connection died may have been applied.
   */
  async readQuery<R = Record<string, unknown>>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    let retriesLeft: number | undefined;
    for (;;) {
      try {
        return await this.query<R>(text, values);
      } catch (error) {
        if (this.closed || !isConnectionLoss(error)) throw error;
        retriesLeft ??= ((this.pool as PoolCounters).idleCount ?? 0) + 1;
        if (retriesLeft === 0) throw error;
        retriesLeft -= 1;
      }
    }
  }

  /** Subscribes to a notification channel; resolves to an unsubscribe function. */
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    return this.notifications.listen(channel, callback);
  }

  /** Connection-pool figures for the concurrency provider. */
  poolStats(): PoolSample {
    const counters = this.pool as PoolCounters;
    const total = counters.totalCount ?? 0;
    const idle = counters.idleCount ?? 0;
    return { size: this.poolSize, busy: Math.max(total - idle, 0), idle, waiting: counters.waitingCount ?? 0 };
  }

  /** Nest calls this last on shutdown, after the workers have drained (they stop in beforeApplicationShutdown). */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.notifications instanceof PgNotificationListener) await this.notifications.close();
    await this.reserved?.close();
    await this.dataSource
      .destroy()
      .catch((error: unknown) => this.logger.error(logLine('Closing the data source failed', { error })));
  }
}
