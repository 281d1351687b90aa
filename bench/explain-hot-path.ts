import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { readyChannel } from '../lib/persistence/notification-channels';
import { runTaskerMigrations } from '../lib/persistence/run-tasker-migrations';
import { createAndClaimTaskSql } from '../lib/persistence/sql/create-task-claiming.query';
import { explainTaskSql } from '../lib/persistence/sql/explain-task.query';
import { registerTaskDefinitionSql } from '../lib/persistence/sql/register-task-definition.query';
import { expireLeasesParams, expireLeasesSql, heartbeatSql, runCycleSql } from '../lib/persistence/sql/run-cycle.query';
import { countTasksQuery, getTaskSql, listTasksQuery } from '../lib/persistence/sql/task-view.query';
import { postgresDataSourceOptions } from '../lib/persistence/tasker-data-source-options';
import { uuidv7 } from '../lib/persistence/uuid';
import { dropDatabase, recreateDatabase } from './bench-app';
import { firstRow } from './first-row';
import { quantile } from './stats';

/**
 * `npm run bench:explain`: do the hot-path statements keep their plans, and their time, as
 * finished history grows? (issue, performance item 3). bench/README.md, "Query plans", says what
 * it prints.
 *
 * In a scratch database `tasker_explain` (dropped at the end) with Tasker's migrations, two
 * phases run the same measurements:
 *   - `empty`: no history, only the live set (200 tasks with ready / blocked / running / waiting
 *     steps) and the 1,800 tasks of the createTask timing (the supply the claims consume);
 *   - `history`: the same after 250,000 finished diamond tasks were added with set-based SQL
 *     (1,000,000 complete steps, 1,000,000 edges, 2,000,000 step transitions, 750,000 task
 *     transitions), then VACUUM ANALYZE.
 * Each phase:
 *   1. plans: one session with `auto_explain` (log_nested_statements, log_analyze, log_buffers,
 *      JSON) reporting at NOTICE level to this client, so the plans of the statements INSIDE the
 *      plpgsql functions (and FK checks) are read from the real calls, with no server log and no
 *      copy of the SQL. Each call runs twice: plan_cache_mode = force_generic_plan (what plpgsql
 *      settles on for a long-lived connection when the generic plan is not costlier) and
 *      force_custom_plan (its first five executions, and every execution of the library's own
 *      statements, which node-postgres sends unnamed). Per statement: time, rows read from the
 *      large tables, Seq Scans on them, indexes used.
 *   2. timings: a fresh session (no auto_explain), round trip per call as the library sends it
 *      (the SQL strings of lib/persistence/sql), median and p95 in µs.
 *   3. variants of the worker's calls, plans and timings again: with FLEET_STEPS steps running for
 *      other workers; with a backlog of BACKLOG_TASKS pending tasks created after the last ANALYZE;
 *      the same backlog after ANALYZE. A statement that reads more rows in a variant than without
 *      it is flagged: it scales with the fleet or the backlog, not with its batch.
 * Prints two tables and the flagged statements, and writes bench/results/explain.json.
 */

const DATABASE = 'tasker_explain';
const SCHEMA = 'tasker';
const HISTORY_TASKS = Number(process.env.TASKER_EXPLAIN_HISTORY_TASKS ?? 250_000);
const LIVE_TASKS = 200;
const SUPPLY_TASKS = 1_800;
/** Steps running for other workers in the in-flight variant (a busy fleet). */
const FLEET_STEPS = Number(process.env.TASKER_EXPLAIN_FLEET_STEPS ?? 5_000);
const FLEET = `${FLEET_STEPS.toLocaleString('en-US')} running elsewhere`;
/** Pending tasks created after the last ANALYZE in the backlog variant (a burst of createTask). */
const BACKLOG_TASKS = Number(process.env.TASKER_EXPLAIN_BACKLOG_TASKS ?? 20_000);
const BACKLOG = `backlog of ${BACKLOG_TASKS.toLocaleString('en-US')} pending tasks`;
const BACKLOG_ANALYZED = `${BACKLOG}, analyzed`;
/** Suffixes of the calls of the variants, each compared with the same call without it. */
const VARIANTS = [BACKLOG_ANALYZED, BACKLOG, FLEET];
const CYCLES = 200;
const CYCLE_WARM_UP = 20;
const CALLS = 200;
const LIST_CALLS = 30;
const CLAIM = 12;
const LEASE_MS = 30_000;
const WORKER = 'explain-worker';
const BIG_TABLES = new Set(['steps', 'tasks', 'step_edges', 'step_transitions', 'task_transitions']);

const DIAMOND = [
  { name: 'A', dependsOn: [] as string[] },
  { name: 'B', dependsOn: ['A'] },
  { name: 'C', dependsOn: ['A'] },
  { name: 'D', dependsOn: ['B', 'C'] },
];

const SQL = {
  createTask: createAndClaimTaskSql(SCHEMA),
  getTask: getTaskSql(SCHEMA),
  explainTask: explainTaskSql(SCHEMA),
  runCycle: runCycleSql(SCHEMA),
  heartbeat: heartbeatSql(SCHEMA),
  expireLeases: expireLeasesSql(SCHEMA),
};

/** The library's listTasks statement (its SQL depends on the filters given) for a status filter or none. */
function listPage(status: string | null): { text: string; values: unknown[] } {
  return listTasksQuery(SCHEMA, status === null ? {} : { status }, 20, 0);
}

// ---------------------------------------------------------------------------------------------
// Data

interface Definition {
  namedTaskId: number;
  namedStepIds: Map<string, number>;
}

async function registerDiamond(client: Client): Promise<Definition> {
  const { rows } = await client.query<{ named_task_id: number; id: number; name: string }>(
    registerTaskDefinitionSql(SCHEMA),
    [
      'bench',
      'diamond',
      '1.0.0',
      'A; B and C after A; D after both',
      JSON.stringify({ steps: DIAMOND }),
      DIAMOND.map((s) => s.name),
      DIAMOND.map(() => 'bench.noop'),
      DIAMOND.map(() => null),
    ],
  );
  return {
    namedTaskId: firstRow(rows, 'the registered definition').named_task_id,
    namedStepIds: new Map(rows.map((r) => [r.name, r.id])),
  };
}

/** The parameters TaskCreator.create sends for a diamond when no worker of its process takes the root (lib/orchestration/task-creator.service.ts). */
function createTaskParams(definition: Definition, context: Record<string, unknown>): { id: string; params: unknown[] } {
  const taskId = uuidv7();
  const ids = new Map(DIAMOND.map((s) => [s.name, uuidv7()]));
  const idOf = (name: string): string => ids.get(name) as string;
  const edges = DIAMOND.flatMap((s) => s.dependsOn.map((p) => [idOf(p), idOf(s.name)]));
  return {
    id: taskId,
    params: [
      taskId,
      definition.namedTaskId,
      'bench',
      'diamond',
      '1.0.0',
      JSON.stringify(context),
      'explain-bench',
      null,
      null,
      [],
      null,
      DIAMOND.length,
      DIAMOND.filter((s) => s.dependsOn.length === 0).length,
      DIAMOND.map((s) => idOf(s.name)),
      DIAMOND.map((s) => definition.namedStepIds.get(s.name)),
      DIAMOND.map((s) => s.name),
      DIAMOND.map((_, i) => i),
      DIAMOND.map(() => true),
      DIAMOND.map(() => 3),
      DIAMOND.map(() => null),
      DIAMOND.map(() => null),
      DIAMOND.map((s) => s.dependsOn.length),
      edges.map(([p]) => p),
      edges.map(([, c]) => c),
      readyChannel(SCHEMA),
      // nothing claimed by the creating statement (no worker in this process), notify payload ''
      DIAMOND.map(() => false),
      null,
      0,
      '',
      // correlation id, trace context (none: no tracing SDK)
      taskId,
      null,
    ],
  };
}

/** Deterministic time-ordered ids (uuidv7 layout: ms, version 7, kind, variant, counter). */
const UUID7_FUNCTION = `
CREATE OR REPLACE FUNCTION pg_temp.uuid7(ms bigint, kind int, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS
$$ SELECT (lpad(to_hex(ms), 12, '0') || '7' || lpad(to_hex(kind), 3, '0') || '8000' || lpad(to_hex(n), 12, '0'))::uuid $$`;

/**
 * History: finished diamonds (A; B, C after A; D after B and C), created over the last 30 days,
 * every step complete after one attempt, with their edges and transitions (2 per step, 3 per task).
 * FK triggers are off for the fill (session_replication_role = replica): the rows are consistent
 * by construction, and 3 million per-row RI checks would triple the time.
 */
function historySql(namedTaskId: number, stepIds: number[], tasks: number): string[] {
  const s = SCHEMA;
  return [
    UUID7_FUNCTION,
    `SET session_replication_role = replica`,
    `CREATE TEMP TABLE h AS
     SELECT i, ts, (extract(epoch FROM ts) * 1000)::bigint AS ms
     FROM (SELECT i, now() - interval '30 days' + (i * (interval '30 days' - interval '1 hour') / ${tasks}) AS ts
           FROM generate_series(1, ${tasks}) i) x`,
    `INSERT INTO ${s}.tasks (id, named_task_id, namespace, name, version, status, context, tags, total_steps, completed_steps,
       active_steps, failed_steps, initiator, created_at, updated_at, started_at, completed_at)
     SELECT pg_temp.uuid7(ms, 0, i), ${namedTaskId}, 'bench', 'diamond', '1.0.0', 'complete', jsonb_build_object('n', i), '{}',
            4, 4, 0, 0, 'history', ts, ts + interval '40 ms', ts + interval '1 ms', ts + interval '40 ms'
     FROM h ORDER BY i`,
    `INSERT INTO ${s}.steps (id, task_id, named_step_id, name, position, status, attempts, max_attempts, results, total_parents,
       unfinished_parents, last_attempted_at, completed_at, created_at, updated_at)
     SELECT pg_temp.uuid7(h.ms, k + 1, h.i), pg_temp.uuid7(h.ms, 0, h.i), (ARRAY[${stepIds.join(',')}])[k + 1],
            (ARRAY['A','B','C','D'])[k + 1], k, 'complete', 1, 3, jsonb_build_object('v', h.i), (ARRAY[0,1,1,2])[k + 1], 0,
            h.ts + (k * 10 + 1) * interval '1 ms', h.ts + (k * 10 + 9) * interval '1 ms', h.ts, h.ts + (k * 10 + 9) * interval '1 ms'
     FROM h, generate_series(0, 3) k ORDER BY h.i, k`,
    `INSERT INTO ${s}.step_edges (task_id, parent_id, child_id)
     SELECT pg_temp.uuid7(h.ms, 0, h.i), pg_temp.uuid7(h.ms, e.p, h.i), pg_temp.uuid7(h.ms, e.c, h.i)
     FROM h, (VALUES (1, 2), (1, 3), (2, 4), (3, 4)) e(p, c) ORDER BY h.i`,
    `INSERT INTO ${s}.step_transitions (step_id, task_id, from_status, to_status, attempt, worker, created_at)
     SELECT pg_temp.uuid7(h.ms, k + 1, h.i), pg_temp.uuid7(h.ms, 0, h.i), x.f, x.t, 1, 'history', h.ts + (k * 10 + x.o) * interval '1 ms'
     FROM h, generate_series(0, 3) k, (VALUES ('pending', 'in_progress', 1), ('in_progress', 'complete', 9)) x(f, t, o)
     ORDER BY h.i, k`,
    `INSERT INTO ${s}.task_transitions (task_id, from_status, to_status, reason, worker, created_at)
     SELECT pg_temp.uuid7(h.ms, 0, h.i), x.f, x.t, x.r, 'history', h.ts + x.o * interval '1 ms'
     FROM h, (VALUES (NULL, 'pending', 'created', 0), ('pending', 'in_progress', 'first step claimed', 1),
                     ('in_progress', 'complete', 'last active step finished', 40)) x(f, t, r, o)
     ORDER BY h.i`,
    `RESET session_replication_role`,
    `DROP TABLE h`,
  ];
}

/**
 * The live set: LIVE_TASKS diamonds in four shapes (j % 4):
 *   0: pending task, A ready;                                 B, C, D blocked
 *   1: A complete, B running (leased to 'live-worker' for 1 h), C waiting_for_retry (due in 1 h), D blocked
 *   2: A, B complete, C running (leased 1 h),                   D blocked on C
 *   3: A complete, B and C ready;                               D blocked
 * Ids are time-ordered like the app's; kinds 16–20 keep them apart from the history's.
 */
function liveSql(namedTaskId: number, stepIds: number[]): string[] {
  const s = SCHEMA;
  // per shape and step: status, unfinished_parents, next_attempt_at offset (s; null = none), leased
  const steps = `(VALUES
      (0, 0, 'pending', 0, -60, false), (0, 1, 'pending', 1, NULL, false),
      (0, 2, 'pending', 1, NULL, false), (0, 3, 'pending', 2, NULL, false),
      (1, 0, 'complete', 0, NULL, false), (1, 1, 'in_progress', 0, NULL, true),
      (1, 2, 'waiting_for_retry', 0, 3600, false), (1, 3, 'pending', 2, NULL, false),
      (2, 0, 'complete', 0, NULL, false), (2, 1, 'complete', 0, NULL, false),
      (2, 2, 'in_progress', 0, NULL, true), (2, 3, 'pending', 1, NULL, false),
      (3, 0, 'complete', 0, NULL, false), (3, 1, 'pending', 0, -30, false),
      (3, 2, 'pending', 0, -30, false), (3, 3, 'pending', 2, NULL, false)
    ) v(shape, k, status, unfinished, due_s, leased)`;
  return [
    UUID7_FUNCTION,
    `CREATE TEMP TABLE l AS
     SELECT j, j % 4 AS shape, now() - interval '10 minutes' + j * interval '1 ms' AS ts,
            (extract(epoch FROM now() - interval '10 minutes') * 1000)::bigint + j AS ms
     FROM generate_series(1, ${LIVE_TASKS}) j`,
    `INSERT INTO ${s}.tasks (id, named_task_id, namespace, name, version, status, context, tags, total_steps, completed_steps,
       active_steps, failed_steps, initiator, created_at, updated_at, started_at)
     SELECT pg_temp.uuid7(ms, 16, j), ${namedTaskId}, 'bench', 'diamond', '1.0.0', CASE WHEN shape = 0 THEN 'pending' ELSE 'in_progress' END,
            jsonb_build_object('live', j), '{live}', 4, (ARRAY[0, 1, 2, 1])[shape + 1], (ARRAY[1, 2, 1, 2])[shape + 1], 0, 'live',
            ts, ts, CASE WHEN shape > 0 THEN ts END
     FROM l ORDER BY j`,
    `INSERT INTO ${s}.steps (id, task_id, named_step_id, name, position, status, attempts, max_attempts, results, last_error,
       total_parents, unfinished_parents, next_attempt_at, lease_owner, lease_expires_at, last_attempted_at, completed_at,
       created_at, updated_at)
     SELECT pg_temp.uuid7(l.ms, 17 + v.k, l.j), pg_temp.uuid7(l.ms, 16, l.j), (ARRAY[${stepIds.join(',')}])[v.k + 1],
            (ARRAY['A','B','C','D'])[v.k + 1], v.k, v.status,
            CASE WHEN v.status IN ('pending') THEN 0 ELSE 1 END, 3,
            CASE WHEN v.status = 'complete' THEN jsonb_build_object('v', l.j) END,
            CASE WHEN v.status = 'waiting_for_retry' THEN '{"message":"boom","code":null,"type":"Error"}'::jsonb END,
            (ARRAY[0,1,1,2])[v.k + 1], v.unfinished,
            CASE WHEN v.due_s IS NOT NULL THEN now() + v.due_s * interval '1 second' END,
            CASE WHEN v.leased THEN 'live-worker' END, CASE WHEN v.leased THEN now() + interval '1 hour' END,
            CASE WHEN v.status <> 'pending' THEN l.ts END, CASE WHEN v.status = 'complete' THEN l.ts END,
            l.ts, l.ts
     FROM l JOIN ${steps} ON v.shape = l.shape ORDER BY l.j, v.k`,
    `INSERT INTO ${s}.step_edges (task_id, parent_id, child_id)
     SELECT pg_temp.uuid7(l.ms, 16, l.j), pg_temp.uuid7(l.ms, 17 + e.p, l.j), pg_temp.uuid7(l.ms, 17 + e.c, l.j)
     FROM l, (VALUES (0, 1), (0, 2), (1, 3), (2, 3)) e(p, c) ORDER BY l.j`,
    `DROP TABLE l`,
  ];
}

/**
 * A busy fleet: FLEET_STEPS steps running (leased for 1 h) for ten other workers, in tasks of four
 * independent steps. Not analyzed afterwards, like a fleet that grew since the last autovacuum
 * ANALYZE (analyzing does not change the plans here: see the README).
 */
function fleetSql(namedTaskId: number, stepIds: number[]): string[] {
  const s = SCHEMA;
  const tasks = Math.ceil(FLEET_STEPS / 4);
  const ms = Date.now();
  return [
    UUID7_FUNCTION,
    `INSERT INTO ${s}.tasks (id, named_task_id, namespace, name, version, status, context, tags, total_steps, active_steps,
       initiator, created_at, updated_at, started_at)
     SELECT pg_temp.uuid7(${ms}, 32, j), ${namedTaskId}, 'bench', 'diamond', '1.0.0', 'in_progress',
            '{}', '{}', 4, 4, 'fleet', now(), now(), now()
     FROM generate_series(1, ${tasks}) j`,
    `INSERT INTO ${s}.steps (id, task_id, named_step_id, name, position, status, attempts, lease_owner, lease_expires_at,
       last_attempted_at)
     SELECT pg_temp.uuid7(${ms}, 33 + k, j), pg_temp.uuid7(${ms}, 32, j),
            (ARRAY[${stepIds.join(',')}])[k + 1], (ARRAY['A','B','C','D'])[k + 1], k, 'in_progress', 1,
            'fleet-worker-' || (j % 10), now() + interval '1 hour', now()
     FROM generate_series(1, ${tasks}) j, generate_series(0, 3) k`,
  ];
}

/**
 * A backlog: BACKLOG_TASKS diamonds just created (pending, their root due since a day, so the
 * claims take them first and each claim starts 12 pending tasks), as createTask writes them.
 */
function backlogSql(namedTaskId: number, stepIds: number[]): string[] {
  const s = SCHEMA;
  const ms = Date.now() - 86_400_000;
  return [
    UUID7_FUNCTION,
    `INSERT INTO ${s}.tasks (id, named_task_id, namespace, name, version, status, context, tags, total_steps, active_steps,
       initiator, created_at, updated_at)
     SELECT pg_temp.uuid7(${ms} + j, 48, j), ${namedTaskId}, 'bench', 'diamond', '1.0.0', 'pending', jsonb_build_object('b', j), '{}',
            4, 1, 'backlog', now() - interval '1 day' + j * interval '1 ms', now()
     FROM generate_series(1, ${BACKLOG_TASKS}) j`,
    `INSERT INTO ${s}.steps (id, task_id, named_step_id, name, position, total_parents, unfinished_parents, next_attempt_at)
     SELECT pg_temp.uuid7(${ms} + j, 49 + k, j), pg_temp.uuid7(${ms} + j, 48, j), (ARRAY[${stepIds.join(',')}])[k + 1],
            (ARRAY['A','B','C','D'])[k + 1], k, (ARRAY[0,1,1,2])[k + 1], (ARRAY[0,1,1,2])[k + 1],
            CASE WHEN k = 0 THEN now() - interval '1 day' + j * interval '1 ms' END
     FROM generate_series(1, ${BACKLOG_TASKS}) j, generate_series(0, 3) k`,
    `INSERT INTO ${s}.step_edges (task_id, parent_id, child_id)
     SELECT pg_temp.uuid7(${ms} + j, 48, j), pg_temp.uuid7(${ms} + j, 49 + e.p, j), pg_temp.uuid7(${ms} + j, 49 + e.c, j)
     FROM generate_series(1, ${BACKLOG_TASKS}) j, (VALUES (0, 1), (0, 2), (1, 3), (2, 3)) e(p, c)`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Plans (auto_explain → NOTICE)

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

interface StatementPlan {
  call: string;
  mode: 'generic' | 'custom';
  statement: string;
  topLevel: boolean;
  ms: number;
  seqScans: string[];
  indexes: string[];
  /** Rows the scans of the large tables returned or filtered out (loops included). */
  rowsRead: number;
  sharedBlocks: number;
  plan?: PlanNode;
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

function summarisePlan(plan: PlanNode): Pick<StatementPlan, 'seqScans' | 'indexes' | 'rowsRead' | 'sharedBlocks'> {
  const seqScans = new Set<string>();
  const indexes = new Set<string>();
  let rowsRead = 0;
  walk(plan, (node) => {
    const relation = node['Relation Name'];
    if (node['Node Type'] === 'Seq Scan' && relation !== undefined && BIG_TABLES.has(relation)) seqScans.add(relation);
    if (node['Index Name'] !== undefined) indexes.add(node['Index Name']);
    const scanned = relation !== undefined && BIG_TABLES.has(relation) && /Scan/.test(node['Node Type']);
    const bitmapIndex = node['Node Type'] === 'Bitmap Index Scan';
    if (scanned || bitmapIndex) {
      const loops = node['Actual Loops'] ?? 1;
      rowsRead +=
        ((node['Actual Rows'] ?? 0) +
          (node['Rows Removed by Filter'] ?? 0) +
          (node['Rows Removed by Index Recheck'] ?? 0)) *
        loops;
    }
  });
  return {
    seqScans: [...seqScans].sort(),
    indexes: [...indexes].sort(),
    rowsRead: Math.round(rowsRead),
    sharedBlocks: (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0),
  };
}

/** A statement's text without the schema, comments and runs of blanks, cut to `max` characters. */
function statementLabel(text: string, max = 110): string {
  const flat = text
    .replace(/--[^\n]*/g, ' ')
    .replace(new RegExp(`\\b${SCHEMA}\\.`, 'g'), '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A statement whose only purpose is to make the server drop the previous unnamed portal. */
const FLUSH = `SELECT 'flush auto_explain'`;

class PlanCollector {
  private current: { call: string; mode: 'generic' | 'custom'; sent: string } | undefined;
  readonly plans: StatementPlan[] = [];

  constructor(private readonly client: Client) {
    client.on('notice', (notice) => {
      const [, ms, logged] = /^duration: ([\d.]+) ms\s+plan:\s*([\s\S]*)$/.exec(notice.message ?? '') ?? [];
      if (ms === undefined || logged === undefined || this.current === undefined) return;
      const parsed = JSON.parse(logged) as { 'Query Text': string; Plan: PlanNode };
      const text = parsed['Query Text'];
      if (text === FLUSH) return;
      this.plans.push({
        call: this.current.call,
        mode: this.current.mode,
        statement: statementLabel(text),
        topLevel: text.trim() === this.current.sent.trim(),
        ms: Number(ms),
        ...summarisePlan(parsed.Plan),
        plan: parsed.Plan,
      });
    });
  }

  static async open(url: string): Promise<PlanCollector> {
    const client = new Client({ connectionString: url, application_name: 'tasker-explain-plans' });
    await client.connect();
    for (const setting of [
      `LOAD 'auto_explain'`,
      `SET auto_explain.log_min_duration = 0`,
      `SET auto_explain.log_level = notice`,
      `SET auto_explain.log_nested_statements = on`,
      `SET auto_explain.log_analyze = on`,
      `SET auto_explain.log_buffers = on`,
      `SET auto_explain.log_format = json`,
      `SET client_min_messages = notice`,
    ]) {
      await client.query(setting);
    }
    return new PlanCollector(client);
  }

  async setMode(mode: 'generic' | 'custom'): Promise<void> {
    this.current = undefined;
    await this.client.query(`SET plan_cache_mode = ${mode === 'generic' ? 'force_generic_plan' : 'force_custom_plan'}`);
  }

  /** Runs `sql` and records the plans of it and of every statement it runs inside. */
  async capture<R extends object>(
    call: string,
    mode: 'generic' | 'custom',
    sql: string,
    params: unknown[],
  ): Promise<R[]> {
    this.current = { call, mode, sent: sql };
    try {
      const { rows } = await this.client.query<R>(sql, params);
      // Nested statements report as they end. A SELECT's own plan is reported when its portal is
      // dropped: at commit outside a transaction block, else at the next statement; this one
      // drops it while the call is still current.
      await this.client.query(FLUSH);
      return rows;
    } finally {
      this.current = undefined;
    }
  }

  /** A statement whose plans are not recorded. */
  async run(sql: string, params: unknown[] = []): Promise<void> {
    await this.client.query(sql, params);
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Worker-like calls

interface Held {
  id: string;
  attempt: number;
}

interface CycleRow {
  kind: string;
  step_id: string | null;
  attempt: number | null;
}

function cycleParams(held: Held[], claim: number): unknown[] {
  return [
    WORKER,
    LEASE_MS,
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

function claimed(rows: CycleRow[]): Held[] {
  return rows
    .filter((r) => r.kind === 'claimed')
    .map((r) => ({ id: r.step_id as string, attempt: r.attempt as number }));
}

const SWEEP_PARAMS = expireLeasesParams({
  sweeperId: 'explain-sweeper',
  limit: 100,
  backoff: { baseMs: 1000, multiplier: 2, maxMs: 300_000, jitter: 0.1 },
});

// ---------------------------------------------------------------------------------------------
// Timing

interface Timing {
  n: number;
  p50Us: number;
  p95Us: number;
  meanUs: number;
}

function timing(samplesUs: number[]): Timing {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(sorted.length, 1);
  return {
    n: sorted.length,
    p50Us: Math.round(quantile(sorted, 0.5)),
    p95Us: Math.round(quantile(sorted, 0.95)),
    meanUs: Math.round(mean),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1000];
}

// ---------------------------------------------------------------------------------------------
// Phases

interface PhaseResult {
  label: 'empty' | 'history';
  rows: Record<string, number>;
  timings: Record<string, Timing>;
  notes: Record<string, unknown>;
  plans: StatementPlan[];
}

async function tableRows(client: Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...BIG_TABLES].sort()) {
    counts[table] = firstRow(
      (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.${table}`)).rows,
      `count(${table})`,
    ).n;
  }
  counts.completeSteps = firstRow(
    (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.steps WHERE status = 'complete'`))
      .rows,
    'count(complete steps)',
  ).n;
  return counts;
}

async function runPhase(
  label: 'empty' | 'history',
  url: string,
  admin: Client,
  definition: Definition,
  stepIds: number[],
  historyTaskIds: string[],
): Promise<PhaseResult> {
  const log = (line: string): void => {
    process.stdout.write(`[${label}] ${line}\n`);
  };
  const notes: Record<string, unknown> = {};
  const timings: Record<string, Timing> = {};

  // Live set (recreated so both phases start from the same live rows).
  await admin.query(`DELETE FROM ${SCHEMA}.tasks WHERE initiator IN ('live', 'explain-bench', 'fleet', 'backlog')`);
  for (const sql of liveSql(definition.namedTaskId, stepIds)) await admin.query(sql);
  const liveIds = (
    await admin.query<{ id: string }>(`SELECT id FROM ${SCHEMA}.tasks WHERE initiator = 'live' ORDER BY id`)
  ).rows.map((r) => r.id);

  const session = new Client({ connectionString: url, application_name: 'tasker-explain-timing' });
  await session.connect();
  try {
    // createTask: also builds the supply of ready steps the claims below consume.
    const createSamples: number[] = [];
    for (let i = 0; i < SUPPLY_TASKS; i++) {
      const { params } = createTaskParams(definition, { i });
      const [, us] = await timed(() => session.query(SQL.createTask, params));
      createSamples.push(us);
    }
    timings.createTask = timing(createSamples.slice(20));
    await admin.query(`ANALYZE ${SCHEMA}.tasks, ${SCHEMA}.steps, ${SCHEMA}.step_edges`);
    const rows = await tableRows(admin);
    log(`rows: ${JSON.stringify(rows)}`);

    // Plans, from one auto_explain session, before the timed calls consume the supply.
    const plans = await capturePlans(url, liveIds, historyTaskIds, definition, admin, '');

    await cyclesAndHeartbeats(session, '', timings, notes);

    const sweepSamples: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const [result, us] = await timed(() => session.query(SQL.expireLeases, SWEEP_PARAMS));
      if (result.rows.length !== 0) throw new Error('expire_leases found expired leases');
      sweepSamples.push(us);
    }
    timings['expire_leases (none expired)'] = timing(sweepSamples);

    const readSamples = async (sql: string, params: (i: number) => unknown[], n: number): Promise<Timing> => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) await session.query(sql, params(i));
      for (let i = 0; i < n; i++) samples.push((await timed(() => session.query(sql, params(i))))[1]);
      return timing(samples);
    };
    timings['getTask (live task)'] = await readSamples(SQL.getTask, (i) => [liveIds[i % liveIds.length]], CALLS);
    if (historyTaskIds.length > 0) {
      timings['getTask (finished task)'] = await readSamples(
        SQL.getTask,
        (i) => [historyTaskIds[(i * 7919) % historyTaskIds.length]],
        CALLS,
      );
    }
    timings['explainTask (live task)'] = await readSamples(
      SQL.explainTask,
      (i) => [liveIds[i % liveIds.length]],
      CALLS,
    );
    for (const [label, status] of [
      ["listTasks (status 'in_progress', first 20)", 'in_progress'],
      ["listTasks (status 'complete', first 20)", 'complete'],
      ['listTasks (no filter, first 20)', null],
    ] as const) {
      const page = listPage(status);
      timings[label] = await readSamples(page.text, () => page.values, LIST_CALLS);
    }

    // The same worker calls while FLEET_STEPS steps run for other workers (fresh sessions).
    for (const sql of fleetSql(definition.namedTaskId, stepIds)) await admin.query(sql);
    const fleetPlans = await capturePlans(url, liveIds, historyTaskIds, definition, admin, `, ${FLEET}`);
    plans.push(...fleetPlans);
    await inFreshSession(url, (fresh) => cyclesAndHeartbeats(fresh, `, ${FLEET}`, timings, notes));

    // A backlog of pending tasks created after the last ANALYZE (which saw only the live set's 50
    // pending tasks): a burst of createTask between two autovacuum ANALYZEs of tasks (autovacuum
    // analyzes a table after 10% of its rows changed). Then the same after ANALYZE.
    await admin.query(`DELETE FROM ${SCHEMA}.tasks WHERE initiator IN ('explain-bench', 'fleet')`);
    await admin.query(`ANALYZE ${SCHEMA}.tasks, ${SCHEMA}.steps, ${SCHEMA}.step_edges`);
    for (const sql of backlogSql(definition.namedTaskId, stepIds)) await admin.query(sql);
    for (const variant of [BACKLOG, BACKLOG_ANALYZED]) {
      if (variant === BACKLOG_ANALYZED)
        await admin.query(`ANALYZE ${SCHEMA}.tasks, ${SCHEMA}.steps, ${SCHEMA}.step_edges`);
      plans.push(...(await capturePlans(url, liveIds, historyTaskIds, definition, admin, `, ${variant}`)));
      await inFreshSession(url, (fresh) => cyclesAndHeartbeats(fresh, `, ${variant}`, timings, notes, false));
    }
    log(`${plans.length} statement plans captured`);
    return { label, rows, timings, notes, plans };
  } finally {
    await session.end();
  }
}

async function inFreshSession(url: string, fn: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url, application_name: 'tasker-explain-timing' });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * run_cycle in the worker's steady state (each call applies the 12 outcomes of the previous one
 * and claims 12 more), then heartbeats of the 12 steps the last cycle claimed; then drains them.
 */
async function cyclesAndHeartbeats(
  session: Client,
  suffix: string,
  timings: Record<string, Timing>,
  notes: Record<string, unknown>,
  heartbeats = true,
): Promise<void> {
  let held = claimed((await session.query<CycleRow>(SQL.runCycle, cycleParams([], CLAIM))).rows);
  const cycleSamples: number[] = [];
  let applied = 0;
  let took = 0;
  for (let i = 0; i < CYCLE_WARM_UP + CYCLES; i++) {
    const [result, us] = await timed(() => session.query<CycleRow>(SQL.runCycle, cycleParams(held, CLAIM)));
    if (i >= CYCLE_WARM_UP) {
      cycleSamples.push(us);
      applied += held.length;
    }
    held = claimed(result.rows);
    if (i >= CYCLE_WARM_UP) took += held.length;
  }
  timings[`run_cycle (apply 12 + claim 12)${suffix}`] = timing(cycleSamples);
  notes[`runCycle${suffix}`] = { cycles: CYCLES, outcomesPerCycle: applied / CYCLES, claimedPerCycle: took / CYCLES };

  const heartbeatSamples: number[] = [];
  for (let i = 0; heartbeats && i < CALLS; i++) {
    const [result, us] = await timed(() => session.query(SQL.heartbeat, [WORKER, held.map((h) => h.id), LEASE_MS]));
    if (result.rows.length !== held.length)
      throw new Error(`heartbeat kept ${result.rows.length} of ${held.length} leases`);
    heartbeatSamples.push(us);
  }
  if (heartbeats) timings[`heartbeat (12 leases)${suffix}`] = timing(heartbeatSamples);
  await session.query(SQL.runCycle, cycleParams(held, 0));
}

/** One auto_explain session: every hot-path call once per plan-cache mode. */
async function capturePlans(
  url: string,
  liveIds: string[],
  historyTaskIds: string[],
  definition: Definition,
  admin: Client,
  suffix: string,
): Promise<StatementPlan[]> {
  const collector = await PlanCollector.open(url);
  try {
    for (const mode of ['generic', 'custom'] as const) {
      await collector.setMode(mode);
      let held = claimed(
        await collector.capture<CycleRow>(
          `run_cycle (claim 12, no outcomes)${suffix}`,
          mode,
          SQL.runCycle,
          cycleParams([], CLAIM),
        ),
      );
      held = claimed(
        await collector.capture<CycleRow>(
          `run_cycle (apply 12 + claim 12)${suffix}`,
          mode,
          SQL.runCycle,
          cycleParams(held, CLAIM),
        ),
      );
      await collector.capture(`heartbeat (12 leases)${suffix}`, mode, SQL.heartbeat, [
        WORKER,
        held.map((h) => h.id),
        LEASE_MS,
      ]);
      await collector.capture(`run_cycle (apply 12, no claim)${suffix}`, mode, SQL.runCycle, cycleParams(held, 0));
      await collector.capture(`expire_leases (none expired)${suffix}`, mode, SQL.expireLeases, SWEEP_PARAMS);
      if (suffix !== '') continue;
      // One live lease made expired inside a transaction that is rolled back: the sweep's second
      // half (locks, backoff, apply_step_outcomes without fencing) runs too.
      const leased = firstRow(
        (
          await admin.query<{ id: string }>(
            `SELECT id FROM ${SCHEMA}.steps WHERE status = 'in_progress' AND lease_owner = 'live-worker' ORDER BY id LIMIT 1`,
          )
        ).rows,
        'a live lease',
      );
      await collector.run('BEGIN');
      try {
        await collector.run(`UPDATE ${SCHEMA}.steps SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [
          leased.id,
        ]);
        await collector.capture('expire_leases (1 expired)', mode, SQL.expireLeases, SWEEP_PARAMS);
      } finally {
        await collector.run('ROLLBACK');
      }
      await collector.capture(
        'createTask (diamond)',
        mode,
        SQL.createTask,
        createTaskParams(definition, { plan: mode }).params,
      );
      await collector.capture('getTask (live task)', mode, SQL.getTask, [liveIds[1]]);
      if (historyTaskIds.length > 0)
        await collector.capture('getTask (finished task)', mode, SQL.getTask, [historyTaskIds[17]]);
      await collector.capture('explainTask (live task)', mode, SQL.explainTask, [liveIds[1]]);
      for (const [label, status] of [
        ["listTasks (status 'in_progress')", 'in_progress'],
        ["listTasks (status 'complete')", 'complete'],
        ['listTasks (no filter)', null],
      ] as const) {
        const page = listPage(status);
        await collector.capture(label, mode, page.text, page.values);
      }
      const count = countTasksQuery(SCHEMA, { status: 'complete' });
      await collector.capture('listTasks past the end: count', mode, count.text, count.values);
    }
    return collector.plans;
  } finally {
    await collector.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

/** A Markdown table of a header row and its rows; a missing cell is empty. */
function pad(cells: string[][], right: Set<number>): string {
  const [header = []] = cells;
  const widths = header.map((_, i) => Math.max(...cells.map((c) => (c[i] ?? '').length)));
  const width = (i: number): number => widths[i] ?? 0;
  const line = (c: string[]): string =>
    `| ${c.map((cell, i) => (right.has(i) ? cell.padStart(width(i)) : cell.padEnd(width(i)))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...cells.slice(1).map(line)].join('\n');
}

function timingTable(empty: PhaseResult, history: PhaseResult): string {
  const names = [...new Set([...Object.keys(empty.timings), ...Object.keys(history.timings)])];
  const us = (t: Timing | undefined): string => (t === undefined ? 'n/a' : t.p50Us.toLocaleString('en-US'));
  const cells = [['call (round trip, µs)', 'empty p50', 'empty p95', '1M p50', '1M p95', '1M / empty']];
  for (const name of names) {
    const a = empty.timings[name];
    const b = history.timings[name];
    const ratio = a !== undefined && b !== undefined ? (b.p50Us / a.p50Us).toFixed(2) : '';
    const p95 = (t: Timing | undefined): string => (t === undefined ? 'n/a' : t.p95Us.toLocaleString('en-US'));
    cells.push([name, us(a), p95(a), us(b), p95(b), ratio]);
  }
  return pad(cells, new Set([1, 2, 3, 4, 5]));
}

interface StatementSummary {
  call: string;
  statement: string;
  /** custom for the library's own statements (node-postgres sends unnamed statements, planned per call), else generic. */
  mode: 'generic' | 'custom';
  emptyMs: number | null;
  historyMs: number | null;
  /** The other plan-cache mode, at 1M. */
  historyOtherMs: number | null;
  emptyRowsRead: number | null;
  historyRowsRead: number | null;
  seqScans: string[];
  indexes: string[];
  /** Why the statement is flagged, empty when it is not. */
  problems: string[];
}

type Slot = `${'empty' | 'history'}/${'generic' | 'custom'}`;

function statementSummaries(empty: PhaseResult, history: PhaseResult): StatementSummary[] {
  const key = (call: string, statement: string): string => `${call}\u0000${statement}`;
  const order: string[] = [];
  const byKey = new Map<
    string,
    { call: string; statement: string; topLevel: boolean; plans: Map<Slot, StatementPlan> }
  >();
  for (const phase of [history, empty]) {
    for (const plan of phase.plans) {
      const k = key(plan.call, plan.statement);
      let entry = byKey.get(k);
      if (entry === undefined) {
        entry = { call: plan.call, statement: plan.statement, topLevel: plan.topLevel, plans: new Map() };
        byKey.set(k, entry);
        order.push(k);
      }
      const slot: Slot = `${phase.label}/${plan.mode}`;
      // A statement run several times in one call (FK checks, one per row): keep the slowest.
      const previous = entry.plans.get(slot);
      if (previous === undefined || plan.ms > previous.ms) entry.plans.set(slot, plan);
    }
  }
  return order.map((k) => {
    const e = byKey.get(k) as { call: string; statement: string; topLevel: boolean; plans: Map<Slot, StatementPlan> };
    const mode = e.topLevel ? 'custom' : 'generic';
    const other = mode === 'custom' ? 'generic' : 'custom';
    // plpgsql may settle on either plan for its statements; the library's statements are always custom.
    const modes: Array<'generic' | 'custom'> = e.topLevel ? ['custom'] : ['generic', 'custom'];
    const problems: string[] = [];
    const relevant = modes
      .flatMap((m) => [e.plans.get(`empty/${m}`), e.plans.get(`history/${m}`)])
      .filter((p): p is StatementPlan => p !== undefined);
    const seqScans = [...new Set(relevant.flatMap((p) => p.seqScans))].sort();
    if (seqScans.length > 0) problems.push(`Seq Scan on ${seqScans.join(', ')}`);
    for (const m of modes) {
      const a = e.plans.get(`empty/${m}`);
      const b = e.plans.get(`history/${m}`);
      if (a !== undefined && b !== undefined && b.rowsRead > Math.max(10 * a.rowsRead, 1000)) {
        problems.push(
          `${m} plan reads ${a.rowsRead.toLocaleString('en-US')} → ${b.rowsRead.toLocaleString('en-US')} rows as history grows`,
        );
      }
    }
    const variant = VARIANTS.find((v) => e.call.endsWith(`, ${v}`));
    if (variant !== undefined) {
      const base = byKey.get(key(e.call.slice(0, -`, ${variant}`.length), e.statement));
      const hits: string[] = [];
      let without = 0;
      let withVariant = 0;
      for (const phase of ['empty', 'history'] as const) {
        for (const m of modes) {
          const a = base?.plans.get(`${phase}/${m}`);
          const b = e.plans.get(`${phase}/${m}`);
          if (a !== undefined && b !== undefined && b.rowsRead > a.rowsRead + 1000) {
            hits.push(`${m} plan at ${phase === 'empty' ? 'empty' : '1M'} history`);
            without = Math.max(without, a.rowsRead);
            withVariant = Math.max(withVariant, b.rowsRead);
          }
        }
      }
      if (hits.length > 0) {
        const n = (v: number): string => v.toLocaleString('en-US');
        problems.push(`reads ${n(withVariant)} rows with the ${variant} (${n(without)} without): ${hits.join(', ')}`);
      }
    }
    if (e.topLevel) {
      const g = e.plans.get('history/generic');
      const c = e.plans.get('history/custom');
      if (
        g !== undefined &&
        c !== undefined &&
        (g.seqScans.length > 0 || g.rowsRead > Math.max(10 * c.rowsRead, 1000))
      ) {
        problems.push(
          `latent: a generic plan (named prepared statement) reads ${g.rowsRead.toLocaleString('en-US')} rows`,
        );
      }
    }
    return {
      call: e.call,
      statement: e.statement,
      mode,
      emptyMs: e.plans.get(`empty/${mode}`)?.ms ?? null,
      historyMs: e.plans.get(`history/${mode}`)?.ms ?? null,
      historyOtherMs: e.plans.get(`history/${other}`)?.ms ?? null,
      emptyRowsRead: e.plans.get(`empty/${mode}`)?.rowsRead ?? null,
      historyRowsRead: e.plans.get(`history/${mode}`)?.rowsRead ?? null,
      seqScans,
      indexes: [...new Set([...e.plans.values()].flatMap((p) => p.indexes))].sort(),
      problems,
    };
  });
}

function statementTable(summaries: StatementSummary[]): string {
  const ms = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(3));
  const n = (v: number | null): string => (v === null ? 'n/a' : v.toLocaleString('en-US'));
  const cells = [
    [
      'call',
      'statement',
      'plan',
      'empty ms',
      '1M ms',
      '1M other plan ms',
      'rows read empty → 1M',
      'indexes (both plans)',
      'flag',
    ],
  ];
  let lastCall = '';
  for (const s of summaries) {
    // The variants' statements are listed only when they read more than without the variant.
    if (s.problems.length === 0 && VARIANTS.some((v) => s.call.endsWith(`, ${v}`))) continue;
    cells.push([
      s.call === lastCall ? '' : s.call,
      statementLabel(s.statement, 64),
      s.mode,
      ms(s.emptyMs),
      ms(s.historyMs),
      ms(s.historyOtherMs),
      `${n(s.emptyRowsRead)} → ${n(s.historyRowsRead)}`,
      s.indexes.join(', ') || '-',
      s.problems.length === 0 ? '' : s.problems.some((p) => !p.startsWith('latent')) ? 'PROBLEM' : 'latent',
    ]);
    lastCall = s.call;
  }
  return pad(cells, new Set([3, 4, 5, 6]));
}

// ---------------------------------------------------------------------------------------------

function repositoryRoot(): string {
  // dist/bench/explain-hot-path.js → the repository root
  return dirname(dirname(__dirname));
}

async function main(): Promise<void> {
  const started = performance.now();
  const say = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  say(
    `explain-hot-path: scratch database ${DATABASE}; history ${HISTORY_TASKS.toLocaleString('en-US')} finished diamonds`,
  );
  const url = await recreateDatabase(DATABASE);
  let admin: Client | undefined;
  try {
    const dataSource = new DataSource(postgresDataSourceOptions(url, SCHEMA, 2));
    await dataSource.initialize();
    try {
      await runTaskerMigrations(dataSource, SCHEMA, false);
    } finally {
      await dataSource.destroy();
    }
    admin = new Client({ connectionString: url, application_name: 'tasker-explain-admin' });
    await admin.connect();
    const definition = await registerDiamond(admin);
    const stepIds = DIAMOND.map((s) => definition.namedStepIds.get(s.name) as number);

    const empty = await runPhase('empty', url, admin, definition, stepIds, []);

    say(
      `[history] filling ${HISTORY_TASKS.toLocaleString('en-US')} finished tasks (${(4 * HISTORY_TASKS).toLocaleString('en-US')} steps)…`,
    );
    const fillStart = performance.now();
    for (const sql of historySql(definition.namedTaskId, stepIds, HISTORY_TASKS)) await admin.query(sql);
    const fillMs = performance.now() - fillStart;
    const vacuumStart = performance.now();
    await admin.query(`VACUUM ANALYZE ${[...BIG_TABLES].map((t) => `${SCHEMA}.${t}`).join(', ')}`);
    const vacuumMs = performance.now() - vacuumStart;
    say(`[history] filled in ${(fillMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${(vacuumMs / 1000).toFixed(1)} s`);
    const historyTaskIds = (
      await admin.query<{ id: string }>(
        `SELECT id FROM ${SCHEMA}.tasks TABLESAMPLE SYSTEM (1) WHERE initiator = 'history' LIMIT 1000`,
      )
    ).rows.map((r) => r.id);

    const history = await runPhase('history', url, admin, definition, stepIds, historyTaskIds);
    history.notes.fill = { ms: Math.round(fillMs), vacuumAnalyzeMs: Math.round(vacuumMs) };

    const summaries = statementSummaries(empty, history);
    say('');
    say("Round trips (the library's SQL, one session, median/p95 µs per call):");
    say(timingTable(empty, history));
    say('');
    say(
      'Statements of each call and inside it (auto_explain: nested statements and FK checks included; ms: one run, executor time',
    );
    say(
      'under EXPLAIN ANALYZE; plan: the one compared across phases; rows read: rows returned or filtered out by scans of the large tables):',
    );
    say(statementTable(summaries));
    const flagged = summaries.filter((s) => s.problems.length > 0);
    say('');
    if (flagged.length === 0)
      say('No Seq Scan on a large table; no statement reads more rows as history or the fleet grows.');
    for (const s of flagged) say(`- ${s.call}: ${statementLabel(s.statement, 80)}\n    ${s.problems.join('; ')}`);

    const out = join(repositoryRoot(), 'bench', 'results', 'explain.json');
    mkdirSync(dirname(out), { recursive: true });
    const stripPlans = (phase: PhaseResult, keep: boolean): PhaseResult => ({
      ...phase,
      plans: phase.plans.map((p) => (keep ? p : { ...p, plan: undefined })),
    });
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          generatedAt: new Date().toISOString(),
          server: firstRow((await admin.query<{ v: string }>('SELECT version() AS v')).rows, 'version()').v,
          historyTasks: HISTORY_TASKS,
          settings: {
            supplyTasks: SUPPLY_TASKS,
            liveTasks: LIVE_TASKS,
            fleetSteps: FLEET_STEPS,
            backlogTasks: BACKLOG_TASKS,
            cycles: CYCLES,
            claim: CLAIM,
            calls: CALLS,
            listCalls: LIST_CALLS,
          },
          timings: { empty: empty.timings, history: history.timings },
          rows: { empty: empty.rows, history: history.rows },
          notes: { empty: empty.notes, history: history.notes },
          statements: summaries,
          // full plans of the history phase (JSON EXPLAIN nodes); the empty phase keeps summaries only
          plans: { empty: stripPlans(empty, false).plans, history: stripPlans(history, true).plans },
          elapsedMs: Math.round(performance.now() - started),
        },
        null,
        2,
      )}\n`,
    );
    say(`wrote ${out} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await admin?.end().catch(() => undefined);
    await dropDatabase(DATABASE);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
