/** The outcome of {@link raceTimeout}: the value, or the fact that time ran out first. */
export type Raced<T> = { value: T } | { timedOut: true };

/**
 * Waits for `work` at most `timeoutMs`. On a timeout the work goes on unobserved (its rejection,
 * if any, is swallowed so it is not reported as unhandled); the timer never outlives the race.
 */
export async function raceTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<Raced<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Raced<T>>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work.then((value): Raced<T> => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
