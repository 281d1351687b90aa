import type { PGlite, Results } from '@electric-sql/pglite';
import { types } from 'pg';

/** A column of a result, as far as PGlite describes it. */
export interface PgField {
  name: string;
  dataTypeID: number;
}

/** The part of node-postgres' `QueryResult` that PGlite can fill. */
export interface PgQueryResult<R = Record<string, unknown>> {
  /** The command tag's verb (`SELECT`, `UPDATE`, `CREATE`...), null for an empty query. */
  command: string | null;
  /** The count from the command tag, null when the tag has none (`CREATE TABLE`). */
  rowCount: number | null;
  rows: R[];
  fields: PgField[];
}

/** The object form of a query, as node-postgres accepts it (`name` is accepted and ignored). */
export interface PgQueryConfig {
  text: string;
  values?: readonly unknown[];
  rowMode?: 'array';
  name?: string;
}

/** node-postgres' callback style. */
export type PgQueryCallback<R> = (error: Error | undefined, result?: PgQueryResult<R>) => void;

/** A query, once node-postgres' argument forms are told apart. */
export interface NormalisedQuery<R> {
  text: string;
  values: readonly unknown[] | undefined;
  rowMode: 'array' | undefined;
  callback: PgQueryCallback<R> | undefined;
}

/** A function of pg's untyped internals: JavaScript lets it be called with any argument. */
type Untyped = (value: unknown) => unknown;

function isUntypedFunction(value: unknown): value is Untyped {
  return typeof value === 'function';
}

function loadPrepareValue(): Untyped {
  // pg publishes its parameter conversion only on an untyped subpath (its exports map allows `pg/lib/*`),
  // which has no type declarations to import it with, so it is required and checked at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const utils: unknown = require('pg/lib/utils');
  if (typeof utils === 'object' && utils !== null && 'prepareValue' in utils) {
    const prepare = utils.prepareValue;
    if (isUntypedFunction(prepare)) {
      return (value) => prepare(value);
    }
  }
  throw new Error('pg/lib/utils does not export prepareValue: unsupported version of the pg package');
}

const prepareValue = loadPrepareValue();

/**
 * Converts a parameter exactly as node-postgres does (Dates in local time, objects as JSON, arrays
 * as array literals...), then bytes to bytea hex text, so PGlite receives text and a value that
 * would fail on PostgreSQL through pg fails here too.
 */
export function preparePgValue(value: unknown): string | null {
  const prepared = prepareValue(value);
  if (prepared === null || prepared === undefined) {
    return null;
  }
  if (Buffer.isBuffer(prepared)) {
    return `\\x${prepared.toString('hex')}`;
  }
  if (typeof prepared !== 'string') {
    // pg's conversion only yields text, bytes or null; pg could not send anything else either.
    throw new TypeError(`pg prepared a query parameter as ${typeof prepared}, expected text, bytes or null`);
  }
  return prepared;
}

function pgTextParser(oid: number): (text: string) => unknown {
  return (text) => {
    // Looked up on each value, like pg at each query, so `types.setTypeParser` applies here too.
    const parse: unknown = types.getTypeParser(oid, 'text');
    if (!isUntypedFunction(parse)) {
      return text;
    }
    return parse(text);
  };
}

function passThrough(value: unknown): string {
  return String(value);
}

/**
 * Makes `db` parse every type the way pg does (jsonb as objects, timestamptz as Date, int8 and
 * numeric as strings, arrays...) and send parameters as {@link preparePgValue} prepared them.
 * Runs after PGlite's own initialisation, which installs array parsers that would override ours.
 */
export async function installPgTypeHandling(db: PGlite): Promise<void> {
  const { rows } = await db.query<{ oid: unknown }>('SELECT oid FROM pg_catalog.pg_type');
  for (const { oid } of rows) {
    if (typeof oid === 'number') {
      db.parsers[oid] = pgTextParser(oid);
      db.serializers[oid] = passThrough;
    }
  }
}

/** Shapes a PGlite result like node-postgres' `QueryResult`. */
export function toPgResult<R>(result: Results<R> | undefined): PgQueryResult<R> {
  return {
    command: result?.command ?? null,
    rowCount: result?.rowCount ?? null,
    rows: result?.rows ?? [],
    fields: result?.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })) ?? [],
  };
}

function isQueryConfig(value: unknown): value is PgQueryConfig {
  return typeof value === 'object' && value !== null && 'text' in value && typeof value.text === 'string';
}

/** Tells node-postgres' `query(text | config, values?, callback?)` forms apart. */
export function normaliseQuery<R>(
  textOrConfig: string | PgQueryConfig,
  valuesOrCallback?: readonly unknown[] | PgQueryCallback<R>,
  callback?: PgQueryCallback<R>,
): NormalisedQuery<R> {
  if (typeof textOrConfig !== 'string' && !isQueryConfig(textOrConfig)) {
    throw new TypeError('The PGlite driver runs text queries only (no query streams or other submittables)');
  }
  const config = typeof textOrConfig === 'string' ? { text: textOrConfig } : textOrConfig;
  const values = typeof valuesOrCallback === 'function' ? config.values : (valuesOrCallback ?? config.values);
  return {
    text: config.text,
    values,
    rowMode: config.rowMode,
    callback: typeof valuesOrCallback === 'function' ? valuesOrCallback : callback,
  };
}

/**
 * Runs a query as node-postgres would: with parameters through the extended protocol, without
 * through the simple one, where a string may hold several statements. Of several results, the
 * last is returned (pg would return an array of them).
 */
export async function runPgQuery<R>(db: PGlite, query: NormalisedQuery<R>): Promise<PgQueryResult<R>> {
  const options = query.rowMode === 'array' ? { rowMode: 'array' as const } : undefined;
  if (query.values === undefined || query.values.length === 0) {
    const results = await db.exec(query.text, options);
    // Rows are typed by the caller, as with pg's `query<R>()`; exec() cannot carry the type.
    return toPgResult(results.at(-1) as Results<R> | undefined);
  }
  return toPgResult(await db.query<R>(query.text, query.values.map(preparePgValue), options));
}

/** Runs `run` and answers in the caller's style: a promise, or the callback (then `undefined`). */
export function answer<R>(
  run: () => Promise<PgQueryResult<R>>,
  callback: PgQueryCallback<R> | undefined,
): Promise<PgQueryResult<R>> | undefined {
  const result = run();
  if (callback === undefined) {
    return result;
  }
  result.then(
    (value) => callback(undefined, value),
    (error: unknown) => callback(toError(error)),
  );
  return undefined;
}

/** Keeps an Error as it is (with its SQLSTATE `code`), wraps anything else. */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
