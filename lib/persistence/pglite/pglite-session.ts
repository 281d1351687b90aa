import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { installPgTypeHandling } from './pg-compat';

/**
 * Thrown to a caller that waited `timeoutMs` behind one holder of the embedded database's only
 * session. With a single session, a query issued on the data source while a transaction of the
 * same process holds the session can never run (as with a pg pool of one), so it fails instead.
 */
export class PGliteLeaseTimeoutError extends Error {
  override readonly name = 'PGliteLeaseTimeoutError';

  constructor(
    /** How long this caller waited, in milliseconds. */
    readonly waitedMs: number,
    /** How long the current holder had held the session when this caller gave up, in milliseconds. */
    readonly heldMs: number,
  ) {
    super(
      `Waited ${waitedMs} ms for the embedded database (PGlite) session while another client held it for ` +
        `${heldMs} ms. This usually means a query was issued on the data source inside a transaction ` +
        '(nested use): with a single session it would wait for itself forever. Inside a transaction, ' +
        "run every query through the transaction's EntityManager or QueryRunner.",
    );
  }
}

/** An exclusive hold on the session; `release()` passes it on and is idempotent. */
export interface Lease {
  /** A bound function: it may be handed on detached from its lease. */
  readonly release: () => void;
}

interface Waiter {
  enqueuedAt: number;
  grant(lease: Lease): void;
  fail(error: Error): void;
}

/**
 * A FIFO lock with a watchdog. A waiter fails once it has waited `timeoutMs` behind the same holder;
 * the clock restarts whenever the lease changes hands, so a long queue of short leases never fails.
 */
export class LeaseQueue {
  #heldSince: number | undefined;
  readonly #waiters: Waiter[] = [];
  #watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  /** Whether a caller holds the lease now. */
  get held(): boolean {
    return this.#heldSince !== undefined;
  }

  /** How many callers wait for the lease. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolves when the caller holds the lease; rejects with {@link PGliteLeaseTimeoutError}. */
  acquire(): Promise<Lease> {
    if (this.#heldSince === undefined) {
      return Promise.resolve(this.#grant());
    }
    return new Promise<Lease>((grant, fail) => {
      this.#waiters.push({ enqueuedAt: Date.now(), grant, fail });
      this.#arm();
    });
  }

  /** Fails every waiting caller with `error`; the current holder keeps the lease. */
  failWaiting(error: Error): void {
    const waiters = this.#waiters.splice(0);
    this.#arm();
    for (const waiter of waiters) {
      waiter.fail(error);
    }
  }

  #grant(): Lease {
    this.#heldSince = Date.now();
    let released = false;
    return {
      release: () => {
        if (released) {
          return;
        }
        released = true;
        this.#passOn();
      },
    };
  }

  #passOn(): void {
    this.#heldSince = undefined;
    const next = this.#waiters.shift();
    if (next) {
      next.grant(this.#grant());
    }
    this.#arm();
  }

  #deadline(waiter: Waiter, heldSince: number): number {
    return Math.max(waiter.enqueuedAt, heldSince) + this.timeoutMs;
  }

  #arm(): void {
    clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
    const head = this.#waiters[0];
    if (head === undefined || this.#heldSince === undefined) {
      return;
    }
    const delay = this.#deadline(head, this.#heldSince) - Date.now();
    this.#watchdog = setTimeout(() => this.#expire(), Math.max(0, delay));
  }

  #expire(): void {
    const heldSince = this.#heldSince;
    const now = Date.now();
    // Waiters are in arrival order, so the expired ones are a prefix of the queue.
    for (let head = this.#waiters[0]; head && heldSince !== undefined; head = this.#waiters[0]) {
      if (this.#deadline(head, heldSince) > now) {
        break;
      }
      this.#waiters.shift();
      head.fail(new PGliteLeaseTimeoutError(now - head.enqueuedAt, now - heldSince));
    }
    this.#arm();
  }
}

/** The one PGlite session, held exclusively until `release()` (idempotent). */
export interface LeasedSession {
  readonly db: PGlite;
  release(): void;
}

/**
 * One PGlite instance and the FIFO lease on its only session. The instance is created on first
 * use, re-created on use after `close()`, and closed once the last attached pool ends.
 */
export class PGliteSession {
  readonly #queue: LeaseQueue;
  #db: PGlite | undefined;
  #opening: Promise<PGlite> | undefined;
  #closing: Promise<void> | undefined;
  #attached = 0;

  constructor(
    private readonly dataDir: string | undefined,
    leaseTimeoutMs: number,
    private readonly report: (error: Error) => void,
  ) {
    this.#queue = new LeaseQueue(leaseTimeoutMs);
  }

  /** Whether the PGlite instance exists and is open. */
  get isOpen(): boolean {
    return this.#db !== undefined && !this.#db.closed;
  }

  /** Whether a caller holds the session now. */
  get isLeased(): boolean {
    return this.#queue.held;
  }

  /** How many callers wait for the session. */
  get waitingCount(): number {
    return this.#queue.waiting;
  }

  /** Waits for the session (FIFO), creating the PGlite instance if needed. */
  async lease(): Promise<LeasedSession> {
    for (;;) {
      // Open before queueing: the first open takes seconds and must not count against waiters' timeouts.
      const db = await this.#open();
      const lease = await this.#queue.acquire();
      if (db === this.#db && !db.closed) {
        let held = true;
        const release = (): void => {
          // A second release must not run the hand-off against the next holder's transaction.
          if (held) {
            held = false;
            void this.#handOff(db, lease.release);
          }
        };
        return { db, release };
      }
      lease.release();
    }
  }

  /** Runs `work` holding the session. */
  async run<T>(work: (db: PGlite) => Promise<T>): Promise<T> {
    const session = await this.lease();
    try {
      return await work(session.db);
    } finally {
      session.release();
    }
  }

  /** Runs `work` holding the session if `db` is still the open instance; otherwise does nothing. */
  async runOn(db: PGlite, work: () => Promise<void>): Promise<void> {
    if (db !== this.#db || db.closed) {
      return;
    }
    await this.run(async (current) => {
      if (current === db) {
        await work();
      }
    });
  }

  /** Counts a pool that uses the session. */
  attach(): void {
    this.#attached += 1;
  }

  /** Forgets a pool; the last one to go closes the instance. */
  async detach(): Promise<void> {
    this.#attached -= 1;
    if (this.#attached === 0) {
      await this.close();
    }
  }

  /**
   * Fails the waiting callers, waits for the current holder (at most the lease timeout) and closes
   * the instance. Later use opens a new one.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown().finally(() => {
      this.#closing = undefined;
    });
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    await this.#opening?.catch(() => undefined);
    this.#queue.failWaiting(new Error('The embedded database (PGlite) was closed while waiting for its session'));
    const lease = await this.#queue.acquire().catch(() => undefined);
    try {
      const db = this.#db;
      this.#db = undefined;
      if (db !== undefined && !db.closed) {
        await db.close();
      }
    } finally {
      lease?.release();
    }
  }

  async #open(): Promise<PGlite> {
    while (this.#closing !== undefined) {
      await this.#closing;
    }
    if (this.#db !== undefined && !this.#db.closed) {
      return this.#db;
    }
    this.#opening ??= this.#create().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #create(): Promise<PGlite> {
    let dataDir: string | undefined;
    if (this.dataDir !== undefined) {
      dataDir = resolve(this.dataDir);
      await mkdir(dataDir, { recursive: true });
    }
    const db = await PGlite.create(dataDir);
    try {
      await installPgTypeHandling(db);
    } catch (error) {
      await db.close();
      throw error;
    }
    this.#db = db;
    return db;
  }

  /** A transaction left open by the previous holder must not leak into the next one's work. */
  async #handOff(db: PGlite, passOn: () => void): Promise<void> {
    try {
      if (!db.closed && db.isInTransaction()) {
        await db.exec('ROLLBACK');
      }
    } catch (error) {
      this.report(error instanceof Error ? error : new Error(String(error)));
    } finally {
      passOn();
    }
  }
}
