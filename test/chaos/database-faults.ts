import { sql, until } from './admin-sql';

/**
 * An outage of one database: new connections are refused (ALLOW_CONNECTIONS false) and every
 * open one is terminated, for `durationMs`; then connections are allowed again. `down()` is called
 * once the first connections are cut. Returns the number of backends terminated.
 */
export async function databaseOutage(
  adminUrl: string,
  database: string,
  durationMs: number,
  down: () => void,
): Promise<number> {
  await sql(adminUrl, `ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
  try {
    const ends = Date.now() + durationMs;
    let terminated = 0;
    // Terminate until the outage is over: connections that were opening when it began still arrive.
    await until(
      'the outage to last its time',
      async () => {
        const rows = await sql<{ n: number }>(
          adminUrl,
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [database],
        );
        terminated += rows[0]?.n ?? 0;
        down();
        return Date.now() >= ends;
      },
      durationMs + 10_000,
      250,
    );
    return terminated;
  } finally {
    await sql(adminUrl, `ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
  }
}
