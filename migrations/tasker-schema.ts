import type { QueryRunner } from 'typeorm';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Whether `name` is a schema name Tasker accepts (lower-case SQL identifier, no quoting needed). */
export function isValidSchemaName(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * The schema a migration runs in: the data source's `schema` option, else `tasker`. Tasker's own
 * data source always sets it; a host app that lists TASKER_MIGRATIONS in its own data source gets
 * `tasker` unless it sets one.
 */
export function taskerSchema(queryRunner: QueryRunner): string {
  const options = queryRunner.connection.options as { schema?: string };
  const schema = options.schema ?? 'tasker';
  if (!isValidSchemaName(schema)) {
    throw new Error(`Tasker schema name "${schema}" is not a plain lower-case SQL identifier`);
  }
  return schema;
}

/** Replaces every `{{schema}}` in `sql` with the schema name. */
export function inSchema(schema: string, sql: string): string {
  return sql.replace(/\{\{schema\}\}/g, schema);
}
