-- Frozen: shipped with migration 1764403200002. Never edit; change it in a new migration (migrations/README.md).
--
-- claim_steps(worker, limit, lease_ms): takes up to `limit` due steps across all tasks for one
-- worker, marks them in_progress under a lease, counts the attempt, starts their tasks (pending →
-- in_progress) and logs the transitions; returns what the executor needs to start each handler,
-- the task context and the results of the task's finished steps included, so nothing else is read
-- before the handler starts.
--
-- Index: steps_ready_idx holds exactly the claimable rows ordered by next_attempt_at, so the claim
-- never reads finished history. Every later statement reaches its rows through `= ANY (ids)` on a
-- primary key: with the ids in arrays the planner cannot mistake a claim of a few rows for a join
-- worth scanning whole tables (it did, with CTE joins and a parameterised LIMIT).
-- Locking: FOR UPDATE SKIP LOCKED makes concurrent workers take disjoint rows without waiting; the
-- row lock is held until commit, so no step gets two leases. Tasks are locked with SKIP LOCKED too:
-- a claim never waits on an operator action.

CREATE FUNCTION {{schema}}.claim_steps(p_worker text, p_limit int, p_lease_ms int)
RETURNS TABLE (step_id uuid, task_id uuid, named_task_id int, step_name text, attempt int, max_attempts int,
               retryable boolean, timeout_ms int, context jsonb, task_started boolean, prior_results jsonb)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_ids uuid[];
  v_from text[];
  v_tasks uuid[];
  v_started uuid[];
BEGIN
  SELECT array_agg(d.id ORDER BY d.next_attempt_at), array_agg(d.status ORDER BY d.next_attempt_at)
  INTO v_ids, v_from
  FROM (SELECT s.id, s.status, s.next_attempt_at
        FROM {{schema}}.steps s
        WHERE s.status IN ('pending', 'waiting_for_retry') AND s.unfinished_parents = 0 AND s.next_attempt_at <= now()
        ORDER BY s.next_attempt_at
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED) d;
  IF v_ids IS NULL THEN
    RETURN;
  END IF;

  WITH claimed AS (
    UPDATE {{schema}}.steps s
    SET status = 'in_progress', attempts = s.attempts + 1, lease_owner = p_worker,
        lease_expires_at = now() + p_lease_ms * interval '1 millisecond', last_attempted_at = now(),
        next_attempt_at = NULL, updated_at = now()
    WHERE s.id = ANY (v_ids)
    RETURNING s.id, s.task_id, s.attempts
  ), step_log AS (
    INSERT INTO {{schema}}.step_transitions (step_id, task_id, from_status, to_status, attempt, worker)
    SELECT c.id, c.task_id, v_from[array_position(v_ids, c.id)], 'in_progress', c.attempts, p_worker FROM claimed c
  )
  SELECT array_agg(DISTINCT c.task_id) INTO v_tasks FROM claimed c;

  WITH starting AS (
    SELECT t.id FROM {{schema}}.tasks t
    -- IS TRUE keeps the status test out of index conditions: with stale statistics the planner
    -- otherwise walked tasks_status_created_at_idx over every pending task instead of the pkey.
    WHERE t.id = ANY (v_tasks) AND (t.status = 'pending') IS TRUE
    FOR UPDATE SKIP LOCKED
  ), started AS (
    UPDATE {{schema}}.tasks t
    SET status = 'in_progress', started_at = now(), updated_at = now()
    WHERE t.id = ANY (v_tasks) AND t.id IN (SELECT starting.id FROM starting)
    RETURNING t.id
  ), task_log AS (
    INSERT INTO {{schema}}.task_transitions (task_id, from_status, to_status, reason, worker)
    SELECT st.id, 'pending', 'in_progress', 'first step claimed', p_worker FROM started st
  )
  SELECT array_agg(st.id) INTO v_started FROM started st;

  RETURN QUERY
  SELECT s.id, s.task_id, t.named_task_id, s.name::text, s.attempts, s.max_attempts, s.retryable, s.timeout_ms, t.context,
         coalesce(s.task_id = ANY (v_started), false),
         -- the finished steps' results of the task, so ctx.result() needs no query of its own; the
         -- worker exposes only the step's ancestors. Roots need none.
         CASE WHEN s.total_parents > 0 THEN
           (SELECT jsonb_object_agg(p.name, p.results) FROM {{schema}}.steps p
            WHERE p.task_id = s.task_id AND p.status IN ('complete', 'resolved_manually'))
         END
  FROM {{schema}}.steps s JOIN {{schema}}.tasks t ON t.id = s.task_id
  WHERE s.id = ANY (v_ids) AND t.id = ANY (v_tasks)
  ORDER BY array_position(v_ids, s.id);
END
$fn$;
COMMENT ON FUNCTION {{schema}}.claim_steps(text, int, int) IS 'Claims up to p_limit due steps for a worker under a lease (hot path).';
