/**
 * A number from a SQL row: node-postgres returns bigint and numeric columns as strings, PGlite may
 * return numbers or bigints. Null (an average over no rows) becomes `fallback`.
 */
export function toNumber(value: unknown, fallback = 0): number {
  if (value === null || value === undefined) return fallback;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : fallback;
}

/** An ISO-8601 string from a timestamptz column (a Date on both drivers), or null. */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
