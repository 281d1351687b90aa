import { TASKER_MIGRATIONS_TABLE } from '../persistence/tasker-data-source-options';

/** Names of the migrations recorded as applied in Tasker's schema (TypeORM's migrations table). */
export const appliedMigrationsSql = (schema: string): string => `SELECT name FROM ${schema}.${TASKER_MIGRATIONS_TABLE}`;
