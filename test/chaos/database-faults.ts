import { execFile, execFileSync } from 'node:child_process';
import { sql, until } from './admin-sql';

/** The PostgreSQL cluster (Debian's pg_ctlcluster naming) serving a given port. */
export interface PgCluster {
  version: string;
  name: string;
}

/**
 * Finds the cluster that listens on `port` with `pg_lsclusters` (TASKER_CHAOS_PG_CLUSTER, e.g.
 * "15/main", overrides it). Undefined when the tools are missing: the restart fault is skipped.
 */
export function findCluster(port: number): PgCluster | undefined {
  const override = process.env.TASKER_CHAOS_PG_CLUSTER;
  if (override) {
    const [version, name] = override.split('/');
    if (!version || !name) throw new Error(`TASKER_CHAOS_PG_CLUSTER must look like 15/main, got ${override}`);
    return { version, name };
  }
  let listing: string;
  try {
    listing = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
  for (const line of listing.split('\n')) {
    const [version, name, clusterPort] = line.trim().split(/\s+/);
    if (version && name && Number(clusterPort) === port) return { version, name };
  }
  return undefined;
}

/**
 * Restarts the whole server (fast shutdown: every connection is cut) and waits until it answers;
 * `down()` is called as soon as the restart has begun.
 */
export async function restartPostgres(cluster: PgCluster, adminUrl: string, down: () => void): Promise<void> {
  const restarted = new Promise<void>((resolve, reject) => {
    execFile(
      'pg_ctlcluster',
      ['--skip-systemctl-redirect', cluster.version, cluster.name, 'restart', '-m', 'fast'],
      (error: Error | null) => (error ? reject(error) : resolve()),
    );
  });
  down();
  await restarted;
  await until(
    'PostgreSQL answering after the restart',
    () => sql(adminUrl, 'SELECT 1', [], 60_000).then(() => true),
    60_000,
  );
}

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
