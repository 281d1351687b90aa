import { sql } from './admin-sql';

/** One broken promise of the engine, with a few example rows. */
export interface Violation {
  invariant: string;
  count: number;
  examples: unknown[];
}

/** What the database says after a scenario. */
export interface RunCounts {
  tasks: number;
  steps: number;
  complete: number;
  failedAsDesigned: number;
  stuck: number;
  lost: number;
  duplicates: number;
  runs: number;
  reRuns: number;
  flakyRuns: number;
  interruptedRuns: number;
  lostOutcomes: number;
}

/**
 * Each check is a query returning the offending rows (none when the invariant holds). The run
 * table `chaos.runs` is the handlers' own record: one row per handler start.
 */
const CHECKS: Array<{ invariant: string; query: string }> = [
  {
    invariant: 'stuck: task not terminal after the scenario',
    query: `SELECT id, name, status FROM tasker.tasks WHERE status IN ('pending', 'in_progress')`,
  },
  {
    invariant: 'wrong outcome: task not complete (or, when designed to fail, not error)',
    query: `SELECT id, name, status, context FROM tasker.tasks
            WHERE status NOT IN ('pending', 'in_progress')
              AND status <> CASE WHEN (context->>'doomed')::boolean IS TRUE THEN 'error' ELSE 'complete' END`,
  },
  {
    invariant: 'duplicate: step completed more than once (step_transitions to complete)',
    query: `SELECT step_id, count(*)::int AS completions FROM tasker.step_transitions
            WHERE to_status = 'complete' GROUP BY step_id HAVING count(*) > 1`,
  },
  {
    invariant: 'complete step without exactly one transition to complete',
    query: `SELECT s.id FROM tasker.steps s
            WHERE s.status = 'complete'
              AND (SELECT count(*) FROM tasker.step_transitions t WHERE t.step_id = s.id AND t.to_status = 'complete') <> 1`,
  },
  {
    invariant: 'result not from the final attempt (or missing)',
    query: `SELECT s.id, s.attempts, s.results FROM tasker.steps s
            WHERE s.status = 'complete'
              AND (s.results IS NULL OR (s.results->>'attempt')::int IS DISTINCT FROM s.attempts
                   OR NOT EXISTS (SELECT 1 FROM chaos.runs r
                                  WHERE r.id = (s.results->>'runId')::bigint AND r.step_id = s.id
                                    AND r.attempt = s.attempts AND r.outcome = 'ok'))`,
  },
  {
    // A run released by a graceful shutdown does not use up its attempt: its re-run has the same
    // number. So only runs that reached an outcome must be one per attempt.
    invariant: 'counters: a run recorded for an attempt the step never made, or two finished runs of one attempt',
    query: `SELECT r.step_id, r.attempt, count(r.outcome)::int AS finished_runs, max(s.attempts) AS attempts
            FROM chaos.runs r JOIN tasker.steps s ON s.id = r.step_id
            GROUP BY r.step_id, r.attempt HAVING count(r.outcome) > 1 OR r.attempt > max(s.attempts)`,
  },
  {
    invariant: "counters: task's step counters disagree with its steps",
    query: `SELECT t.id, t.total_steps, t.completed_steps, t.failed_steps, c.total, c.complete, c.failed
            FROM tasker.tasks t
            JOIN (SELECT task_id, count(*)::int AS total, count(*) FILTER (WHERE status = 'complete')::int AS complete,
                         count(*) FILTER (WHERE status = 'error')::int AS failed
                  FROM tasker.steps GROUP BY task_id) c ON c.task_id = t.id
            WHERE t.status NOT IN ('pending', 'in_progress')
              AND (t.total_steps <> c.total OR t.completed_steps <> c.complete OR t.failed_steps <> c.failed)`,
  },
  {
    invariant: 'lease left behind: a step still in progress or leased',
    query: `SELECT id, status, lease_owner, lease_expires_at FROM tasker.steps
            WHERE lease_owner IS NOT NULL OR status = 'in_progress'`,
  },
  {
    invariant: 'handler started after its step had finished',
    query: `SELECT r.id AS run, r.step_id, r.attempt, r.pid, r.started_at, r.recorded_at, s.completed_at, s.attempts
            FROM chaos.runs r JOIN tasker.steps s ON s.id = r.step_id
            WHERE s.completed_at IS NOT NULL AND r.started_at > s.completed_at`,
  },
];

/** Checks every invariant over the whole database; `expectedTaskIds` are the tasks created so far. */
export async function checkInvariants(
  url: string,
  expectedTaskIds: string[],
  expectedKeys: string[],
): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const check of CHECKS) {
    const rows = await sql<Record<string, unknown>>(url, check.query);
    if (rows.length > 0)
      violations.push({ invariant: check.invariant, count: rows.length, examples: rows.slice(0, 3) });
  }
  const missing = await sql<{ id: string }>(
    url,
    `SELECT e.id FROM unnest($1::uuid[]) AS e(id) WHERE NOT EXISTS (SELECT 1 FROM tasker.tasks t WHERE t.id = e.id)`,
    [expectedTaskIds],
  );
  const missingKeys = await sql<{ key: string }>(
    url,
    `SELECT k.key FROM unnest($1::text[]) AS k(key) WHERE NOT EXISTS (SELECT 1 FROM tasker.tasks t WHERE t.idempotency_key = k.key)`,
    [expectedKeys],
  );
  if (missing.length + missingKeys.length > 0) {
    violations.push({
      invariant: 'lost: a created task is missing',
      count: missing.length + missingKeys.length,
      examples: [...missing, ...missingKeys].slice(0, 3),
    });
  }
  const extra = await sql<{ n: number }>(url, `SELECT count(*)::int AS n FROM tasker.tasks`);
  if ((extra[0]?.n ?? 0) !== expectedKeys.length) {
    violations.push({
      invariant: 'task count differs from the tasks requested (duplicate creation?)',
      count: 1,
      examples: [{ inDatabase: extra[0]?.n, requested: expectedKeys.length }],
    });
  }
  return violations;
}

/** Counts for the report. */
export async function countRun(url: string, expectedTaskIds: string[]): Promise<RunCounts> {
  const [row] = await sql<RunCounts>(
    url,
    `WITH final AS (SELECT id, (results->>'runId')::bigint AS run_id FROM tasker.steps)
     SELECT (SELECT count(*)::int FROM tasker.tasks) AS tasks,
            (SELECT count(*)::int FROM tasker.steps) AS steps,
            (SELECT count(*)::int FROM tasker.tasks WHERE status = 'complete') AS complete,
            (SELECT count(*)::int FROM tasker.tasks WHERE status = 'error' AND (context->>'doomed')::boolean) AS "failedAsDesigned",
            (SELECT count(*)::int FROM tasker.tasks WHERE status IN ('pending', 'in_progress')) AS stuck,
            (SELECT count(*)::int FROM unnest($1::uuid[]) AS e(id) WHERE NOT EXISTS (SELECT 1 FROM tasker.tasks t WHERE t.id = e.id)) AS lost,
            (SELECT count(*)::int FROM (SELECT step_id FROM tasker.step_transitions WHERE to_status = 'complete'
                                        GROUP BY step_id HAVING count(*) > 1) d) AS duplicates,
            (SELECT count(*)::int FROM chaos.runs) AS runs,
            (SELECT count(*)::int FROM chaos.runs) - (SELECT count(DISTINCT step_id)::int FROM chaos.runs) AS "reRuns",
            (SELECT count(*)::int FROM chaos.runs WHERE outcome = 'retryable') AS "flakyRuns",
            (SELECT count(*)::int FROM chaos.runs WHERE outcome IS NULL) AS "interruptedRuns",
            (SELECT count(*)::int FROM chaos.runs r WHERE r.outcome = 'ok'
               AND NOT EXISTS (SELECT 1 FROM final f WHERE f.run_id = r.id)) AS "lostOutcomes"`,
    [expectedTaskIds],
  );
  if (!row) throw new Error('no counts');
  return row;
}
