/** The size and timing of a chaos run, from TASKER_CHAOS_* variables (defaults: the CI size). */
export interface ChaosConfig {
  /** A server to use instead of a throwaway one of the run's own (TASKER_CHAOS_DATABASE_URL); no restart scenario then. */
  serverUrl: string | undefined;
  tasks: number;
  workers: number;
  kills: number;
  sigtermRounds: number;
  pauses: number;
  leaseMs: number;
  outageMs: number;
  pauseMs: number;
  failureRate: number;
  maxStepMs: number;
  /** Longest wait for every task of a scenario to end. */
  settleTimeoutMs: number;
}

function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

export function readChaosConfig(): ChaosConfig {
  const tasks = integer('TASKER_CHAOS_TASKS', 150);
  const leaseMs = integer('TASKER_CHAOS_LEASE_MS', 2000);
  return {
    serverUrl: process.env.TASKER_CHAOS_DATABASE_URL || undefined,
    tasks,
    workers: integer('TASKER_CHAOS_WORKERS', 3),
    // 1,000 tasks: 25 kills and five pauses; the CI size: 4 kills and 2 pauses.
    kills: integer('TASKER_CHAOS_KILLS', Math.min(25, Math.max(4, Math.round(tasks / 40)))),
    sigtermRounds: integer('TASKER_CHAOS_SIGTERM_ROUNDS', 2),
    pauses: integer('TASKER_CHAOS_PAUSES', tasks >= 500 ? 5 : 2),
    leaseMs,
    outageMs: integer('TASKER_CHAOS_OUTAGE_MS', 3 * leaseMs),
    pauseMs: integer('TASKER_CHAOS_PAUSE_MS', 2 * leaseMs),
    failureRate: Number(process.env.TASKER_CHAOS_FAILURE_RATE ?? '0.1'),
    maxStepMs: integer('TASKER_CHAOS_STEP_MS', 60),
    settleTimeoutMs: integer('TASKER_CHAOS_SETTLE_MS', 90_000),
  };
}
