/** The shape both node-postgres pools and the embedded pool share (one statement per call). */
export interface QueryablePool {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** With `name`: a prepared statement, parsed and planned once per connection (PGlite ignores it). */
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
}

export function isQueryablePool(value: unknown): value is QueryablePool {
  return typeof value === 'object' && value !== null && typeof (value as { query?: unknown }).query === 'function';
}
