/**
 * The JSON text stored for a value (`undefined` is stored as null), or why it cannot be stored:
 * a cycle, a BigInt, nesting too deep for the serialiser, or a top-level value JSON has no text
 * for (a function, a symbol).
 */
export function toJsonText(value: unknown): { text: string } | { problem: string } {
  try {
    const text: unknown = JSON.stringify(value === undefined ? null : value);
    return typeof text === 'string' ? { text } : { problem: `a ${typeof value} has no JSON form` };
  } catch (error) {
    // JSON.stringify recurses once per level: thousands of levels overflow the stack, which the
    // engine reports only as "Maximum call stack size exceeded".
    if (error instanceof RangeError) return { problem: `it is nested too deeply to serialise (${error.message})` };
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
