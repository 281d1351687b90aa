// Types of scripts/dump-schema.js, for the schema snapshot spec.

/** A PostgreSQL version: the major number and the full text. */
export interface PgVersion {
  major: number;
  full: string;
}

/** The pg_dump and server versions a dump was made with. */
export interface DumpVersions {
  pgDump: PgVersion;
  server: PgVersion;
}

/** Absolute path of test/schema.sql. */
export const SCHEMA_SNAPSHOT_PATH: string;

/** Removes from a pg_dump text everything that varies with the pg_dump/server version or per run. */
export function normalizeSchemaDump(dump: string): string;

/** The normalised `pg_dump --schema-only --schema=<schema> --no-owner --no-privileges` of the database at `url`. */
export function dumpSchema(url: string, schema?: string): Promise<string>;

/** Versions of the pg_dump binary (PG_DUMP or `pg_dump` on PATH) and of the server at `url`. */
export function pgDumpVersion(): Promise<PgVersion>;
export function serverVersion(url: string): Promise<PgVersion>;

/** Splits a snapshot file into its header line (which names the versions) and the dump. */
export function parseSnapshot(text: string): { header: string | undefined; dump: string };

/**
 * A unified diff (`-` expected, `+` actual) with `context` lines around changes; '' when equal.
 * Hunk headers give the expected text's line numbers, counted from `firstLine` (default 1).
 */
export function diffLines(expected: string, actual: string, context?: number, firstLine?: number): string;

/** Undefined when `liveDump` matches the snapshot text, else a message with the diff and the fix. */
export function compareWithSnapshot(snapshotText: string, liveDump: string, versions: DumpVersions): string | undefined;

/** Creates a temporary database, lets `migrate(url)` install the schema, dumps it and drops the database. */
export function dumpFreshlyMigratedSchema(
  migrate: (url: string) => Promise<void>,
  adminUrl?: string,
): Promise<{ dump: string; versions: DumpVersions }>;
