import { LeaseExpiredError } from '../../lib';
import { describeError } from '../../lib/orchestration/failure-policy';
import { expireLeasesParams, expireLeasesSql, type CycleRow } from '../../lib/persistence/sql/run-cycle.query';
import { uuidv7 } from '../../lib/persistence/uuid';
import { createMigratedDatabase, type MigratedDatabase } from '../support/migrated-database';
import { LEASE_EXPIRY_CASES, delayMatches, type FailureCase } from '../unit/orchestration/failure-policy.cases';
import { firstOf } from '../support/present';

const OWNER = 'lost-worker';
const SWEEPER = 'policy-sweeper';
/** Sweeps per jittered row: enough to see the draws spread, few enough to stay quick. */
const JITTER_DRAWS = 20;

interface SweptStep {
  status: string;
  attempts: number;
  /** next_attempt_at − updated_at: both are the sweep's now(), so this is the delay it wrote. */
  delay_ms: number | null;
  last_error: unknown;
}

// The lease sweep decides for many steps at once in SQL (expire_leases); these are the failure
// policy table's lease-expiry rows, run against the real function: the step's state is created,
// its lease expired, the sweep run, and the status, attempts and delay compared with the table.
describe('failure policy: lease expiry in SQL (PostgreSQL)', () => {
  let database: MigratedDatabase;
  let namedTaskId: number;
  let namedStepId: number;

  const query = <R>(sql: string, values: unknown[] = []): Promise<R[]> => database.dataSource.query(sql, values);

  beforeAll(async () => {
    database = await createMigratedDatabase();
    const namespace = firstOf(
      await query<{ id: number }>(`INSERT INTO tasker.namespaces (name) VALUES ('policy') RETURNING id`),
      'namespace row',
    );
    const task = firstOf(
      await query<{ id: number }>(
        `INSERT INTO tasker.named_tasks (namespace_id, name, version) VALUES ($1, 'lease', '1.0.0') RETURNING id`,
        [namespace.id],
      ),
      'named task row',
    );
    const step = firstOf(
      await query<{ id: number }>(
        `INSERT INTO tasker.named_steps (named_task_id, name, handler) VALUES ($1, 'work', 'policy.work') RETURNING id`,
        [task.id],
      ),
      'named step row',
    );
    namedTaskId = task.id;
    namedStepId = step.id;
  });

  afterAll(async () => {
    await database?.close();
  });

  /** A task whose only step runs attempt `row.attempt` under a lease that has just expired. */
  async function expiredRun(row: FailureCase): Promise<string> {
    const taskId = uuidv7();
    const stepId = uuidv7();
    await query(
      `INSERT INTO tasker.tasks (id, named_task_id, namespace, name, version, status, context, total_steps, active_steps, started_at)
       VALUES ($1, $2, 'policy', 'lease', '1.0.0', 'in_progress', '{}', 1, 1, now())`,
      [taskId, namedTaskId],
    );
    await query(
      `INSERT INTO tasker.steps (id, task_id, named_step_id, name, position, status, retryable, attempts, max_attempts, backoff,
                                 lease_owner, lease_expires_at, last_attempted_at)
       VALUES ($1, $2, $3, 'work', 0, 'in_progress', $4, $5, $6, $7::jsonb, $8, now() - interval '1 second', now())`,
      [
        stepId,
        taskId,
        namedStepId,
        row.retryable,
        row.attempt,
        row.maxAttempts,
        row.stepBackoff === undefined ? null : JSON.stringify(row.stepBackoff),
        OWNER,
      ],
    );
    return stepId;
  }

  async function sweep(row: FailureCase): Promise<CycleRow[]> {
    return query<CycleRow>(
      expireLeasesSql('tasker'),
      expireLeasesParams({ sweeperId: SWEEPER, limit: 100, backoff: row.backoff }),
    );
  }

  async function stepState(stepId: string): Promise<SweptStep> {
    const rows = await query<SweptStep>(
      `SELECT status, attempts, last_error,
              (extract(epoch FROM next_attempt_at - updated_at) * 1000)::int AS delay_ms
       FROM tasker.steps WHERE id = $1`,
      [stepId],
    );
    return firstOf(rows, `step ${stepId}`);
  }

  it.each(LEASE_EXPIRY_CASES.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const stepId = await expiredRun(row);
    const rows = await sweep(row);
    const stepRow = rows.find((candidate) => candidate.kind === 'step');
    expect(stepRow).toMatchObject({ step_id: stepId, attempt: row.attempts });
    const state = await stepState(stepId);
    expect(state.attempts).toBe(row.attempts);
    expect(state.last_error).toEqual(describeError(new LeaseExpiredError(OWNER, row.attempt)));

    const { expected } = row;
    if (expected.kind !== 'retry') {
      expect([stepRow?.status, state.status, state.delay_ms]).toEqual(['error', 'error', null]);
      return;
    }
    expect([stepRow?.status, state.status]).toEqual(['waiting_for_retry', 'waiting_for_retry']);
    const delays = [stepRow?.retry_in_ms ?? -1];
    expect(state.delay_ms).toBe(delays[0]);
    if (typeof expected.delayMs !== 'number') {
      // the same run lost again and again: every draw within the bounds, and not all alike
      for (let draw = 1; draw < JITTER_DRAWS; draw++) {
        await query(
          `UPDATE tasker.steps SET status = 'in_progress', lease_owner = $2, lease_expires_at = now() - interval '1 second',
                                   next_attempt_at = NULL
           WHERE id = $1`,
          [stepId, OWNER],
        );
        const [again] = (await sweep(row)).filter((candidate) => candidate.kind === 'step');
        delays.push(again?.retry_in_ms ?? -1);
      }
      expect(new Set(delays).size).toBeGreaterThan(1);
    }
    expect(delays.filter((delay) => !delayMatches(expected.delayMs, delay))).toEqual([]);
  });
});
