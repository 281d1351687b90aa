/**
 * Narrowing for tests: a missing row, array item or map entry fails right there, with a message
 * that names it, instead of as a TypeError on `undefined` further down.
 */

/** `value`, or a thrown error naming `what` when it is undefined. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Expected ${what}, found none`);
  return value;
}

/** The item at `index` (negative counts from the end, as `Array.prototype.at` does); throws when there is none. */
export function itemAt<T>(items: readonly T[], index: number, what = 'item'): T {
  return present(items.at(index), `${what} at index ${index} (of ${items.length})`);
}

/** The first item; throws when `items` is empty. */
export function firstOf<T>(items: readonly T[], what = 'item'): T {
  return itemAt(items, 0, what);
}

/** The last item; throws when `items` is empty. */
export function lastOf<T>(items: readonly T[], what = 'item'): T {
  return itemAt(items, -1, what);
}
