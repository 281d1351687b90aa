import { Client } from 'pg';
import { TaskerDatabase } from '../../lib/persistence/tasker-database';
import { readyChannel } from '../../lib/persistence/notification-channels';
import {
  expireLeasesParams,
  expireLeasesSql,
  heartbeatSql,
  runCycleSql,
} from '../../lib/persistence/sql/run-cycle.query';
import { explainTaskSql } from '../../lib/persistence/sql/explain-task.query';
import { getTaskSql, listTasksQuery } from '../../lib/persistence/sql/task-view.query';
import { DiamondModule } from '../fixtures/diamond.fixture';
import { TwentyStepsModule } from '../fixtures/twenty-steps.fixture';
import { firstOf } from '../support/present';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Query plans of the hot path (issue, performance item 3), on a database holding 20,000 finished
// steps (5,000 diamonds with their edges), ANALYZEd, plus a live set: ready, blocked, waiting and
// running steps, 300 of them running for other workers.
//
// The plans are those of the real calls: a session LOADs auto_explain with
// log_nested_statements, so the statements inside the plpgsql functions (and the FK checks) report
// their EXPLAIN (ANALYZE, FORMAT JSON) plans as NOTICEs to this client. Each call runs under
// plan_cache_mode = force_generic_plan (what plpgsql settles on for a long-lived connection when
// the generic plan is not costlier) and force_custom_plan (its first five executions), inside a
// transaction that is rolled back. The plan trees are walked: which index reads each large table.
// LOAD 'auto_explain' needs a superuser (the pg tier's default postgres role is one).
//
// Then the statement counts of getTask / listTasks / explainTask for a task of 4 steps and one of
// 20: the same, whatever the number of steps (no N+1).

const SCHEMA = 'tasker';
const BIG_TABLES = new Set(['steps', 'tasks', 'step_edges', 'step_transitions', 'task_transitions']);
const WORKER = 'plan-test-worker';
const MODES = ['generic', 'custom'] as const;
type Mode = (typeof MODES)[number];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

interface CapturedPlan {
  call: string;
  mode: Mode;
  text: string;
  plan: PlanNode;
}

/** Each scan of a large table in a plan: the table and how it is read ('Seq Scan' or the index). */
function tableAccesses(plan: PlanNode): Array<{ table: string; access: string }> {
  const found: Array<{ table: string; access: string }> = [];
  const visit = (node: PlanNode, bitmapIndexes: string[]): void => {
    const relation = node['Relation Name'];
    if (node['Node Type'] === 'Bitmap Heap Scan' && relation !== undefined && BIG_TABLES.has(relation)) {
      const indexes: string[] = [];
      for (const child of node.Plans ?? []) visit(child, indexes);
      for (const index of indexes) found.push({ table: relation, access: index });
      return;
    }
    if (node['Node Type'] === 'Bitmap Index Scan' && node['Index Name'] !== undefined) {
      bitmapIndexes.push(node['Index Name']);
    } else if (relation !== undefined && BIG_TABLES.has(relation) && /Scan$/.test(node['Node Type'])) {
      found.push({
        table: relation,
        access: node['Node Type'] === 'Seq Scan' ? 'Seq Scan' : (node['Index Name'] ?? node['Node Type']),
      });
    }
    for (const child of node.Plans ?? []) visit(child, bitmapIndexes);
  };
  visit(plan, []);
  return found;
}

/** A statement whose only purpose is to make the server drop the previous unnamed portal. */
const FLUSH = `SELECT 'flush auto_explain'`;

const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** A session whose statements, nested ones included, report their plans to it. */
class PlanSession {
  private current: { call: string; mode: Mode } | undefined;
  readonly plans: CapturedPlan[] = [];

  private constructor(readonly client: Client) {
    client.on('notice', (notice) => {
      const logged = /^duration: [\d.]+ ms\s+plan:\s*([\s\S]*)$/.exec(notice.message ?? '')?.[1];
      if (logged === undefined || this.current === undefined) return;
      const parsed = JSON.parse(logged) as { 'Query Text': string; Plan: PlanNode };
      if (parsed['Query Text'] === FLUSH) return;
      this.plans.push({ ...this.current, text: flat(parsed['Query Text']), plan: parsed.Plan });
    });
  }

  static async open(url: string): Promise<PlanSession> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`LOAD 'auto_explain'`);
    } catch (error) {
      await client.end();
      throw new Error(`query-plans.spec needs LOAD 'auto_explain' (contrib, superuser): ${(error as Error).message}`);
    }
    for (const setting of [
      'auto_explain.log_min_duration = 0',
      'auto_explain.log_level = notice',
      'auto_explain.log_nested_statements = on',
      'auto_explain.log_analyze = on',
      'auto_explain.log_timing = off',
      'auto_explain.log_format = json',
      'client_min_messages = notice',
    ]) {
      await client.query(`SET ${setting}`);
    }
    return new PlanSession(client);
  }

  async capture<R extends object>(call: string, mode: Mode, sql: string, params: unknown[]): Promise<R[]> {
    this.current = { call, mode };
    try {
      const { rows } = await this.client.query<R>(sql, params);
      // A SELECT's own plan is logged when its portal is dropped: inside a transaction block, at
      // the next statement. This one drops it while the call is still current.
      await this.client.query(FLUSH);
      return rows;
    } finally {
      this.current = undefined;
    }
  }

  query(sql: string, params: unknown[] = []): Promise<unknown> {
    return this.client.query(sql, params);
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

interface CycleRow {
  kind: string;
  step_id: string | null;
  attempt: number | null;
}

function cycleParams(held: Array<{ id: string; attempt: number }>, claim: number): unknown[] {
  return [
    WORKER,
    30_000,
    claim,
    readyChannel(SCHEMA),
    held.map((h) => h.id),
    held.map((h) => h.attempt),
    held.map(() => 'complete'),
    held.map(() => ({ ok: true })),
    held.map(() => null),
    held.map(() => 0),
  ];
}

const claimedRows = (rows: CycleRow[]): Array<{ id: string; attempt: number }> =>
  rows.filter((r) => r.kind === 'claimed').map((r) => ({ id: r.step_id as string, attempt: r.attempt as number }));

/**
 * 5,000 finished diamonds (start; left, right after start; join after both), 20,000 complete steps,
 * 20,000 edges, 40,000 step transitions; then 40 live diamonds in four shapes (j % 4):
 *   0: start ready; 1: left running (this test's 'live-worker'), right waiting; 2: right running;
 *   3: left and right ready; and 75 tasks of four steps running for other workers (300 leases).
 */
function fillSql(): string[] {
  const s = SCHEMA;
  const named = `(SELECT ns.id FROM ${s}.named_steps ns JOIN ${s}.named_tasks nt ON nt.id = ns.named_task_id
                  WHERE nt.name = 'diamond' AND ns.name = (ARRAY['start','left','right','join'])[k + 1])`;
  const task = `(SELECT nt.id FROM ${s}.named_tasks nt WHERE nt.name = 'diamond')`;
  const uuid = (ms: string, kind: string, n: string): string =>
    `(lpad(to_hex(${ms}), 12, '0') || '7' || lpad(to_hex(${kind}), 3, '0') || '8000' || lpad(to_hex(${n}), 12, '0'))::uuid`;
  const names = `(ARRAY['start','left','right','join'])[k + 1]`;
  const fleetMs = Date.now();
  return [
    `CREATE TEMP TABLE h AS SELECT i, now() - interval '10 days' + i * interval '1 minute' AS ts,
       (extract(epoch FROM now() - interval '10 days') * 1000)::bigint + i * 60000 AS ms FROM generate_series(1, 5000) i`,
    `INSERT INTO ${s}.tasks (id, named_task_id, namespace, name, version, status, context, total_steps, completed_steps,
       initiator, created_at, updated_at, started_at, completed_at)
     SELECT ${uuid('ms', '0', 'i')}, ${task}, 'math', 'diamond', '1.0.0', 'complete', jsonb_build_object('even_number', 2), 4, 4,
            'history', ts, ts, ts, ts + interval '1 second' FROM h`,
    `INSERT INTO ${s}.steps (id, task_id, named_step_id, name, position, status, attempts, results, total_parents,
       unfinished_parents, last_attempted_at, completed_at, created_at, updated_at)
     SELECT ${uuid('ms', 'k + 1', 'i')}, ${uuid('ms', '0', 'i')}, ${named}, ${names}, k, 'complete', 1,
            jsonb_build_object('result', i), (ARRAY[0,1,1,2])[k + 1], 0, ts, ts, ts, ts
     FROM h, generate_series(0, 3) k`,
    `INSERT INTO ${s}.step_edges (task_id, parent_id, child_id)
     SELECT ${uuid('ms', '0', 'i')}, ${uuid('ms', 'e.p', 'i')}, ${uuid('ms', 'e.c', 'i')}
     FROM h, (VALUES (1, 2), (1, 3), (2, 4), (3, 4)) e(p, c)`,
    `INSERT INTO ${s}.step_transitions (step_id, task_id, from_status, to_status, attempt, worker, created_at)
     SELECT ${uuid('ms', 'k + 1', 'i')}, ${uuid('ms', '0', 'i')}, x.f, x.t, 1, 'history', ts
     FROM h, generate_series(0, 3) k, (VALUES ('pending', 'in_progress'), ('in_progress', 'complete')) x(f, t)`,
    `CREATE TEMP TABLE l AS SELECT j, j % 4 AS shape, now() - interval '5 minutes' AS ts,
       (extract(epoch FROM now()) * 1000)::bigint AS ms FROM generate_series(1, 40) j`,
    `INSERT INTO ${s}.tasks (id, named_task_id, namespace, name, version, status, context, total_steps, completed_steps,
       active_steps, initiator, created_at, updated_at)
     SELECT ${uuid('ms', '16', 'j')}, ${task}, 'math', 'diamond', '1.0.0', CASE WHEN shape = 0 THEN 'pending' ELSE 'in_progress' END,
            '{"even_number": 2}', 4, (ARRAY[0, 1, 2, 1])[shape + 1], (ARRAY[1, 2, 1, 2])[shape + 1], 'live', ts, ts FROM l`,
    `INSERT INTO ${s}.steps (id, task_id, named_step_id, name, position, status, attempts, total_parents, unfinished_parents,
       next_attempt_at, lease_owner, lease_expires_at, created_at, updated_at)
     SELECT ${uuid('l.ms', '17 + k', 'l.j')}, ${uuid('l.ms', '16', 'l.j')}, ${named}, ${names}, k, v.status,
            CASE WHEN v.status = 'pending' THEN 0 ELSE 1 END, (ARRAY[0,1,1,2])[k + 1], v.unfinished,
            CASE WHEN v.due_s IS NOT NULL THEN now() + v.due_s * interval '1 second' END,
            CASE WHEN v.status = 'in_progress' THEN 'live-worker' END,
            CASE WHEN v.status = 'in_progress' THEN now() + interval '1 hour' END, l.ts, l.ts
     FROM l JOIN (VALUES
       (0, 0, 'pending', 0, -60), (0, 1, 'pending', 1, NULL), (0, 2, 'pending', 1, NULL), (0, 3, 'pending', 2, NULL),
       (1, 0, 'complete', 0, NULL), (1, 1, 'in_progress', 0, NULL), (1, 2, 'waiting_for_retry', 0, 3600), (1, 3, 'pending', 2, NULL),
       (2, 0, 'complete', 0, NULL), (2, 1, 'complete', 0, NULL), (2, 2, 'in_progress', 0, NULL), (2, 3, 'pending', 1, NULL),
       (3, 0, 'complete', 0, NULL), (3, 1, 'pending', 0, -30), (3, 2, 'pending', 0, -30), (3, 3, 'pending', 2, NULL)
     ) v(shape, k, status, unfinished, due_s) ON v.shape = l.shape`,
    `INSERT INTO ${s}.step_edges (task_id, parent_id, child_id)
     SELECT ${uuid('l.ms', '16', 'l.j')}, ${uuid('l.ms', '17 + e.p', 'l.j')}, ${uuid('l.ms', '17 + e.c', 'l.j')}
     FROM l, (VALUES (0, 1), (0, 2), (1, 3), (2, 3)) e(p, c)`,
    `INSERT INTO ${s}.tasks (id, named_task_id, namespace, name, version, status, context, total_steps, active_steps, initiator)
     SELECT ${uuid('ms', '32', 'j')}, ${task}, 'math', 'diamond', '1.0.0', 'in_progress', '{"even_number": 2}', 4, 4, 'fleet'
     FROM (SELECT j, ${fleetMs}::bigint AS ms FROM generate_series(1, 75) j) f`,
    `INSERT INTO ${s}.steps (id, task_id, named_step_id, name, position, status, attempts, lease_owner, lease_expires_at)
     SELECT ${uuid('ms', '33 + k', 'j')}, ${uuid('ms', '32', 'j')}, ${named}, ${names}, k, 'in_progress', 1,
            'other-worker-' || (j % 5), now() + interval '1 hour'
     FROM (SELECT j, ${fleetMs}::bigint AS ms FROM generate_series(1, 75) j) f, generate_series(0, 3) k`,
    `DROP TABLE h, l`,
    `ANALYZE ${s}.tasks, ${s}.steps, ${s}.step_edges, ${s}.step_transitions, ${s}.task_transitions`,
  ];
}

/** Counts the statements Tasker's database sends while `fn` runs (every one goes through query()). */
async function statementsOf(database: TaskerDatabase, fn: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const target = database as unknown as { query: TaskerDatabase['query'] };
  const query = target.query;
  target.query = function countedQuery(this: TaskerDatabase, text: string, values?: readonly unknown[]) {
    sent.push(flat(text).slice(0, 60));
    return query.call(this, text, values);
  } as TaskerDatabase['query'];
  try {
    await fn();
  } finally {
    target.query = query;
  }
  return sent;
}

describe('Hot-path query plans and statement counts (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TaskerApp;
  let session: PlanSession;
  const plans: CapturedPlan[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTaskerApp({ database: { url: database.url }, worker: { enabled: false } }, [
      DiamondModule,
      TwentyStepsModule,
    ]);
    const filler = new Client({ connectionString: database.url });
    await filler.connect();
    try {
      for (const sql of fillSql()) await filler.query(sql);
    } finally {
      await filler.end();
    }

    session = await PlanSession.open(database.url);
    const { id: liveTask } = firstOf(
      await app.query<{ id: string }>(
        `SELECT id FROM ${SCHEMA}.tasks WHERE initiator = 'live' ORDER BY id LIMIT 1 OFFSET 1`,
      ),
    );
    for (const mode of MODES) {
      await session.query('BEGIN');
      try {
        await session.query(
          `SET LOCAL plan_cache_mode = ${mode === 'generic' ? 'force_generic_plan' : 'force_custom_plan'}`,
        );
        const cycle = runCycleSql(SCHEMA);
        let held = claimedRows(await session.capture<CycleRow>('claim', mode, cycle, cycleParams([], 12)));
        expect(held).toHaveLength(12);
        held = claimedRows(await session.capture<CycleRow>('apply and claim', mode, cycle, cycleParams(held, 12)));
        expect(held.length).toBeGreaterThan(0);
        const kept = await session.capture('heartbeat', mode, heartbeatSql(SCHEMA), [
          WORKER,
          held.map((h) => h.id),
          30_000,
        ]);
        expect(kept).toHaveLength(held.length);
        await session.capture('apply', mode, cycle, cycleParams(held, 0));
        const sweep = expireLeasesSql(SCHEMA);
        const sweepParams = expireLeasesParams({
          sweeperId: 'plan-test-sweeper',
          limit: 100,
          backoff: { baseMs: 1000, multiplier: 2, maxMs: 300_000, jitter: 0.1 },
        });
        expect(await session.capture('sweep, nothing expired', mode, sweep, sweepParams)).toHaveLength(0);
        await session.query(
          `UPDATE ${SCHEMA}.steps SET lease_expires_at = now() - interval '1 second'
           WHERE id = (SELECT id FROM ${SCHEMA}.steps WHERE lease_owner = 'live-worker' ORDER BY id LIMIT 1)`,
        );
        expect((await session.capture('sweep, one expired', mode, sweep, sweepParams)).length).toBeGreaterThan(0);
        await session.capture('getTask', mode, getTaskSql(SCHEMA), [liveTask]);
        await session.capture('explainTask', mode, explainTaskSql(SCHEMA), [liveTask]);
        const page = listTasksQuery(SCHEMA, { status: 'in_progress' }, 20, 0);
        await session.capture("listTasks status 'in_progress'", mode, page.text, page.values);
      } finally {
        await session.query('ROLLBACK');
      }
    }
    plans.push(...session.plans);
  });

  afterAll(async () => {
    await session?.close();
    await app?.close();
    await database?.drop();
  });

  /** The plans, one per mode, of the statements of `call` whose text matches `pattern`. */
  function plansOf(call: string, pattern: RegExp): CapturedPlan[] {
    const found = plans.filter((p) => p.call === call && pattern.test(p.text));
    expect(found.map((p) => p.mode).sort()).toEqual(expect.arrayContaining([...MODES]));
    return found;
  }

  /** "mode: table via access" for every scan of a large table in these plans. */
  function accesses(found: CapturedPlan[]): string[] {
    return [
      ...new Set(found.flatMap((p) => tableAccesses(p.plan).map((a) => `${p.mode}: ${a.table} via ${a.access}`))),
    ].sort();
  }

  /** The scans of the large tables that do not use one of the allowed indexes. */
  function unexpected(found: CapturedPlan[], allowed: Record<string, string[]>): string[] {
    return accesses(found).filter((line) => {
      // accesses() writes every line in this shape; a line that is not counts as unexpected.
      const [, table = '', access = ''] = /^\w+: (\w+) via (.+)$/.exec(line) ?? [];
      return !(allowed[table] ?? []).includes(access);
    });
  }

  it('captured the statements inside the functions, in both plan modes', () => {
    for (const mode of MODES) {
      expect(plans.filter((p) => p.mode === mode && p.call === 'apply and claim').length).toBeGreaterThanOrEqual(8);
    }
  });

  it('no statement of any hot-path call reads a large table with a Seq Scan', () => {
    // listTasks is plain SQL sent as an unnamed statement, which PostgreSQL always plans with its
    // values (a custom plan); its generic plan, which a status-blind estimate may price as a scan
    // for the count, is never used.
    const used = plans.filter((p) => !(p.call.startsWith('listTasks') && p.mode === 'generic'));
    const seqScans = used.flatMap((p) =>
      tableAccesses(p.plan)
        .filter((a) => a.access === 'Seq Scan')
        .map((a) => `${p.call} (${p.mode}): Seq Scan on ${a.table} in ${p.text.slice(0, 100)}`),
    );
    expect(seqScans).toEqual([]);
  });

  it("the claim's candidate scan uses steps_ready_idx", () => {
    for (const call of ['claim', 'apply and claim']) {
      expect(accesses(plansOf(call, /unfinished_parents = 0 AND s\.next_attempt_at <= now\(\)/))).toEqual([
        'custom: steps via steps_ready_idx',
        'generic: steps via steps_ready_idx',
      ]);
    }
  });

  it('the claim updates the claimed steps through steps_pkey and reads their tasks through tasks_pkey', () => {
    expect(unexpected(plansOf('claim', /^WITH claimed AS/), { steps: ['steps_pkey'] })).toEqual([]);
    expect(
      unexpected(plansOf('claim', /^SELECT s\.id, s\.task_id, t\.named_task_id/), {
        steps: ['steps_pkey', 'steps_task_id_name_key'],
        tasks: ['tasks_pkey'],
      }),
    ).toEqual([]);
  });

  it('applying outcomes locks tasks by tasks_pkey and finds children through step_edges_pkey', () => {
    for (const call of ['apply and claim', 'apply']) {
      expect(unexpected(plansOf(call, /^SELECT array_agg\(DISTINCT s\.task_id\)/), { steps: ['steps_pkey'] })).toEqual(
        [],
      );
      expect(unexpected(plansOf(call, /FOR UPDATE OF t$/), { tasks: ['tasks_pkey'] })).toEqual([]);
      expect(accesses(plansOf(call, /^SELECT array_agg\(e\.child_id\)/))).toEqual([
        'custom: step_edges via step_edges_pkey',
        'generic: step_edges via step_edges_pkey',
      ]);
    }
  });

  it('run_cycle probes steps_ready_idx for leftovers to announce', () => {
    expect(
      unexpected(plansOf('apply and claim', /s\.next_attempt_at = now\(\)/), { steps: ['steps_ready_idx'] }),
    ).toEqual([]);
  });

  it('the lease sweep reads steps_lease_idx', () => {
    expect(accesses(plansOf('sweep, nothing expired', /ORDER BY s\.lease_expires_at LIMIT/))).toEqual([
      'custom: steps via steps_lease_idx',
      'generic: steps via steps_lease_idx',
    ]);
    expect(
      unexpected(plansOf('sweep, one expired', /s\.task_id = ANY \(v_tasks\) AND s\.status = 'in_progress'/), {
        steps: ['steps_lease_idx', 'steps_task_id_name_key'],
      }),
    ).toEqual([]);
  });

  it('getTask, explainTask and a filtered listTasks page read by index (custom plans, as node-postgres sends them)', () => {
    const custom = (call: string): CapturedPlan[] => plans.filter((p) => p.call === call && p.mode === 'custom');
    expect(
      unexpected(custom('getTask'), {
        tasks: ['tasks_pkey'],
        steps: ['steps_task_id_name_key', 'steps_pkey'],
        step_edges: ['step_edges_child_idx'],
      }),
    ).toEqual([]);
    expect(
      unexpected(custom('explainTask'), {
        tasks: ['tasks_pkey'],
        steps: ['steps_task_id_name_key'],
        step_edges: ['step_edges_task_idx'],
      }),
    ).toEqual([]);
    expect(accesses(custom("listTasks status 'in_progress'"))).toContain(
      'custom: tasks via tasks_status_created_at_idx',
    );
  });

  // Regressions found with npm run bench:explain (bench/README.md, "Query plans"): these statements
  // reach a batch of rows by primary key, and once also stated a status. The planner, which treats
  // the status and the other conditions as independent, priced a walk of an index holding every
  // row in that status (every pending task: tasks_status_created_at_idx; every running step of
  // every worker: the partial steps_lease_idx) below a dozen primary-key probes, so they read
  // O(backlog) or O(fleet) rows instead of O(batch).
  it('the claim starts pending tasks through tasks_pkey, not by walking every pending task', () => {
    expect(unexpected(plansOf('claim', /^WITH starting AS/), { tasks: ['tasks_pkey'] })).toEqual([]);
  });

  it('the heartbeat extends leases through steps_pkey, not by walking every running step', () => {
    expect(
      unexpected(plansOf('heartbeat', /^UPDATE \w+\.steps s SET lease_expires_at/), { steps: ['steps_pkey'] }),
    ).toEqual([]);
  });

  it('applying outcomes updates the finished steps through steps_pkey, not by walking every running step', () => {
    for (const call of ['apply and claim', 'apply']) {
      expect(
        unexpected(plansOf(call, /^WITH input AS/), {
          steps: ['steps_pkey', 'steps_task_id_name_key'],
          step_edges: ['step_edges_pkey'],
          tasks: ['tasks_pkey'],
        }),
      ).toEqual([]);
    }
  });

  describe('statements per read, whatever the number of steps (no N+1)', () => {
    async function counts(taskId: string, name: string): Promise<Record<string, number>> {
      const tasker = app.tasker;
      const db = app.database;
      const view = await tasker.getTask(taskId);
      expect(view.steps.length).toBeGreaterThan(0);
      return {
        getTask: (await statementsOf(db, () => tasker.getTask(taskId))).length,
        explainTask: (await statementsOf(db, () => tasker.explainTask(taskId))).length,
        listTasksPage: (await statementsOf(db, () => tasker.listTasks({ namespace: 'math', name, limit: 50 }))).length,
        listTasksPastTheEnd: (
          await statementsOf(db, () => tasker.listTasks({ namespace: 'math', name, limit: 50, offset: 1_000_000 }))
        ).length,
      };
    }

    it('getTask, explainTask and listTasks send the same statements for a task of 4 steps and one of 20', async () => {
      const diamond = await app.tasker.createTask({
        namespace: 'math',
        name: 'diamond',
        version: '1.0.0',
        context: { even_number: 2 },
      });
      const twenty = await app.tasker.createTask({ namespace: 'math', name: 'twenty', version: '1.0.0', context: {} });
      expect(diamond.steps).toHaveLength(4);
      expect(twenty.steps).toHaveLength(20);

      const four = await counts(diamond.id, 'diamond');
      const many = await counts(twenty.id, 'twenty');
      expect(many).toEqual(four);
      expect(four).toEqual({ getTask: 1, explainTask: 1, listTasksPage: 1, listTasksPastTheEnd: 2 });

      // The answers hold every step (the single statement aggregates them).
      expect((await app.tasker.getTask(twenty.id)).steps).toHaveLength(20);
      expect((await app.tasker.explainTask(twenty.id)).steps).toHaveLength(20);
      const page = await app.tasker.listTasks({ namespace: 'math', name: 'twenty' });
      expect(firstOf(page.tasks).steps).toHaveLength(20);
    });
  });
});
