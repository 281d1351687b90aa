import type { DataSource } from 'typeorm';

/** Key of the session-level advisory lock that serialises migrations across processes ("tasker" in hex). */
const MIGRATION_LOCK_KEY = 0x7461736b6572;

/**
 * Creates the schema and applies pending migrations. On a real server a session advisory lock,
 * held on a connection of its own, makes processes that boot together take turns; the second finds
 * nothing left to do. The embedded database has one session and one process, so it needs no lock
 * (and taking a second connection there would wait on itself).
 */
export async function runTaskerMigrations(dataSource: DataSource, schema: string, embedded: boolean): Promise<void> {
  if (embedded) {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await lockRunner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lockRunner.release();
  }
}
