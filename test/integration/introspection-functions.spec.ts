import type { QueryRunner } from 'typeorm';
import { CreateIntrospectionFunctions1764403200001 } from '../../migrations';
import { createMigratedDatabase, type MigratedDatabase } from '../support/migrated-database';
import { firstOf, present } from '../support/present';
import { queryRows } from '../support/query-rows';

// Every test builds its rows with plain SQL inside a transaction that is rolled back, so the
// system-wide functions (health counts, analytics) only ever see that test's rows, and now() is
// one fixed instant for the whole test. Times are given in seconds relative to that now().

type StepStatus =
  'pending' | 'in_progress' | 'waiting_for_retry' | 'complete' | 'error' | 'cancelled' | 'resolved_manually';
type TaskStatus = 'pending' | 'in_progress' | 'complete' | 'error' | 'cancelled' | 'resolved_manually';

interface StepSpec {
  name: string;
  status?: StepStatus;
  dependsOn?: string[];
  attempts?: number;
  maxAttempts?: number;
  retryable?: boolean;
  unfinishedParents?: number;
  nextAttemptAt?: number | null;
  lastAttemptedAt?: number | null;
  completedAt?: number | null;
  updatedAt?: number;
}

interface TaskSpec {
  namespace?: string;
  name?: string;
  version?: string;
  status?: TaskStatus;
  createdAt?: number;
  startedAt?: number | null;
  completedAt?: number | null;
  initiator?: string | null;
  sourceSystem?: string | null;
  steps: StepSpec[];
}

interface CreatedTask {
  id: string;
  steps: Record<string, string>;
}

/** `now() + secs` for a seconds offset, NULL for null. */
const AT = (param: string) => `now() + make_interval(secs => ${param}::float8)`;

async function insertTask(q: QueryRunner, spec: TaskSpec): Promise<CreatedTask> {
  const namespace = spec.namespace ?? 'intro';
  const name = spec.name ?? 'flow';
  const version = spec.version ?? '1.0.0';
  const ns = firstOf(
    await queryRows<{ id: number }>(
      q,
      `INSERT INTO tasker.namespaces (name) VALUES ($1)
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [namespace],
    ),
  );
  const namedTask = firstOf(
    await queryRows<{ id: number }>(
      q,
      `INSERT INTO tasker.named_tasks (namespace_id, name, version) VALUES ($1, $2, $3)
     ON CONFLICT (namespace_id, name, version) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [ns.id, name, version],
    ),
  );
  const createdAt = spec.createdAt ?? 0;
  const task = firstOf(
    await queryRows<{ id: string }>(
      q,
      `INSERT INTO tasker.tasks (id, named_task_id, namespace, name, version, status, context, initiator, source_system,
                               total_steps, created_at, updated_at, started_at, completed_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, '{}'::jsonb, $6, $7, $8, ${AT('$9')}, ${AT('$9')}, ${AT('$10')}, ${AT('$11')})
     RETURNING id`,
      [
        namedTask.id,
        namespace,
        name,
        version,
        spec.status ?? 'pending',
        spec.initiator ?? null,
        spec.sourceSystem ?? null,
        spec.steps.length,
        createdAt,
        spec.startedAt === undefined ? null : spec.startedAt,
        spec.completedAt === undefined ? null : spec.completedAt,
      ],
    ),
  );
  const steps: Record<string, string> = {};
  for (const [position, step] of spec.steps.entries()) {
    const namedStep = firstOf(
      await queryRows<{ id: number }>(
        q,
        `INSERT INTO tasker.named_steps (named_task_id, name, handler) VALUES ($1, $2, 'test.handler')
       ON CONFLICT (named_task_id, name) DO UPDATE SET handler = EXCLUDED.handler RETURNING id`,
        [namedTask.id, step.name],
      ),
    );
    const row = firstOf(
      await queryRows<{ id: string }>(
        q,
        `INSERT INTO tasker.steps (id, task_id, named_step_id, name, position, status, retryable, attempts, max_attempts,
                                 total_parents, unfinished_parents, next_attempt_at, last_attempted_at, completed_at,
                                 created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ${AT('$11')}, ${AT('$12')}, ${AT('$13')},
               ${AT('$14')}, ${AT('$15')})
       RETURNING id`,
        [
          task.id,
          namedStep.id,
          step.name,
          position,
          step.status ?? 'pending',
          step.retryable ?? true,
          step.attempts ?? 0,
          step.maxAttempts ?? 3,
          step.dependsOn?.length ?? 0,
          step.unfinishedParents ?? 0,
          step.nextAttemptAt ?? null,
          step.lastAttemptedAt ?? null,
          step.completedAt ?? null,
          createdAt,
          step.updatedAt ?? createdAt,
        ],
      ),
    );
    steps[step.name] = row.id;
  }
  for (const step of spec.steps) {
    for (const parent of step.dependsOn ?? []) {
      await q.query(`INSERT INTO tasker.step_edges (task_id, parent_id, child_id) VALUES ($1, $2, $3)`, [
        task.id,
        steps[parent],
        steps[step.name],
      ]);
    }
  }
  return { id: task.id, steps };
}

/** A diamond: start → (left, right) → join, with the given status per step. */
function diamond(
  statuses: Partial<Record<'start' | 'left' | 'right' | 'join', Omit<StepSpec, 'name' | 'dependsOn'>>> = {},
): StepSpec[] {
  return [
    { name: 'start', ...statuses.start },
    { name: 'left', dependsOn: ['start'], ...statuses.left },
    { name: 'right', dependsOn: ['start'], ...statuses.right },
    { name: 'join', dependsOn: ['left', 'right'], ...statuses.join },
  ];
}

/** a → b → c */
function chain(statuses: Partial<Record<'a' | 'b' | 'c', Omit<StepSpec, 'name' | 'dependsOn'>>> = {}): StepSpec[] {
  return [
    { name: 'a', ...statuses.a },
    { name: 'b', dependsOn: ['a'], ...statuses.b },
    { name: 'c', dependsOn: ['b'], ...statuses.c },
  ];
}

interface ReadinessRow {
  step_id: string;
  task_id: string;
  name: string;
  position: number;
  status: string;
  total_parents: number;
  completed_parents: number;
  dependencies_satisfied: boolean;
  retry_eligible: boolean;
  ready_for_execution: boolean;
  blocked_by: string;
  waiting_on: string[];
  attempts: number;
  max_attempts: number;
  next_retry_at: Date | null;
  last_attempted_at: Date | null;
}

/** The columns of a `slowest_tasks()` row that the tests read one by one. */
interface SlowTaskRow {
  task_id: string;
  duration_ms: number;
  step_count: number;
  completed_steps: number;
  error_steps: number;
  status: string;
  initiator: string | null;
}

interface ContextRow {
  task_id: string;
  status: string;
  total_steps: number;
  pending_steps: number;
  in_progress_steps: number;
  waiting_steps: number;
  completed_steps: number;
  failed_steps: number;
  cancelled_steps: number;
  ready_steps: number;
  execution_status: string;
  recommended_action: string;
  completion_percentage: string;
  health_status: string;
}

/** The step names of {@link diamond} and {@link chain}, for {@link byName}. */
const DIAMOND = ['start', 'left', 'right', 'join'] as const;
const CHAIN = ['a', 'b', 'c'] as const;

/** The rows of the steps `names`, by name; throws when one of them has no row. */
function byName<N extends string>(rows: ReadinessRow[], names: readonly N[]): Record<N, ReadinessRow> {
  const steps = {} as Record<N, ReadinessRow>;
  for (const name of names)
    steps[name] = present(
      rows.find((row) => row.name === name),
      `a readiness row for step ${name}`,
    );
  return steps;
}

/** The parts of a readiness row that say why a step is (not) ready. */
function why(row: ReadinessRow) {
  return {
    status: row.status,
    ready: row.ready_for_execution,
    blockedBy: row.blocked_by,
    waitingOn: row.waiting_on,
    parents: `${row.completed_parents}/${row.total_parents}`,
    satisfied: row.dependencies_satisfied,
  };
}

/** The counts and verdicts of a context row. */
function verdict(row: ContextRow) {
  return {
    total: row.total_steps,
    pending: row.pending_steps,
    inProgress: row.in_progress_steps,
    waiting: row.waiting_steps,
    completed: row.completed_steps,
    failed: row.failed_steps,
    cancelled: row.cancelled_steps,
    ready: row.ready_steps,
    executionStatus: row.execution_status,
    recommendedAction: row.recommended_action,
    completionPercentage: row.completion_percentage,
    health: row.health_status,
  };
}

describe('introspection SQL functions (PostgreSQL)', () => {
  let db: MigratedDatabase;

  beforeAll(async () => {
    db = await createMigratedDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  /** Runs `fn` in a transaction that is always rolled back. */
  async function scenario<T>(fn: (q: QueryRunner) => Promise<T>): Promise<T> {
    const q = db.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      return await fn(q);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  }

  const readiness = (q: QueryRunner, taskId: string): Promise<ReadinessRow[]> =>
    queryRows<ReadinessRow>(q, `SELECT * FROM tasker.step_readiness_status($1)`, [taskId]);
  const context = async (q: QueryRunner, taskId: string): Promise<ContextRow> => {
    const rows = await queryRows<ContextRow>(q, `SELECT * FROM tasker.task_execution_context($1)`, [taskId]);
    expect(rows).toHaveLength(1);
    return firstOf(rows);
  };
  const nowPlus = async (q: QueryRunner, secs: number): Promise<Date> =>
    firstOf(await queryRows<{ at: Date }>(q, `SELECT ${AT('$1')} AS at`, [secs])).at;

  describe('installation', () => {
    const FUNCTIONS = [
      'analytics_metrics',
      'dependency_levels',
      'slowest_steps',
      'slowest_tasks',
      'step_readiness_status',
      'step_readiness_status_batch',
      'system_health_counts',
      'task_execution_context',
      'task_execution_contexts_batch',
    ];
    const installed = (q: QueryRunner): Promise<Array<{ name: string; commented: boolean }>> =>
      queryRows<{ name: string; commented: boolean }>(
        q,
        `SELECT p.proname AS name, obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'tasker' AND p.proname = ANY ($1) ORDER BY p.proname`,
        [FUNCTIONS],
      );

    it('creates every function, each with a comment', async () => {
      await scenario(async (q) => {
        expect(await installed(q)).toEqual(FUNCTIONS.map((name) => ({ name, commented: true })));
      });
    });

    it('drops them all on down', async () => {
      await scenario(async (q) => {
        await new CreateIntrospectionFunctions1764403200001().down(q);
        expect(await installed(q)).toEqual([]);
      });
    });
  });

  describe('step_readiness_status and task_execution_context', () => {
    it('a fresh diamond: only the root is ready', async () => {
      await scenario(async (q) => {
        // the join's counter claims its parents are done: the function reads the edges instead
        const task = await insertTask(q, { steps: diamond({ join: { unfinishedParents: 0 } }) });
        const rows = await readiness(q, task.id);
        expect(rows.map((row) => [row.name, row.position])).toEqual([
          ['start', 0],
          ['left', 1],
          ['right', 2],
          ['join', 3],
        ]);
        expect(rows[0]).toEqual({
          step_id: task.steps.start,
          task_id: task.id,
          name: 'start',
          position: 0,
          status: 'pending',
          total_parents: 0,
          completed_parents: 0,
          dependencies_satisfied: true,
          retry_eligible: true,
          ready_for_execution: true,
          blocked_by: 'none',
          waiting_on: [],
          attempts: 0,
          max_attempts: 3,
          next_retry_at: null,
          last_attempted_at: null,
        });
        const steps = byName(rows, DIAMOND);
        expect(why(steps.left)).toEqual({
          status: 'pending',
          ready: false,
          blockedBy: 'dependencies',
          waitingOn: ['start'],
          parents: '0/1',
          satisfied: false,
        });
        expect(why(steps.right)).toEqual(why(steps.left));
        expect(why(steps.join)).toEqual({
          status: 'pending',
          ready: false,
          blockedBy: 'dependencies',
          waitingOn: ['left', 'right'],
          parents: '0/2',
          satisfied: false,
        });

        expect(await context(q, task.id)).toEqual({
          task_id: task.id,
          status: 'pending',
          total_steps: 4,
          pending_steps: 4,
          in_progress_steps: 0,
          waiting_steps: 0,
          completed_steps: 0,
          failed_steps: 0,
          cancelled_steps: 0,
          ready_steps: 1,
          execution_status: 'has_ready_steps',
          recommended_action: 'execute_ready_steps',
          completion_percentage: '0.00',
          health_status: 'healthy',
        });
      });
    });

    it('a diamond mid-way: one branch running, the other in backoff', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, {
          status: 'in_progress',
          startedAt: -60,
          steps: diamond({
            start: { status: 'complete', attempts: 1, lastAttemptedAt: -60, completedAt: -50 },
            left: { status: 'in_progress', attempts: 1, lastAttemptedAt: -10 },
            right: { status: 'waiting_for_retry', attempts: 1, lastAttemptedAt: -20, nextAttemptAt: 3600 },
            join: { unfinishedParents: 2 },
          }),
        });
        const steps = byName(await readiness(q, task.id), DIAMOND);
        expect(why(steps.start)).toEqual({
          status: 'complete',
          ready: false,
          blockedBy: 'finished',
          waitingOn: [],
          parents: '0/0',
          satisfied: true,
        });
        expect(why(steps.left)).toEqual({
          status: 'in_progress',
          ready: false,
          blockedBy: 'in_progress',
          waitingOn: [],
          parents: '1/1',
          satisfied: true,
        });
        expect(why(steps.right)).toEqual({
          status: 'waiting_for_retry',
          ready: false,
          blockedBy: 'backoff',
          waitingOn: [],
          parents: '1/1',
          satisfied: true,
        });
        expect(steps.right.next_retry_at).toEqual(await nowPlus(q, 3600));
        expect(steps.right.last_attempted_at).toEqual(await nowPlus(q, -20));
        expect(steps.right.retry_eligible).toBe(true);
        expect(steps.right.attempts).toBe(1);
        expect(steps.left.next_retry_at).toBeNull();
        expect(why(steps.join)).toEqual({
          status: 'pending',
          ready: false,
          blockedBy: 'dependencies',
          waitingOn: ['left', 'right'],
          parents: '0/2',
          satisfied: false,
        });

        expect(verdict(await context(q, task.id))).toEqual({
          total: 4,
          pending: 1,
          inProgress: 1,
          waiting: 1,
          completed: 1,
          failed: 0,
          cancelled: 0,
          ready: 0,
          executionStatus: 'processing',
          recommendedAction: 'wait_for_completion',
          completionPercentage: '25.00',
          health: 'healthy',
        });
      });
    });

    it('a retry that is due is ready, with its next_retry_at', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, {
          status: 'in_progress',
          steps: diamond({
            start: { status: 'complete', attempts: 1 },
            left: { status: 'in_progress', attempts: 1 },
            right: { status: 'waiting_for_retry', attempts: 2, nextAttemptAt: -5 },
          }),
        });
        const steps = byName(await readiness(q, task.id), DIAMOND);
        expect(why(steps.right)).toEqual({
          status: 'waiting_for_retry',
          ready: true,
          blockedBy: 'none',
          waitingOn: [],
          parents: '1/1',
          satisfied: true,
        });
        expect(steps.right.next_retry_at).toEqual(await nowPlus(q, -5));
        const ctx = verdict(await context(q, task.id));
        expect([ctx.ready, ctx.waiting, ctx.executionStatus, ctx.recommendedAction]).toEqual([
          1,
          1,
          'has_ready_steps',
          'execute_ready_steps',
        ]);
      });
    });

    it('nothing running and a retry not yet due: waiting_for_dependencies', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, {
          status: 'in_progress',
          steps: diamond({
            start: { status: 'complete', attempts: 1 },
            left: { status: 'complete', attempts: 1 },
            right: { status: 'waiting_for_retry', attempts: 1, nextAttemptAt: 30 },
          }),
        });
        const ctx = verdict(await context(q, task.id));
        expect([ctx.executionStatus, ctx.recommendedAction, ctx.completionPercentage, ctx.health]).toEqual([
          'waiting_for_dependencies',
          'wait_for_dependencies',
          '50.00',
          'healthy',
        ]);
      });
    });

    it('a step in error and nothing else that can run: blocked_by_failures', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, {
          status: 'error',
          steps: chain({
            a: { status: 'complete', attempts: 1 },
            b: { status: 'error', attempts: 3, maxAttempts: 3 },
          }),
        });
        const steps = byName(await readiness(q, task.id), CHAIN);
        expect(why(steps.b)).toEqual({
          status: 'error',
          ready: false,
          blockedBy: 'retries_exhausted',
          waitingOn: [],
          parents: '1/1',
          satisfied: true,
        });
        expect(steps.b.retry_eligible).toBe(false);
        expect(why(steps.c)).toEqual({
          status: 'pending',
          ready: false,
          blockedBy: 'dependencies',
          waitingOn: ['b'],
          parents: '0/1',
          satisfied: false,
        });
        expect(verdict(await context(q, task.id))).toEqual({
          total: 3,
          pending: 1,
          inProgress: 0,
          waiting: 0,
          completed: 1,
          failed: 1,
          cancelled: 0,
          ready: 0,
          executionStatus: 'blocked_by_failures',
          recommendedAction: 'handle_failures',
          completionPercentage: '33.33',
          health: 'blocked',
        });
      });
    });

    it('a permanent failure with attempts left is not retry-eligible either', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, { steps: chain({ a: { status: 'error', attempts: 1, maxAttempts: 3 } }) });
        const steps = byName(await readiness(q, task.id), CHAIN);
        expect([steps.a.retry_eligible, steps.a.blocked_by]).toEqual([false, 'retries_exhausted']);
        expect(steps.b.retry_eligible).toBe(true);
      });
    });

    it('a step in error while another still runs: processing, not blocked', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, {
          status: 'in_progress',
          steps: diamond({
            start: { status: 'complete', attempts: 1 },
            left: { status: 'error', attempts: 3 },
            right: { status: 'in_progress', attempts: 1 },
          }),
        });
        const ctx = verdict(await context(q, task.id));
        expect([ctx.failed, ctx.inProgress, ctx.executionStatus, ctx.recommendedAction, ctx.health]).toEqual([
          1,
          1,
          'processing',
          'wait_for_completion',
          'recovering',
        ]);
      });
    });

    it('a step in error while another waits for its retry: not blocked', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, {
          status: 'in_progress',
          steps: diamond({
            start: { status: 'complete', attempts: 1 },
            left: { status: 'error', attempts: 3 },
            right: { status: 'waiting_for_retry', attempts: 1, nextAttemptAt: 60 },
          }),
        });
        const ctx = verdict(await context(q, task.id));
        expect([ctx.executionStatus, ctx.health]).toEqual(['waiting_for_dependencies', 'recovering']);
      });
    });

    it('a step in error while another is ready: has_ready_steps', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, {
          status: 'in_progress',
          steps: diamond({ start: { status: 'complete', attempts: 1 }, left: { status: 'error', attempts: 3 } }),
        });
        const ctx = verdict(await context(q, task.id));
        expect([ctx.ready, ctx.executionStatus, ctx.recommendedAction, ctx.health]).toEqual([
          1,
          'has_ready_steps',
          'execute_ready_steps',
          'recovering',
        ]);
      });
    });

    it('every step complete or resolved: all_complete at 100%', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, {
          status: 'complete',
          steps: diamond({
            start: { status: 'complete', attempts: 1 },
            left: { status: 'resolved_manually', attempts: 3 },
            right: { status: 'complete', attempts: 2 },
            join: { status: 'complete', attempts: 1 },
          }),
        });
        const rows = await readiness(q, task.id);
        expect(rows.map((row) => row.blocked_by)).toEqual(['finished', 'finished', 'finished', 'finished']);
        expect(why(byName(rows, DIAMOND).join)).toMatchObject({ parents: '2/2', satisfied: true, waitingOn: [] });
        expect(verdict(await context(q, task.id))).toEqual({
          total: 4,
          pending: 0,
          inProgress: 0,
          waiting: 0,
          completed: 4,
          failed: 0,
          cancelled: 0,
          ready: 0,
          executionStatus: 'all_complete',
          recommendedAction: 'finalize_task',
          completionPercentage: '100.00',
          health: 'healthy',
        });
      });
    });

    it('a parent resolved manually lets its child run', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, {
          status: 'in_progress',
          steps: chain({ a: { status: 'resolved_manually' } }),
        });
        const steps = byName(await readiness(q, task.id), CHAIN);
        expect(why(steps.b)).toEqual({
          status: 'pending',
          ready: true,
          blockedBy: 'none',
          waitingOn: [],
          parents: '1/1',
          satisfied: true,
        });
        expect(why(steps.c)).toMatchObject({ blockedBy: 'dependencies', waitingOn: ['b'] });
      });
    });

    it('a cancelled task: its cancelled steps say so', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, {
          status: 'cancelled',
          completedAt: 0,
          steps: diamond({
            start: { status: 'complete', attempts: 1 },
            left: { status: 'cancelled', attempts: 1 },
            right: { status: 'cancelled' },
            join: { status: 'cancelled' },
          }),
        });
        const rows = await readiness(q, task.id);
        expect(rows.map((row) => [row.name, row.blocked_by, row.ready_for_execution])).toEqual([
          ['start', 'finished', false],
          ['left', 'cancelled', false],
          ['right', 'cancelled', false],
          ['join', 'cancelled', false],
        ]);
        expect(byName(rows, DIAMOND).join.waiting_on).toEqual(['left', 'right']);
        expect(verdict(await context(q, task.id))).toEqual({
          total: 4,
          pending: 0,
          inProgress: 0,
          waiting: 0,
          completed: 1,
          failed: 0,
          cancelled: 3,
          ready: 0,
          executionStatus: 'waiting_for_dependencies',
          recommendedAction: 'wait_for_dependencies',
          completionPercentage: '25.00',
          health: 'healthy',
        });
        expect((await context(q, task.id)).status).toBe('cancelled');
      });
    });

    it('an unknown task yields no rows', async () => {
      await scenario(async (q) => {
        const unknown = '00000000-0000-4000-8000-000000000000';
        expect(await readiness(q, unknown)).toEqual([]);
        expect(await q.query(`SELECT * FROM tasker.task_execution_context($1)`, [unknown])).toEqual([]);
      });
    });

    it('batches answer in the order of the ids given, skipping unknown ones', async () => {
      await scenario(async (q) => {
        const fresh = await insertTask(q, { steps: chain() });
        const done = await insertTask(q, {
          status: 'complete',
          steps: chain({ a: { status: 'complete' }, b: { status: 'complete' }, c: { status: 'complete' } }),
        });
        const unknown = '00000000-0000-4000-8000-000000000000';
        const contexts = await queryRows<ContextRow>(
          q,
          `SELECT * FROM tasker.task_execution_contexts_batch($1::uuid[])`,
          [[done.id, unknown, fresh.id]],
        );
        expect(contexts.map((row) => [row.task_id, row.execution_status])).toEqual([
          [done.id, 'all_complete'],
          [fresh.id, 'has_ready_steps'],
        ]);
        const rows = await queryRows<ReadinessRow>(q, `SELECT * FROM tasker.step_readiness_status_batch($1::uuid[])`, [
          [fresh.id, done.id],
        ]);
        expect(rows.map((row) => [row.task_id, row.name, row.blocked_by])).toEqual([
          [fresh.id, 'a', 'none'],
          [fresh.id, 'b', 'dependencies'],
          [fresh.id, 'c', 'dependencies'],
          [done.id, 'a', 'finished'],
          [done.id, 'b', 'finished'],
          [done.id, 'c', 'finished'],
        ]);
      });
    });
  });

  describe('dependency_levels', () => {
    const levels = async (q: QueryRunner, taskId: string) =>
      (await queryRows<{ name: string; level: number }>(q, `SELECT * FROM tasker.dependency_levels($1)`, [taskId])).map(
        (row) => [row.name, row.level],
      );

    it('a diamond: root, two branches, join', async () => {
      await scenario(async (q) => {
        const task = await insertTask(q, { steps: diamond() });
        expect(await levels(q, task.id)).toEqual([
          ['start', 0],
          ['left', 1],
          ['right', 1],
          ['join', 2],
        ]);
      });
    });

    it('an uneven DAG: a step sits below its longest path', async () => {
      await scenario(async (q) => {
        // a → b → c and a → c; x is a second root, y depends on x and c
        const task = await insertTask(q, {
          steps: [
            { name: 'a' },
            { name: 'x' },
            { name: 'b', dependsOn: ['a'] },
            { name: 'c', dependsOn: ['a', 'b'] },
            { name: 'y', dependsOn: ['x', 'c'] },
          ],
        });
        const rows = await queryRows<{ step_id: string; name: string; level: number }>(
          q,
          `SELECT * FROM tasker.dependency_levels($1)`,
          [task.id],
        );
        expect(rows.map((row) => [row.name, row.level])).toEqual([
          ['a', 0],
          ['x', 0],
          ['b', 1],
          ['c', 2],
          ['y', 3],
        ]);
        expect(firstOf(rows).step_id).toBe(task.steps.a);
      });
    });
  });

  describe('system_health_counts', () => {
    it('counts tasks and steps by status', async () => {
      await scenario(async (q) => {
        await insertTask(q, { status: 'pending', steps: chain() });
        await insertTask(q, {
          status: 'in_progress',
          steps: diamond({
            start: { status: 'complete' },
            left: { status: 'in_progress' },
            right: { status: 'waiting_for_retry', nextAttemptAt: 120 },
          }),
        });
        await insertTask(q, {
          status: 'in_progress',
          steps: chain({ a: { status: 'waiting_for_retry', nextAttemptAt: -1 } }),
        });
        await insertTask(q, {
          status: 'error',
          steps: chain({ a: { status: 'complete' }, b: { status: 'error', attempts: 3, maxAttempts: 3 } }),
        });
        await insertTask(q, {
          status: 'error',
          steps: [{ name: 'only', status: 'error', attempts: 1, maxAttempts: 3 }],
        });
        await insertTask(q, {
          status: 'complete',
          steps: chain({ a: { status: 'complete' }, b: { status: 'resolved_manually' }, c: { status: 'complete' } }),
        });
        await insertTask(q, {
          status: 'cancelled',
          steps: chain({ a: { status: 'complete' }, b: { status: 'cancelled' }, c: { status: 'cancelled' } }),
        });
        const row = firstOf(await queryRows<Record<string, unknown>>(q, `SELECT * FROM tasker.system_health_counts()`));
        const { max_connections } = firstOf(
          await queryRows<{ max_connections: number }>(
            q,
            `SELECT current_setting('max_connections')::int AS max_connections`,
          ),
        );
        const counts = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
        expect(counts.active_connections).toBeGreaterThanOrEqual(1); // at least this session
        expect(counts).toEqual({
          total_tasks: 7,
          pending_tasks: 1,
          in_progress_tasks: 2,
          complete_tasks: 1,
          error_tasks: 2,
          cancelled_tasks: 1,
          resolved_manually_tasks: 0,
          total_steps: 20,
          pending_steps: 7, // chain of 3 + diamond join + b, c after the due retry + c below the error
          in_progress_steps: 1,
          waiting_for_retry_steps: 2,
          complete_steps: 5,
          error_steps: 2,
          cancelled_steps: 2,
          resolved_manually_steps: 1,
          retryable_error_steps: 2,
          exhausted_retry_steps: 1,
          in_backoff_steps: 1,
          active_connections: counts.active_connections,
          max_connections,
        });
      });
    });

    it('answers zeros on an empty database', async () => {
      await scenario(async (q) => {
        const row = firstOf(await queryRows<Record<string, unknown>>(q, `SELECT * FROM tasker.system_health_counts()`));
        expect(Number(row.total_tasks)).toBe(0);
        expect(Number(row.total_steps)).toBe(0);
        expect(Number(row.in_backoff_steps)).toBe(0);
      });
    });
  });

  describe('slowest_tasks and slowest_steps', () => {
    async function seedHistory(q: QueryRunner) {
      // durations: A 100 s, B 40 s (never started: from created_at), C 250 s (error), D 10 s (v2)
      const a = await insertTask(q, {
        name: 'import',
        status: 'complete',
        createdAt: -3000,
        startedAt: -2990,
        completedAt: -2890,
        initiator: 'alice',
        sourceSystem: 'crm',
        steps: chain({
          a: { status: 'complete', attempts: 1, lastAttemptedAt: -2990, completedAt: -2985 },
          b: { status: 'complete', attempts: 2, lastAttemptedAt: -2950, completedAt: -2900 },
          c: { status: 'resolved_manually', attempts: 3, lastAttemptedAt: -2895, completedAt: -2890 },
        }),
      });
      const b = await insertTask(q, {
        name: 'import',
        status: 'cancelled',
        createdAt: -2000,
        completedAt: -1960,
        steps: chain({ a: { status: 'cancelled' }, b: { status: 'cancelled' }, c: { status: 'cancelled' } }),
      });
      const c = await insertTask(q, {
        namespace: 'billing',
        name: 'invoice',
        status: 'error',
        createdAt: -1500,
        startedAt: -1500,
        completedAt: -1250,
        steps: chain({
          a: { status: 'complete', attempts: 1, lastAttemptedAt: -1500, completedAt: -1380 },
          b: { status: 'error', attempts: 3, lastAttemptedAt: -1260 },
        }),
      });
      const d = await insertTask(q, {
        namespace: 'billing',
        name: 'invoice',
        version: '2.0.0',
        status: 'complete',
        createdAt: -1000,
        startedAt: -1000,
        completedAt: -990,
        steps: [{ name: 'only', status: 'complete', attempts: 1, lastAttemptedAt: -999.5, completedAt: -990 }],
      });
      // not finished, and finished but created before the window: never listed
      await insertTask(q, {
        name: 'import',
        status: 'in_progress',
        createdAt: -500,
        startedAt: -500,
        steps: chain({ a: { status: 'in_progress', attempts: 1, lastAttemptedAt: -500 } }),
      });
      await insertTask(q, {
        name: 'import',
        status: 'complete',
        createdAt: -100000,
        startedAt: -100000,
        completedAt: -1000,
        steps: [{ name: 'only', status: 'complete', attempts: 1, lastAttemptedAt: -100000, completedAt: -1000 }],
      });
      return { a, b, c, d };
    }

    it('lists finished tasks of the window, longest first, with their step counts', async () => {
      await scenario(async (q) => {
        const { a, b, c, d } = await seedHistory(q);
        const rows = await queryRows<SlowTaskRow>(q, `SELECT * FROM tasker.slowest_tasks(now() - interval '1 day')`);
        expect(rows.map((row) => [row.task_id, row.duration_ms])).toEqual([
          [c.id, 250000],
          [a.id, 100000],
          [b.id, 40000],
          [d.id, 10000],
        ]);
        expect(rows[1]).toEqual({
          task_id: a.id,
          namespace: 'intro',
          name: 'import',
          version: '1.0.0',
          status: 'complete',
          duration_ms: 100000,
          step_count: 3,
          completed_steps: 3,
          error_steps: 0,
          created_at: await nowPlus(q, -3000),
          completed_at: await nowPlus(q, -2890),
          initiator: 'alice',
          source_system: 'crm',
        });
        const slowest = firstOf(rows);
        expect([slowest.step_count, slowest.completed_steps, slowest.error_steps, slowest.status]).toEqual([
          3,
          1,
          1,
          'error',
        ]);
        expect(slowest.initiator).toBeNull();
      });
    });

    it('filters tasks by window, namespace, name and version, and limits', async () => {
      await scenario(async (q) => {
        const { a, b, c, d } = await seedHistory(q);
        const ids = async (sql: string) => (await queryRows<{ task_id: string }>(q, sql)).map((row) => row.task_id);
        expect(await ids(`SELECT * FROM tasker.slowest_tasks(now() - interval '1 day', 2)`)).toEqual([c.id, a.id]);
        expect(await ids(`SELECT * FROM tasker.slowest_tasks(now() - interval '1800 seconds')`)).toEqual([c.id, d.id]);
        expect(await ids(`SELECT * FROM tasker.slowest_tasks(now() - interval '1 day', 10, 'billing')`)).toEqual([
          c.id,
          d.id,
        ]);
        expect(
          await ids(`SELECT * FROM tasker.slowest_tasks(now() - interval '1 day', 10, 'intro', 'import')`),
        ).toEqual([a.id, b.id]);
        expect(
          await ids(`SELECT * FROM tasker.slowest_tasks(now() - interval '1 day', 10, NULL, NULL, '2.0.0')`),
        ).toEqual([d.id]);
        expect(await ids(`SELECT * FROM tasker.slowest_tasks(p_namespace => 'nowhere')`)).toEqual([]);
        // defaults: the last 24 hours, 10 rows; NULL means the default too
        expect(await ids(`SELECT * FROM tasker.slowest_tasks()`)).toEqual([c.id, a.id, b.id, d.id]);
        expect(await ids(`SELECT * FROM tasker.slowest_tasks(NULL, NULL)`)).toEqual([c.id, a.id, b.id, d.id]);
      });
    });

    it('lists completed steps by the duration of their last attempt', async () => {
      await scenario(async (q) => {
        const { a, c, d } = await seedHistory(q);
        const rows = await queryRows<{ step_id: string; duration_ms: number }>(
          q,
          `SELECT * FROM tasker.slowest_steps(now() - interval '1 day')`,
        );
        expect(rows.map((row) => [row.step_id, row.duration_ms])).toEqual([
          [c.steps.a, 120000],
          [a.steps.b, 50000],
          [d.steps.only, 9500],
          [a.steps.a, 5000],
        ]);
        expect(rows[1]).toEqual({
          step_id: a.steps.b,
          task_id: a.id,
          step_name: 'b',
          namespace: 'intro',
          name: 'import',
          version: '1.0.0',
          duration_ms: 50000,
          attempts: 2,
          retryable: true,
          status: 'complete',
          completed_at: await nowPlus(q, -2900),
        });
      });
    });

    it('filters steps by window, namespace, name and version, and limits', async () => {
      await scenario(async (q) => {
        const { a, c, d } = await seedHistory(q);
        const ids = async (sql: string) => (await queryRows<{ step_id: string }>(q, sql)).map((row) => row.step_id);
        expect(await ids(`SELECT * FROM tasker.slowest_steps(now() - interval '1 day', 1)`)).toEqual([c.steps.a]);
        expect(await ids(`SELECT * FROM tasker.slowest_steps(now() - interval '1800 seconds')`)).toEqual([
          c.steps.a,
          d.steps.only,
        ]);
        expect(await ids(`SELECT * FROM tasker.slowest_steps(now() - interval '1 day', 10, 'intro')`)).toEqual([
          a.steps.b,
          a.steps.a,
        ]);
        expect(
          await ids(`SELECT * FROM tasker.slowest_steps(now() - interval '1 day', 10, 'billing', 'invoice', '1.0.0')`),
        ).toEqual([c.steps.a]);
        expect(await ids(`SELECT * FROM tasker.slowest_steps()`)).toEqual([
          c.steps.a,
          a.steps.b,
          d.steps.only,
          a.steps.a,
        ]);
      });
    });
  });

  describe('analytics_metrics', () => {
    it('computes the metrics of the last hour on a known dataset', async () => {
      await scenario(async (q) => {
        // created in the window: T1..T6 (throughput 6); finished in the window: T1, T2, T7 complete,
        // T3 error, T4 cancelled (5); T8 is entirely before it
        await insertTask(q, {
          status: 'complete',
          createdAt: -1800,
          startedAt: -1790,
          completedAt: -1700, // 90 s
          steps: [
            { name: 's1', status: 'complete', attempts: 1, lastAttemptedAt: -1790, completedAt: -1788 }, // 2 s
            { name: 's2', status: 'complete', attempts: 1, lastAttemptedAt: -1704, completedAt: -1700 }, // 4 s
          ],
        });
        await insertTask(q, { status: 'complete', createdAt: -1200, completedAt: -1170, steps: [] }); // 30 s, never started
        await insertTask(q, {
          namespace: 'billing',
          name: 'invoice',
          status: 'error',
          createdAt: -600,
          startedAt: -600,
          completedAt: -500,
          steps: [{ name: 'charge', status: 'error', attempts: 3, lastAttemptedAt: -510, updatedAt: -500 }],
        });
        await insertTask(q, { status: 'cancelled', createdAt: -300, completedAt: -200, steps: [] });
        await insertTask(q, { status: 'in_progress', createdAt: -100, startedAt: -100, steps: [] });
        await insertTask(q, { name: 'other', status: 'pending', createdAt: -50, steps: [] });
        await insertTask(q, { status: 'complete', createdAt: -7200, startedAt: -7200, completedAt: -3000, steps: [] }); // 4200 s
        await insertTask(q, {
          status: 'complete',
          createdAt: -9000,
          startedAt: -9000,
          completedAt: -8000,
          steps: [
            { name: 'old', status: 'complete', attempts: 1, lastAttemptedAt: -8500, completedAt: -8000 },
            { name: 'old_error', status: 'error', attempts: 3, lastAttemptedAt: -8100, updatedAt: -8000 },
          ],
        });

        const row = firstOf(await queryRows<Record<string, unknown>>(q, `SELECT * FROM tasker.analytics_metrics()`));
        expect({
          ...row,
          active_tasks: Number(row.active_tasks),
          total_namespaces: Number(row.total_namespaces),
          unique_task_types: Number(row.unique_task_types),
          task_throughput: Number(row.task_throughput),
          completion_count: Number(row.completion_count),
          error_count: Number(row.error_count),
          step_throughput: Number(row.step_throughput),
        }).toEqual({
          active_tasks: 2,
          total_namespaces: 2, // intro, billing
          unique_task_types: 3, // intro/flow, intro/other, billing/invoice
          task_throughput: 6,
          completion_count: 3,
          error_count: 1,
          completion_rate: '60.00',
          error_rate: '20.00',
          avg_task_duration_ms: (90000 + 30000 + 4200000) / 3,
          avg_step_duration_ms: 3000,
          step_throughput: 2,
          system_health_score: '0.667',
          analysis_period_start: await nowPlus(q, -3600),
          calculated_at: await nowPlus(q, 0),
        });

        const wider = firstOf(
          await queryRows<Record<string, unknown>>(
            q,
            `SELECT * FROM tasker.analytics_metrics(now() - interval '3 hours')`,
          ),
        );
        expect([Number(wider.task_throughput), Number(wider.completion_count), wider.system_health_score]).toEqual([
          8,
          4,
          '0.600',
        ]);
      });
    });

    it('answers neutral values when nothing happened', async () => {
      await scenario(async (q) => {
        const row = firstOf(
          await queryRows<Record<string, unknown>>(q, `SELECT * FROM tasker.analytics_metrics(NULL)`),
        );
        expect(row).toMatchObject({
          completion_rate: '0.00',
          error_rate: '0.00',
          avg_task_duration_ms: 0,
          avg_step_duration_ms: 0,
          system_health_score: '1.000',
          analysis_period_start: await nowPlus(q, -3600),
        });
        expect(Number(row.task_throughput)).toBe(0);
      });
    });
  });
});
