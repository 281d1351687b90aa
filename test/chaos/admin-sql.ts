import { Client } from 'pg';

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function later(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs one statement on a fresh connection (the runner's queries must survive the restarts and
 * outages it causes: no connection is kept). Retries connection failures until `patienceMs`.
 */
export async function sql<R>(url: string, text: string, values: unknown[] = [], patienceMs = 30_000): Promise<R[]> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const client = new Client({
      connectionString: url,
      application_name: 'tasker-chaos-runner',
      connectionTimeoutMillis: 5000,
    });
    try {
      await client.connect();
      const result = await client.query(text, values);
      return result.rows as R[];
    } catch (error) {
      const code = (error as { code?: string }).code;
      // SQL errors are the caller's; only connection trouble (no SQLSTATE, class 08, 57P, or 55000: connections not allowed) is retried.
      const connectionTrouble =
        code === undefined || code.startsWith('08') || code.startsWith('57P') || code === '55000';
      if (!connectionTrouble || Date.now() > deadline) throw error;
      await later(200);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws naming `what`).
 * Never a fixed sleep: every wait of the run is on a condition.
 */
export async function until<T>(
  what: string,
  check: () => Promise<T>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline)
      throw new Error(`${what} did not happen within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await later(intervalMs);
  }
}
