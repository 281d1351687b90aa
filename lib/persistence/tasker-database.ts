import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PoolSample } from './pool-sample';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { createPGliteDriver, type PGliteDriver } from './pglite/pglite-session-pool';
import { PgNotificationListener } from './pg-notification-listener';
import { runTaskerMigrations } from './run-tasker-migrations';
import { isQueryablePool, type QueryablePool } from './queryable-pool';
import { embeddedDataSourceOptions, postgresDataSourceOptions } from './tasker-data-source-options';

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
  ) {}

  /** Opens the data source and applies migrations when `migrationsRun` is on. */
  static async open(options: ResolvedTaskerOptions): Promise<TaskerDatabase> {
    const { url, dataDir, poolSize, schema } = options.database;
    if (url === undefined) {
      const driver = createPGliteDriver({ dataDir });
      return TaskerDatabase.connect(new DataSource(embeddedDataSourceOptions(driver.driver, schema)), options, driver, 1);
    }
    const dataSource = new DataSource(postgresDataSourceOptions(url, schema, poolSize));
    return TaskerDatabase.connect(dataSource, options, new PgNotificationListener(url), poolSize);
  }

  private static async connect(
    dataSource: DataSource,
    options: ResolvedTaskerOptions,
    notifications: PgNotificationListener | PGliteDriver,
    poolSize: number,
  ): Promise<TaskerDatabase> {
    const { schema } = options.database;
    await dataSource.initialize();
    try {
      const embedded = !(notifications instanceof PgNotificationListener);
      if (options.migrationsRun) await runTaskerMigrations(dataSource, schema, embedded);
      // The hot path bypasses the ORM and talks to the pool TypeORM created (pg's, or the embedded one).
      const pool: unknown = (dataSource.driver as unknown as { master?: unknown }).master;
      if (!isQueryablePool(pool)) throw new Error('TypeORM did not expose a usable connection pool');
      return new TaskerDatabase(dataSource, schema, pool, poolSize, notifications);
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
    await this.dataSource.destroy().catch((error: unknown) => this.logger.error({ error }, 'Closing the data source failed'));
  }
}
