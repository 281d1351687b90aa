/** The first row of a result that must have one; throws naming `what` when there is none. */
export function firstRow<R>(rows: readonly R[], what: string): R {
  const [row] = rows;
  if (row === undefined) throw new Error(`Expected a row for ${what}, got none`);
  return row;
}
