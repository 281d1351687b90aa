import type { DataSourceOptions } from 'typeorm';
import { TASKER_DEFAULT_CONNECT_TIMEOUT_MS } from '../config/tasker.defaults';
import { TASKER_MIGRATIONS } from './tasker-migrations';
import { TASKER_ENTITIES } from './entities';

/** The name of the table (in Tasker's schema) that records applied migrations. */
export const TASKER_MIGRATIONS_TABLE = 'migrations';

/** What both kinds of database share: Tasker's schema, entities and migrations, which Tasker runs itself. */
function common(schema: string): Extract<DataSourceOptions, { type: 'postgres' }> {
  return {
    type: 'postgres',
    schema,
    entities: [...TASKER_ENTITIES],
    migrations: [...TASKER_MIGRATIONS],
    migrationsTableName: TASKER_MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  };
}

/**
 * TypeORM options for Tasker's own data source on a real PostgreSQL server. The pool is Tasker's
 * alone: the host app's TypeORM connection, if any, is never touched. Opening a connection gives
 * up after `connectTimeoutMs` (node-postgres waits forever by default, so an unreachable host
 * would hang the boot).
 */
export function postgresDataSourceOptions(
  url: string,
  schema: string,
  poolSize: number,
  connectTimeoutMs = TASKER_DEFAULT_CONNECT_TIMEOUT_MS,
): DataSourceOptions {
  return {
    ...common(schema),
    url,
    poolSize,
    connectTimeoutMS: connectTimeoutMs,
    extra: { application_name: 'tasker' },
  };
}

/** TypeORM options for the embedded database, through the session-serialising PGlite driver. */
export function embeddedDataSourceOptions(driver: unknown, schema: string): DataSourceOptions {
  return { ...common(schema), driver, poolSize: 1 };
}
