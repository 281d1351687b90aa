/**
 * Polls `check` every `intervalMs` until it returns a truthy value (which is returned) or
 * `timeoutMs` passes (then rejects, naming `what` and the last value seen). For conditions that
 * have no event to wait on; never a fixed sleep.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 10_000, intervalMs = 10, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() >= deadline) {
      throw new Error(`waitFor: ${what} did not hold within ${timeoutMs} ms (last value: ${describe(last)})`);
    }
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
