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
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' || typeof value === 'number'
        ? new Date(value)
        : undefined;
  if (date === undefined) return null;
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A text column as a string; null stays null. */
export function toOptionalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value.toString();
  return JSON.stringify(value);
}

/** A text column as a string; null becomes `fallback`. */
export function toText(value: unknown, fallback = ''): string {
  return toOptionalText(value) ?? fallback;
}
