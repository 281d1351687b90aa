import { Client } from 'pg';

/**
 * Counts every query this process sends to PostgreSQL, from the outside: `pg.Client.prototype.query`
 * is wrapped once, so pooled connections (TypeORM's pool, which Tasker's hot path uses), the
 * LISTEN connection and anything else built on node-postgres are all seen: BEGIN, COMMIT, polls,
 * heartbeats, sweeps, LISTEN/UNLISTEN included. One `query()` call is one round trip (node-postgres
 * sends Parse/Bind/Execute/Sync together and waits for ReadyForQuery).
 *
 * The benchmark's own bookkeeping connections (CPU accounting, ANALYZE, sanity checks) are
 * registered with `excludeClient` and are not counted.
 *
 * A cleaner hook for lib/ would be a query observer on TaskerDatabase (or a `onQuery` option),
 * so the library can report its own round trips without patching node-postgres.
 */

type QueryFunction = (this: Client, ...args: unknown[]) => unknown;

interface QueryCounts {
  total: number;
  byKind: Map<string, number>;
}

const counts: QueryCounts = { total: 0, byKind: new Map() };
const excluded = new WeakSet<object>();
const kindCache = new Map<string, string>();
let installed = false;

/** A copy of the counters at one moment; `diff` two of them for a window. */
export interface QuerySnapshot {
  total: number;
  byKind: Record<string, number>;
}

/** Wraps `pg.Client.prototype.query` (idempotent). Call before the app connects. */
export function installQueryCounter(): void {
  if (installed) return;
  installed = true;
  const prototype = Client.prototype as unknown as { query: QueryFunction };
  const original = prototype.query;
  prototype.query = function countedQuery(this: Client, ...args: unknown[]): unknown {
    if (excluded.has(this)) return original.apply(this, args);
    counts.total += 1;
    const kind = kindOf(args[0]);
    counts.byKind.set(kind, (counts.byKind.get(kind) ?? 0) + 1);
    if (kind !== 'run_cycle') return original.apply(this, args);
    // Diagnostics of the worker's batches: outcomes sent ($5, the outcome ids) and steps claimed.
    const values = Array.isArray(args[1]) ? (args[1] as unknown[]) : [];
    const outcomes = Array.isArray(values[4]) ? values[4].length : 0;
    const limit = typeof values[2] === 'number' ? values[2] : 0;
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as (error: unknown, result: unknown) => void;
      args[args.length - 1] = (error: unknown, result: unknown): void => {
        if (error === null || error === undefined) recordCycle(outcomes, limit, result);
        callback(error, result);
      };
      return original.apply(this, args);
    }
    const returned = original.apply(this, args);
    if (returned instanceof Promise) {
      return returned.then((result: unknown) => {
        recordCycle(outcomes, limit, result);
        return result;
      });
    }
    return returned;
  };
}

/** What the worker's run_cycle round trips carried (from their parameters and result rows). */
export interface CycleStats {
  cycles: number;
  outcomes: number;
  maxOutcomes: number;
  claimed: number;
  maxClaimed: number;
  /** Sum of the claim limits asked for (free slots at the time). */
  claimLimit: number;
}

const cycles: CycleStats = { cycles: 0, outcomes: 0, maxOutcomes: 0, claimed: 0, maxClaimed: 0, claimLimit: 0 };

function recordCycle(outcomes: number, limit: number, result: unknown): void {
  const rows = typeof result === 'object' && result !== null ? (result as { rows?: unknown }).rows : undefined;
  let claimed = 0;
  if (Array.isArray(rows)) for (const row of rows) if ((row as { kind?: unknown }).kind === 'claimed') claimed += 1;
  cycles.cycles += 1;
  cycles.outcomes += outcomes;
  cycles.maxOutcomes = Math.max(cycles.maxOutcomes, outcomes);
  cycles.claimed += claimed;
  cycles.maxClaimed = Math.max(cycles.maxClaimed, claimed);
  cycles.claimLimit += limit;
}

/** The run_cycle counters now; maxima are since the last `resetCycleMaxima`. */
export function cycleSnapshot(): CycleStats {
  return { ...cycles };
}

export function resetCycleMaxima(): void {
  cycles.maxClaimed = 0;
  cycles.maxOutcomes = 0;
}

export function diffCycles(before: CycleStats, after: CycleStats): CycleStats {
  return {
    cycles: after.cycles - before.cycles,
    outcomes: after.outcomes - before.outcomes,
    maxOutcomes: after.maxOutcomes,
    claimed: after.claimed - before.claimed,
    maxClaimed: after.maxClaimed,
    claimLimit: after.claimLimit - before.claimLimit,
  };
}

/** Marks a client whose queries are the benchmark's own (not the app's). */
export function excludeClient(client: Client): Client {
  excluded.add(client);
  return client;
}

export function querySnapshot(): QuerySnapshot {
  return { total: counts.total, byKind: Object.fromEntries(counts.byKind) };
}

export function diffQueries(before: QuerySnapshot, after: QuerySnapshot): QuerySnapshot {
  const byKind: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after.byKind)) {
    const delta = n - (before.byKind[kind] ?? 0);
    if (delta > 0) byKind[kind] = delta;
  }
  return { total: after.total - before.total, byKind };
}

/** A short label for a statement: the Tasker function it calls, or its first keyword. */
function kindOf(query: unknown): string {
  const text =
    typeof query === 'string'
      ? query
      : typeof query === 'object' && query !== null && typeof (query as { text?: unknown }).text === 'string'
        ? (query as { text: string }).text
        : undefined;
  if (text === undefined) return 'other';
  const cached = kindCache.get(text);
  if (cached !== undefined) return cached;
  const head = text.slice(0, 300);
  const called =
    /\b\w+\.(run_cycle|heartbeat|expire_leases|claim_steps|apply_step_outcomes|create_task\w*|\w+)\s*\(/i.exec(
      head,
    )?.[1];
  const keyword = /^\s*(\w+)/.exec(head)?.[1]?.toUpperCase() ?? 'other';
  const kind =
    called !== undefined && keyword === 'SELECT'
      ? called.toLowerCase()
      : keyword === 'WITH' && /INSERT INTO \S+\.tasks\b/i.test(head)
        ? 'create_task'
        : keyword;
  if (kindCache.size < 1000) kindCache.set(text, kind);
  return kind;
}
