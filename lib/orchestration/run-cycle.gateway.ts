import type { ResolvedBackoffOptions } from '../interfaces/backoff-options.interface';
import {
  expireLeasesParams,
  expireLeasesSql,
  heartbeatParams,
  heartbeatSql,
  runCycleParams,
  runCycleSql,
  type CycleRow,
  type OutcomeToWrite,
} from '../persistence/sql/run-cycle.query';
import type { TaskerDatabase } from '../persistence/tasker-database';

/** Deadlock and serialization failure: the statement changed nothing and may simply run again. */
const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40P01', '40001']);

/** What the gateway needs to know about the worker it speaks for. */
export interface GatewaySettings {
  workerId: string;
  leaseMs: number;
  /** Channel announcing ready steps. */
  readyChannel: string;
  /** The module's backoff (steps without their own fields use it when a sweep fails their runs). */
  backoff: ResolvedBackoffOptions;
}

/**
 * The worker's statements, one round trip each: run_cycle (write outcomes and claim), heartbeat
 * and expire_leases. A run_cycle that hits a deadlock or a serialization failure is sent once more.
 */
export class RunCycleGateway {
  private readonly cycleSql: string;
  private readonly heartbeatSql: string;
  private readonly sweepSql: string;

  constructor(
    private readonly database: Pick<TaskerDatabase, 'query' | 'schema'>,
    private readonly settings: GatewaySettings,
  ) {
    const { schema } = database;
    this.cycleSql = runCycleSql(schema);
    this.heartbeatSql = heartbeatSql(schema);
    this.sweepSql = expireLeasesSql(schema);
  }

  /** Writes `outcomes` and claims up to `claimLimit` due steps, in one statement. */
  async runCycle(claimLimit: number, outcomes: readonly OutcomeToWrite[]): Promise<CycleRow[]> {
    const { workerId, leaseMs, readyChannel } = this.settings;
    const params = runCycleParams({ workerId, leaseMs, claimLimit, readyChannel, outcomes });
    try {
      return await this.database.query<CycleRow>(this.cycleSql, params);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && RETRYABLE_SQLSTATES.has(code))
        return this.database.query<CycleRow>(this.cycleSql, params);
      throw error;
    }
  }

  /** Extends the leases of these steps; returns those this worker still holds. */
  async heartbeat(stepIds: readonly string[]): Promise<Set<string>> {
    const { workerId, leaseMs } = this.settings;
    const rows = await this.database.query<{ step_id: string }>(
      this.heartbeatSql,
      heartbeatParams({ workerId, stepIds, leaseMs }),
    );
    return new Set(rows.map((row) => row.step_id));
  }

  /** Turns up to `limit` runs whose lease expired into failed attempts. */
  expireLeases(limit: number): Promise<CycleRow[]> {
    const { workerId, backoff } = this.settings;
    return this.database.query<CycleRow>(this.sweepSql, expireLeasesParams({ sweeperId: workerId, limit, backoff }));
  }
}
