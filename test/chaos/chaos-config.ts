/** The size and timing of a chaos run, from TASKER_CHAOS_* variables (defaults: the CI size). */
export interface ChaosConfig {
  adminUrl: string;
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
  /** Restart the PostgreSQL server (needs pg_ctlcluster and the right to run it). */
  restartPostgres: boolean;
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
    adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
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
    restartPostgres: process.env.TASKER_CHAOS_PG_RESTART !== '0',
  };
}
