import { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';
import { type LeasedSession, PGliteSession } from './pglite-session';
import {
  answer,
  normaliseQuery,
  type PgQueryCallback,
  type PgQueryConfig,
  type PgQueryResult,
  runPgQuery,
  toError,
} from './pg-compat';

export { PGliteLeaseTimeoutError } from './pglite-session';
export type { PgField, PgQueryCallback, PgQueryConfig, PgQueryResult } from './pg-compat';

const POOL_ENDED = 'Cannot use a pool after calling end on the pool';

/** Default for {@link PGliteDriverOptions.leaseTimeoutMs}. */
export const DEFAULT_LEASE_TIMEOUT_MS = 10_000;

/** Options of {@link createPGliteDriver}. */
export interface PGliteDriverOptions {
  /** Directory of a persistent database (created if missing); in memory when absent. */
  dataDir?: string;
  /**
   * How long a caller may wait behind one holder of the session before it fails with
   * {@link PGliteLeaseTimeoutError} (nested use of the data source inside a transaction). Default 10 000.
   */
  leaseTimeoutMs?: number;
}

/** node-postgres' callback for `pool.connect()`. */
export type PoolConnectCallback = (
  error: Error | undefined,
  client: SessionClient | undefined,
  release: (error?: unknown) => void,
) => void;

/**
 * A pg-`PoolClient`-shaped handle that holds the embedded database's only session until
 * `release()`. Releasing it inside a transaction rolls the transaction back.
 */
export class SessionClient extends EventEmitter {
  #session: LeasedSession | undefined;

  /** @internal Handed out by {@link SessionPool.connect}. */
  constructor(session: LeasedSession) {
    super();
    this.#session = session;
  }

  /** Runs a query like pg's `client.query()`: promise style, or callback style returning nothing. */
  query<R = Record<string, unknown>>(
    textOrConfig: string | PgQueryConfig,
    values?: readonly unknown[],
  ): Promise<PgQueryResult<R>>;
  query<R = Record<string, unknown>>(textOrConfig: string | PgQueryConfig, callback: PgQueryCallback<R>): void;
  query<R = Record<string, unknown>>(
    textOrConfig: string | PgQueryConfig,
    values: readonly unknown[] | undefined,
    callback: PgQueryCallback<R>,
  ): void;
  query<R = Record<string, unknown>>(
    textOrConfig: string | PgQueryConfig,
    valuesOrCallback?: readonly unknown[] | PgQueryCallback<R>,
    callback?: PgQueryCallback<R>,
  ): Promise<PgQueryResult<R>> | undefined {
    const query = normaliseQuery(textOrConfig, valuesOrCallback, callback);
    const session = this.#session;
    return answer(async () => {
      if (session === undefined) {
        throw new Error('This client has been released to the pool');
      }
      return runPgQuery(session.db, query);
    }, query.callback);
  }

  /** Gives the session back; the `error` pg would use to discard the connection is not needed here. */
  release(_error?: unknown): void {
    const session = this.#session;
    if (session === undefined) {
      throw new Error('Release called on client which has already been released to the pool.');
    }
    this.#session = undefined;
    session.release();
  }
}

/**
 * A pg-`Pool`-shaped pool over the one PGlite session of a {@link PGliteDriver}: `connect()` queues
 * (FIFO) for the session, `query()` takes it for one query. TypeORM creates it (as
 * `driver.Pool`) and keeps it as `(dataSource.driver as PostgresDriver).master`.
 */
export class SessionPool extends EventEmitter {
  #ended = false;

  /** @internal Constructed by TypeORM through {@link PGliteDriver.driver}. */
  constructor(
    private readonly session: PGliteSession,
    /** The connection options TypeORM passed; PGlite needs none of them. */
    readonly options: unknown,
  ) {
    super();
    session.attach();
  }

  /** 1 once the PGlite instance is open. */
  get totalCount(): number {
    return this.session.isOpen ? 1 : 0;
  }

  /** 1 when the session is open and nobody holds it. */
  get idleCount(): number {
    return this.session.isOpen && !this.session.isLeased ? 1 : 0;
  }

  /** Callers queued for the session. */
  get waitingCount(): number {
    return this.session.waitingCount;
  }

  /** Whether `end()` was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Waits for the session, like pg's `pool.connect()`, in promise or callback style. */
  connect(): Promise<SessionClient>;
  connect(callback: PoolConnectCallback): void;
  connect(callback?: PoolConnectCallback): Promise<SessionClient> | undefined {
    const client = this.#connect();
    if (callback === undefined) {
      return client;
    }
    client.then(
      (connected) => callback(undefined, connected, (error) => connected.release(error)),
      (error: unknown) => callback(toError(error), undefined, () => undefined),
    );
    return undefined;
  }

  /** Takes the session for one query, like pg's `pool.query()`. */
  query<R = Record<string, unknown>>(
    textOrConfig: string | PgQueryConfig,
    values?: readonly unknown[],
  ): Promise<PgQueryResult<R>>;
  query<R = Record<string, unknown>>(textOrConfig: string | PgQueryConfig, callback: PgQueryCallback<R>): void;
  query<R = Record<string, unknown>>(
    textOrConfig: string | PgQueryConfig,
    values: readonly unknown[] | undefined,
    callback: PgQueryCallback<R>,
  ): void;
  query<R = Record<string, unknown>>(
    textOrConfig: string | PgQueryConfig,
    valuesOrCallback?: readonly unknown[] | PgQueryCallback<R>,
    callback?: PgQueryCallback<R>,
  ): Promise<PgQueryResult<R>> | undefined {
    const query = normaliseQuery(textOrConfig, valuesOrCallback, callback);
    return answer(async () => {
      this.#assertOpen();
      return this.session.run((db) => runPgQuery(db, query));
    }, query.callback);
  }

  /** Ends the pool; the last pool of a driver closes its PGlite instance. */
  end(): Promise<void>;
  end(callback: (error?: Error) => void): void;
  end(callback?: (error?: Error) => void): Promise<void> | undefined {
    const ending = this.#end();
    if (callback === undefined) {
      return ending;
    }
    ending.then(
      () => callback(),
      (error: unknown) => callback(toError(error)),
    );
    return undefined;
  }

  async #connect(): Promise<SessionClient> {
    this.#assertOpen();
    const session = await this.session.lease();
    if (this.#ended) {
      session.release();
      throw new Error(POOL_ENDED);
    }
    return new SessionClient(session);
  }

  async #end(): Promise<void> {
    if (this.#ended) {
      throw new Error('Called end on pool more than once');
    }
    this.#ended = true;
    await this.session.detach();
    this.emit('end');
  }

  #assertOpen(): void {
    if (this.#ended) {
      throw new Error(POOL_ENDED);
    }
  }
}

/** The pg-module-shaped object TypeORM's postgres driver loads instead of `pg`. */
export interface PGlitePgModule {
  readonly Pool: new (options?: unknown) => SessionPool;
}

/** An embedded PostgreSQL (one PGlite instance, one session) for TypeORM's `postgres` driver. */
export interface PGliteDriver {
  /** Pass as TypeORM's `driver` option, with `type: 'postgres'`. */
  readonly driver: PGlitePgModule;
  /** The pool TypeORM created most recently, unless it has ended. */
  pool(): SessionPool | undefined;
  /** Whether the PGlite instance is open (it opens on first use and closes with the last pool). */
  isOpen(): boolean;
  /**
   * Subscribes to `NOTIFY` on `channel` (an SQL identifier, folded to lower case unless quoted)
   * through PGlite's own `listen()`; LISTEN on a pool client would not be delivered. Resolves to
   * the unsubscribe function. Opens the instance if needed; subscriptions end when it closes
   * (subscribe again after re-initialising the data source).
   */
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  /** Closes the PGlite instance now; `dataSource.destroy()` already does it. */
  close(): Promise<void>;
}

const CHANNEL = /^(?:[A-Za-z_][A-Za-z0-9_$]*|"[^"]+")$/;

/**
 * Creates an embedded-database driver: one PGlite instance, created on first use, whose only
 * session is leased to one pool client at a time. Keeps no module-level state.
 */
export function createPGliteDriver(options: PGliteDriverOptions = {}): PGliteDriver {
  const leaseTimeoutMs = options.leaseTimeoutMs ?? DEFAULT_LEASE_TIMEOUT_MS;
  if (!Number.isFinite(leaseTimeoutMs) || leaseTimeoutMs <= 0) {
    throw new RangeError(`leaseTimeoutMs must be a positive number, got ${leaseTimeoutMs}`);
  }
  let current: SessionPool | undefined;
  const report = (error: Error): void => {
    if (current !== undefined && current.listenerCount('error') > 0) {
      current.emit('error', error);
    } else {
      process.emitWarning(error);
    }
  };
  const session = new PGliteSession(options.dataDir, leaseTimeoutMs, report);
  // Each pool created becomes the one `pool()` answers.
  const adopt = (pool: SessionPool): void => {
    current = pool;
  };

  class Pool extends SessionPool {
    constructor(poolOptions?: unknown) {
      super(session, poolOptions);
      adopt(this);
    }
  }

  return {
    driver: { Pool },
    pool: () => (current === undefined || current.ended ? undefined : current),
    isOpen: () => session.isOpen,
    close: () => session.close(),
    listen: async (channel, callback) => {
      if (!CHANNEL.test(channel)) {
        throw new Error(`Not a valid channel name: ${channel}`);
      }
      const deliver = (payload: string): void => {
        try {
          callback(payload);
        } catch (error) {
          report(toError(error));
        }
      };
      const subscription = await session.run(async (db) => ({ db, unlisten: await db.listen(channel, deliver) }));
      let subscribed = true;
      return async () => {
        if (subscribed) {
          subscribed = false;
          await session.runOn(subscription.db, () => subscription.unlisten());
        }
      };
    },
  };
}

/**
 * The {@link SessionPool} behind a TypeORM data source built on a {@link PGliteDriver}, for plain
 * SQL on the hot path; `undefined` for any other data source (e.g. real PostgreSQL).
 */
export function sessionPoolOf(dataSource: DataSource): SessionPool | undefined {
  const master: unknown = Reflect.get(dataSource.driver, 'master');
  return master instanceof SessionPool ? master : undefined;
}
