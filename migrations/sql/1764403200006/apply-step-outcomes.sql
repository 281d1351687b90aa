-- apply_step_outcomes(...): as in 1764403200002 (writes a batch of outcomes in one statement,
-- unblocks children, moves the tasks' counters, finishes tasks, logs every change; same fencing,
-- same lock order, same rows returned), plus a fourth outcome, 'release'.
--
-- 'release' gives back a run that a graceful shutdown stopped (or that the worker never started
-- because its claim was too old): it does not count as an attempt. The step's attempt counter goes
-- back down, its `releases` counter up, and it is due again at once (status pending when no attempt
-- is left on the counter, else waiting_for_retry); its last_error is kept. The transition is logged
-- as 'released' (not a step status: it says the run was given back, with the reason in `error`),
-- and the returned 'step' row says 'released' too. A step that was already released 3 times is
-- not released again: the run counts as an attempt, due again at once when attempts are left and
-- the step is retryable, else the step ends in error. That bound keeps a step whose runs never
-- finish within the shutdown grace period from being handed around forever.

CREATE OR REPLACE FUNCTION {{schema}}.apply_step_outcomes(
  p_worker text, p_fence_lease boolean, p_ids uuid[], p_attempts int[], p_outcomes text[], p_results jsonb[],
  p_errors jsonb[], p_delays_ms int[])
RETURNS TABLE (kind text, step_id uuid, task_id uuid, status text, attempt int, named_task_id int, step_name text,
               error jsonb, retry_in_ms int)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_tasks uuid[];
  v_children uuid[];
BEGIN
  -- Lock order for every writer of a task's steps: the task rows first (in id order), then steps.
  -- It keeps this batch, operator actions (cancel, retry, resolve) and lease sweeps from deadlocking.
  SELECT array_agg(DISTINCT s.task_id) INTO v_tasks FROM {{schema}}.steps s WHERE s.id = ANY (p_ids);
  PERFORM 1 FROM {{schema}}.tasks t WHERE t.id = ANY (v_tasks) ORDER BY t.id FOR UPDATE OF t;
  SELECT array_agg(e.child_id) INTO v_children FROM {{schema}}.step_edges e WHERE e.parent_id = ANY (p_ids);

  -- The "= ANY (array)" filters below only restate the joins: they let the planner reach every
  -- row through a primary key whatever its row estimates.
  RETURN QUERY
  WITH input AS (
    -- A release turns into what it is: 'released', or past the bound an attempt ('retry'/'error').
    -- The task rows are locked, so no other writer changes these steps' counters meanwhile.
    SELECT i.id, i.attempt, i.result, i.error,
           CASE WHEN i.outcome = 'release' THEN 0 ELSE i.delay_ms END AS delay_ms,
           CASE WHEN i.outcome <> 'release' THEN i.outcome
                WHEN r.releases < 3 THEN 'released'
                WHEN r.retryable AND r.attempts < r.max_attempts THEN 'retry'
                ELSE 'error' END AS outcome
    FROM unnest(p_ids, p_attempts, p_outcomes, p_results, p_errors, p_delays_ms)
      AS i(id, attempt, outcome, result, error, delay_ms)
    LEFT JOIN {{schema}}.steps r ON r.id = i.id AND r.id = ANY (p_ids)
  ), done AS (
    UPDATE {{schema}}.steps s
    SET status = CASE i.outcome WHEN 'complete' THEN 'complete' WHEN 'retry' THEN 'waiting_for_retry'
                                WHEN 'released' THEN CASE WHEN s.attempts > 1 THEN 'waiting_for_retry' ELSE 'pending' END
                                ELSE 'error' END,
        attempts = CASE WHEN i.outcome = 'released' THEN s.attempts - 1 ELSE s.attempts END,
        releases = CASE WHEN i.outcome = 'released' THEN s.releases + 1 ELSE s.releases END,
        results = CASE WHEN i.outcome = 'complete' THEN i.result ELSE s.results END,
        last_error = CASE WHEN i.outcome IN ('complete', 'released') THEN s.last_error ELSE i.error END,
        next_attempt_at = CASE WHEN i.outcome IN ('retry', 'released') THEN now() + i.delay_ms * interval '1 millisecond' END,
        completed_at = CASE WHEN i.outcome = 'complete' THEN now() END,
        lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
    FROM input i
    -- "lease_owner IS NOT NULL" means in_progress (only running steps hold a lease) without
    -- matching steps_lease_idx's predicate, which would lure the planner off the primary key.
    WHERE s.id = ANY (p_ids) AND s.id = i.id AND s.lease_owner IS NOT NULL AND s.attempts = i.attempt
      AND (NOT p_fence_lease OR (s.lease_owner = p_worker AND s.lease_expires_at > now()))
    RETURNING s.id, s.task_id, s.name,
              CASE WHEN i.outcome = 'released' THEN 'released' ELSE s.status END AS status,
              i.attempt AS attempts, i.error, i.delay_ms
  ), unblocked AS (
    UPDATE {{schema}}.steps c
    SET unfinished_parents = c.unfinished_parents - k.n,
        next_attempt_at = CASE WHEN c.unfinished_parents = k.n THEN now() ELSE c.next_attempt_at END,
        updated_at = now()
    FROM (SELECT e.child_id, count(*)::int AS n
          FROM {{schema}}.step_edges e JOIN done d ON d.id = e.parent_id
          WHERE e.parent_id = ANY (p_ids) AND d.status = 'complete'
          GROUP BY e.child_id) k
    WHERE c.id = ANY (v_children) AND c.id = k.child_id AND c.status = 'pending'
    RETURNING c.task_id, c.unfinished_parents
  ), deltas AS (
    SELECT x.task_id, sum(x.completed)::int AS completed, sum(x.failed)::int AS failed, sum(x.active)::int AS active
    FROM (
      SELECT d.task_id, (d.status = 'complete')::int AS completed, (d.status = 'error')::int AS failed,
             -((d.status IN ('complete', 'error'))::int) AS active
      FROM done d
      UNION ALL
      SELECT u.task_id, 0, 0, 1 FROM unblocked u WHERE u.unfinished_parents = 0
    ) x
    GROUP BY x.task_id
  ), finished AS (
    UPDATE {{schema}}.tasks t
    SET completed_steps = t.completed_steps + dl.completed,
        failed_steps = t.failed_steps + dl.failed,
        active_steps = t.active_steps + dl.active,
        status = CASE WHEN t.status NOT IN ('pending', 'in_progress') OR t.active_steps + dl.active > 0 THEN t.status
                      WHEN t.completed_steps + dl.completed = t.total_steps THEN 'complete'
                      ELSE 'error' END,
        -- completed_at = now() marks, in RETURNING, exactly the tasks this transaction finished
        completed_at = CASE WHEN t.status IN ('pending', 'in_progress') AND t.active_steps + dl.active = 0 THEN now()
                            ELSE t.completed_at END,
        updated_at = now()
    FROM deltas dl
    WHERE t.id = ANY (v_tasks) AND t.id = dl.task_id
    RETURNING t.id, t.status, t.completed_at, t.named_task_id
  ), step_log AS (
    INSERT INTO {{schema}}.step_transitions (step_id, task_id, from_status, to_status, attempt, worker, error)
    SELECT d.id, d.task_id, 'in_progress', d.status, d.attempts, p_worker, d.error FROM done d
  ), task_log AS (
    INSERT INTO {{schema}}.task_transitions (task_id, from_status, to_status, reason, worker)
    SELECT f.id, 'in_progress', f.status, 'last active step finished', p_worker FROM finished f WHERE f.completed_at = now()
  )
  SELECT 'step'::text, d.id, d.task_id, d.status::text, d.attempts, f.named_task_id, d.name::text, d.error,
         CASE WHEN d.status = 'waiting_for_retry' THEN d.delay_ms END
  FROM done d JOIN finished f ON f.id = d.task_id
  UNION ALL
  SELECT 'task'::text, NULL::uuid, f.id, f.status::text, NULL::int, f.named_task_id, NULL::text,
         CASE WHEN f.status = 'error' THEN coalesce(
           (SELECT d.error FROM done d WHERE d.task_id = f.id AND d.status = 'error' LIMIT 1),
           (SELECT s.last_error FROM {{schema}}.steps s WHERE s.task_id = f.id AND s.status = 'error' LIMIT 1)) END,
         NULL::int
  FROM finished f WHERE f.completed_at = now();
END
$fn$;
COMMENT ON FUNCTION {{schema}}.apply_step_outcomes(text, boolean, uuid[], int[], text[], jsonb[], jsonb[], int[])
  IS 'Applies a batch of step outcomes (releases included), unblocks children and finishes tasks (hot path).';
