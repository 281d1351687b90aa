import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, QueryFailedError } from 'typeorm';
import {
  createPGliteDriver,
  PGliteLeaseTimeoutError,
  type PGliteDriver,
  SessionPool,
  sessionPoolOf,
} from '../../lib/persistence/pglite/pglite-session-pool';
import { present } from '../support/present';

// Each PGlite instance costs seconds and ~750 MB: this file opens one in memory, and one on disk.
const STARTUP_MS = 60_000;

function postgresDataSource(driver: PGliteDriver): DataSource {
  return new DataSource({ type: 'postgres', driver: driver.driver, logging: false });
}

/** A promise for the next `count` payloads of `channel`, and the unsubscribe function. */
async function collect(driver: PGliteDriver, channel: string, count: number) {
  const payloads: string[] = [];
  let done: () => void = () => undefined;
  const delivered = new Promise<string[]>((resolve) => {
    done = () => resolve(payloads);
  });
  const unlisten = await driver.listen(channel, (payload) => {
    payloads.push(payload);
    if (payloads.length === count) {
      done();
    }
  });
  return { payloads, delivered, unlisten };
}

/** Lets other pending work (another transaction, a notification) run if the driver allowed it. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('PGlite session pool (in memory)', () => {
  let driver: PGliteDriver;
  let dataSource: DataSource;

  beforeAll(async () => {
    driver = createPGliteDriver({ leaseTimeoutMs: 300 });
    dataSource = postgresDataSource(driver);
    await dataSource.initialize();
    await dataSource.query(`
      CREATE TABLE job (id serial PRIMARY KEY, name text UNIQUE NOT NULL, claimed_by int, claims int NOT NULL DEFAULT 0);
      CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL);
    `);
  }, STARTUP_MS);

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const sessionPool = (): SessionPool => present(sessionPoolOf(dataSource), 'the session pool of the data source');

  it('exposes the pool TypeORM created', () => {
    const pool = sessionPoolOf(dataSource);
    expect(pool).toBeInstanceOf(SessionPool);
    expect(pool).toBe(driver.pool());
    expect(driver.isOpen()).toBe(true);
  });

  it('runs a parameterless multi-statement query that creates a plpgsql function', async () => {
    await dataSource.query(`
      CREATE TABLE counter (n int NOT NULL);
      INSERT INTO counter VALUES (41);
      CREATE FUNCTION bump_counter(step int) RETURNS int LANGUAGE plpgsql AS $$
      DECLARE result int;
      BEGIN
        UPDATE counter SET n = n + step RETURNING n INTO result;
        RETURN result;
      END;
      $$;
    `);
    expect(await dataSource.query('SELECT bump_counter($1) AS n', [1])).toEqual([{ n: 42 }]);
    expect(await dataSource.query('SELECT 1 AS a; SELECT 2 AS b')).toEqual([{ b: 2 }]);
  });

  it('runs parameterised queries with pg-shaped results', async () => {
    const inserted: unknown = await dataSource.query('INSERT INTO note (body) VALUES ($1), ($2) RETURNING body', [
      'first',
      'second',
    ]);
    expect(inserted).toEqual([{ body: 'first' }, { body: 'second' }]);
    const updated: unknown = await dataSource.query('UPDATE note SET body = upper(body) WHERE body = ANY($1)', [
      ['first', 'second'],
    ]);
    expect(updated).toEqual([[], 2]);

    const result = await sessionPool().query('SELECT body FROM note WHERE body = $1', ['FIRST']);
    expect(result).toMatchObject({ command: 'SELECT', rowCount: 1, rows: [{ body: 'FIRST' }] });
    expect(result.fields).toEqual([{ name: 'body', dataTypeID: 25 }]);
    const ddl = await sessionPool().query('CREATE TEMP TABLE scratch (x int)');
    expect(ddl).toMatchObject({ command: 'CREATE', rowCount: null, rows: [] });
  });

  it('commits a transaction, and rolls back one that throws', async () => {
    await dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO note (body) VALUES ($1)', ['committed']);
    });
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO note (body) VALUES ($1)', ['rolled back']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const rows: unknown = await dataSource.query('SELECT body FROM note WHERE body IN ($1, $2)', [
      'committed',
      'rolled back',
    ]);
    expect(rows).toEqual([{ body: 'committed' }]);
  });

  it('lets 5 concurrent transactions claim distinct rows with FOR UPDATE SKIP LOCKED', async () => {
    await dataSource.query('INSERT INTO job (name) SELECT $1 || i FROM generate_series(1, 20) AS i', ['claim-']);
    const claimOne = (worker: number): Promise<boolean> =>
      dataSource.transaction(async (manager) => {
        const [row] = await manager.query<{ id: number }[]>(
          "SELECT id FROM job WHERE claimed_by IS NULL AND name LIKE 'claim-%' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1",
        );
        if (row === undefined) {
          return false;
        }
        await yieldToEventLoop();
        await manager.query('UPDATE job SET claimed_by = $1, claims = claims + 1 WHERE id = $2', [worker, row.id]);
        return true;
      });
    const work = async (worker: number): Promise<number> => {
      let claimed = 0;
      while (await claimOne(worker)) {
        claimed += 1;
      }
      return claimed;
    };

    const perWorker = await Promise.all([1, 2, 3, 4, 5].map(work));

    expect(perWorker.reduce((sum, n) => sum + n, 0)).toBe(20);
    expect(
      await dataSource.query("SELECT count(*)::int AS n FROM job WHERE name LIKE 'claim-%' AND claims <> 1"),
    ).toEqual([{ n: 0 }]);
  });

  it('keeps a rollback in one transaction from touching a concurrent committed one', async () => {
    const failing = dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO note (body) VALUES ($1)', ['from the failing tx']);
      await yieldToEventLoop();
      throw new Error('fail');
    });
    const committing = dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO note (body) VALUES ($1)', ['from the committed tx']);
      await yieldToEventLoop();
    });

    const [failed, committed] = await Promise.allSettled([failing, committing]);

    expect(failed.status).toBe('rejected');
    expect(committed.status).toBe('fulfilled');
    expect(await dataSource.query("SELECT body FROM note WHERE body LIKE 'from the %' ORDER BY body")).toEqual([
      { body: 'from the committed tx' },
    ]);
  });

  it('turns nested use inside a transaction into a lease-timeout error, and stays usable', async () => {
    const nested = dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO note (body) VALUES ($1)', ['nested']);
      await dataSource.query('SELECT 1');
    });

    await expect(nested).rejects.toThrow(PGliteLeaseTimeoutError);
    await expect(nested).rejects.toThrow(/inside a transaction/);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM note WHERE body = $1', ['nested'])).toEqual([
      { n: 0 },
    ]);
  });

  it('rolls back a transaction left open by a released client', async () => {
    const pool = sessionPool();
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO note (body) VALUES ($1)', ['left open']);
    client.release();
    expect(() => client.release()).toThrow(/already been released/);

    expect((await pool.query('SELECT count(*)::int AS n FROM note WHERE body = $1', ['left open'])).rows).toEqual([
      { n: 0 },
    ]);
    await expect(pool.query('COMMIT')).resolves.toMatchObject({ command: 'COMMIT' });
  });

  it('supports the callback styles TypeORM uses', async () => {
    const pool = sessionPool();
    const rows = await new Promise<unknown>((resolve, reject) => {
      pool.connect((error, client, release) => {
        if (error !== undefined || client === undefined) {
          reject(error ?? new Error('connect() answered neither a client nor an error'));
          return;
        }
        client.query('SELECT $1::int AS n', [7], (queryError, result) => {
          release();
          return queryError === undefined ? resolve(result?.rows) : reject(queryError);
        });
      });
    });
    expect(rows).toEqual([{ n: 7 }]);
  });

  it('delivers pg_notify sent by a plain query to listen()', async () => {
    const { delivered, unlisten } = await collect(driver, 'tasker_plain', 1);
    await dataSource.query("SELECT pg_notify('tasker_plain', $1)", ['hello']);
    expect(await delivered).toEqual(['hello']);
    await unlisten();
  });

  it('delivers a NOTIFY sent inside a transaction only at commit, and never a rolled-back one', async () => {
    const { payloads, delivered, unlisten } = await collect(driver, 'tasker_tx', 1);
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query("NOTIFY tasker_tx, 'rolled back'");
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');

    await dataSource.transaction(async (manager) => {
      await manager.query("NOTIFY tasker_tx, 'committed'");
      await manager.query('SELECT 1');
      await yieldToEventLoop();
      expect(payloads).toEqual([]);
    });

    expect(await delivered).toEqual(['committed']);
    await unlisten();
  });

  it('keeps the SQLSTATE in error.code', async () => {
    await dataSource.query('INSERT INTO job (name) VALUES ($1)', ['unique-name']);
    const viaTypeorm = dataSource.query('INSERT INTO job (name) VALUES ($1)', ['unique-name']);
    await expect(viaTypeorm).rejects.toBeInstanceOf(QueryFailedError);
    await expect(viaTypeorm).rejects.toMatchObject({ code: '23505', constraint: 'job_name_key' });

    const viaPool = sessionPool().query('INSERT INTO job (name) VALUES ($1)', ['unique-name']);
    await expect(viaPool).rejects.toMatchObject({ code: '23505' });
    await expect(dataSource.query('SELECT 1/0')).rejects.toMatchObject({ code: '22012' });
  });

  it('parses values and prepares parameters as pg does', async () => {
    const at = new Date('2024-05-06T07:08:09.123Z');
    const [row] = await dataSource.query<Record<string, unknown>[]>(
      `SELECT $1::jsonb AS doc, $2::timestamptz AS at, 9007199254740993::bigint AS big, 1.50::numeric AS num,
              42::int4 AS small, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id, $3::text[] AS tags,
              true AS flag, NULL::jsonb AS nothing, '\\x00ff'::bytea AS bytes, '2024-05-06'::date AS day`,
      [{ a: [1, { b: 'c' }] }, at, ['x', 'y"z']],
    );

    expect(row).toEqual({
      doc: { a: [1, { b: 'c' }] },
      at,
      big: '9007199254740993',
      num: '1.50',
      small: 42,
      id: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      tags: ['x', 'y"z'],
      flag: true,
      nothing: null,
      bytes: Buffer.from([0, 255]),
      day: new Date(2024, 4, 6),
    });
    // pg sends a JS array as an array literal, which is not JSON: PostgreSQL rejects it, and so must we.
    await expect(dataSource.query('SELECT $1::jsonb AS doc', [[1, 2]])).rejects.toMatchObject({ code: '22P02' });
  });
});

describe('PGlite session pool (dataDir)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tasker-pglite-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'persists data across destroy and reopen, and closes PGlite on destroy',
    async () => {
      const location = join(dataDir, 'nested', 'db');
      const first = createPGliteDriver({ dataDir: location });
      const writer = postgresDataSource(first);
      await writer.initialize();
      await writer.query('CREATE TABLE kept (v jsonb NOT NULL)');
      await writer.query('INSERT INTO kept VALUES ($1)', [{ saved: true }]);
      await writer.destroy();
      expect(first.isOpen()).toBe(false);
      expect(first.pool()).toBeUndefined();

      const second = createPGliteDriver({ dataDir: location });
      const reader = postgresDataSource(second);
      await reader.initialize();
      try {
        expect(await reader.query('SELECT v FROM kept')).toEqual([{ v: { saved: true } }]);
      } finally {
        await reader.destroy();
      }
      expect(second.isOpen()).toBe(false);
    },
    STARTUP_MS,
  );
});
