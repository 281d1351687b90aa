import { TASKER_MIGRATIONS } from '../../lib/persistence/tasker-migrations';
import { TASKER_MIGRATIONS_TABLE } from '../../lib/persistence/tasker-data-source-options';
import type { TaskerDatabase } from '../../lib/persistence/tasker-database';

/** Tasker's migrations as one database has them: applied ones and those this package would still apply. */
export interface MigrationState {
  applied: string[];
  pending: string[];
}

/** The name TypeORM records for a migration: its `name` field, else its class name. */
function migrationName(migration: new () => { name?: string }): string {
  return new migration().name ?? migration.name;
}

/** Every migration this package ships, in order. */
export function shippedMigrations(): string[] {
  return TASKER_MIGRATIONS.map((migration) => migrationName(migration));
}

/** Reads which of the shipped migrations the database has applied (none when Tasker's schema is absent). */
export async function readMigrationState(database: TaskerDatabase): Promise<MigrationState> {
  const table = `${database.schema}.${TASKER_MIGRATIONS_TABLE}`;
  const [found] = await database.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
  const rows = found?.exists === true ? await database.query<{ name: string }>(`SELECT name FROM ${table}`) : [];
  const applied = new Set(rows.map((row) => row.name));
  const shipped = shippedMigrations();
  return {
    applied: shipped.filter((name) => applied.has(name)),
    pending: shipped.filter((name) => !applied.has(name)),
  };
}
