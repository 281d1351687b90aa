/**
 * The first row of a statement that always returns one (an `INSERT … RETURNING`, a function
 * that reports its outcome as a row, a `count(*)`). None means the schema is not the one this
 * version installs, so the error names the statement rather than failing later on `undefined`.
 */
export function firstRow<R>(rows: readonly R[], statement: string): R {
  const [row] = rows;
  if (row === undefined) throw new Error(`${statement} returned no row; is the Tasker schema migrated?`);
  return row;
}
