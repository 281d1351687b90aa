/** Runs one parameterised statement and returns its rows. */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

/** The shape both node-postgres pools and the embedded pool share. */
export interface QueryablePool {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  connect(): Promise<PooledClient>;
}

/** A connection checked out of a pool until `release()`. */
export interface PooledClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  release(error?: Error | boolean): void;
}

export function isQueryablePool(value: unknown): value is QueryablePool {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { query?: unknown }).query === 'function' &&
    typeof (value as { connect?: unknown }).connect === 'function'
  );
}
