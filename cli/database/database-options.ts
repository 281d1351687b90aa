import { Option } from 'commander';
import { usageError } from '../cli-error';

/** The options of every command that talks to the database. */
export interface DatabaseCliOptions {
  databaseUrl?: string;
  schema?: string;
}

/** Where a command connects: the URL (from `--database-url` or `DATABASE_URL`) and Tasker's schema. */
export interface DatabaseTargetOptions {
  url: string;
  schema: string | undefined;
}

/** `--database-url` and `--schema`, added to each command that connects. */
export function databaseOptions(): Option[] {
  return [
    new Option('--database-url <url>', 'PostgreSQL connection string [env DATABASE_URL]'),
    new Option('--schema <name>', "Tasker's schema [tasker]"),
  ];
}

/**
 * The database a command connects to. The CLI never falls back to the embedded database: a
 * command against a throwaway in-memory database would report on nothing.
 */
export function databaseTarget(
  options: DatabaseCliOptions,
  env: NodeJS.ProcessEnv = process.env,
): DatabaseTargetOptions {
  const url = options.databaseUrl ?? env.DATABASE_URL;
  if (url === undefined || url === '') {
    throw usageError('No database given: pass --database-url postgres://user@host:5432/db or set DATABASE_URL');
  }
  return { url, schema: options.schema };
}
