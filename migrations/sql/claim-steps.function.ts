/**
 * claim_steps(worker, limit, lease_ms): takes up to `limit` due steps across all tasks for one
 * worker, marks them in_progress under a lease, counts the attempt, starts their tasks (pending →
 * in_progress) and logs the transitions; returns what the executor needs to start each handler,
 * the task context and the results of the task's finished steps included, so nothing else is read
 * before the handler starts.
 *
 * Index: steps_ready_idx holds exactly the claimable rows ordered by next_attempt_at, so the claim
 * never reads finished history. Locking: FOR UPDATE SKIP LOCKED makes concurrent workers take
 * disjoint rows without waiting; the row lock is held until commit, so no step gets two leases.
 */
export const CLAIM_STEPS = `
CREATE FUNCTION {{schema}}.claim_steps(p_worker text, p_limit int, p_lease_ms int)
RETURNS TABLE (step_id uuid, task_id uuid, named_task_id int, step_name text, attempt int, max_attempts int,
               retryable boolean, timeout_ms int, context jsonb, task_started boolean, prior_results jsonb)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
BEGIN
  -- plpgsql rather than sql: its plans are prepared once per session, a sql function's each call.
  RETURN QUERY
  WITH due AS (
    SELECT s.id, s.status
    FROM {{schema}}.steps s
    WHERE s.status IN ('pending', 'waiting_for_retry') AND s.unfinished_parents = 0 AND s.next_attempt_at <= now()
    ORDER BY s.next_attempt_at
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE {{schema}}.steps s
    SET status = 'in_progress', attempts = s.attempts + 1, lease_owner = p_worker,
        lease_expires_at = now() + p_lease_ms * interval '1 millisecond', last_attempted_at = now(),
        next_attempt_at = NULL, updated_at = now()
    FROM due
    WHERE s.id = due.id
    RETURNING s.id, s.task_id, s.name, s.attempts, s.max_attempts, s.retryable, s.timeout_ms, s.total_parents,
              due.status AS from_status
  ), starting AS (
    -- SKIP LOCKED: a claim never waits. A task locked by an operator action stays pending for now;
    -- a later claim or its finishing batch (which treats pending like in_progress) moves it on.
    SELECT t.id FROM {{schema}}.tasks t
    WHERE t.id IN (SELECT c.task_id FROM claimed c) AND t.status = 'pending'
    FOR UPDATE SKIP LOCKED
  ), started AS (
    UPDATE {{schema}}.tasks t
    SET status = 'in_progress', started_at = now(), updated_at = now()
    FROM starting WHERE t.id = starting.id
    RETURNING t.id
  ), step_log AS (
    INSERT INTO {{schema}}.step_transitions (step_id, task_id, from_status, to_status, attempt, worker)
    SELECT c.id, c.task_id, c.from_status, 'in_progress', c.attempts, p_worker FROM claimed c
  ), task_log AS (
    INSERT INTO {{schema}}.task_transitions (task_id, from_status, to_status, reason, worker)
    SELECT st.id, 'pending', 'in_progress', 'first step claimed', p_worker FROM started st
  )
  SELECT c.id, c.task_id, t.named_task_id, c.name::text, c.attempts, c.max_attempts, c.retryable, c.timeout_ms, t.context,
         EXISTS (SELECT 1 FROM started st WHERE st.id = c.task_id),
         -- the finished steps' results of the task, so ctx.result() needs no query of its own; the
         -- worker exposes only the step's ancestors. Roots need none.
         CASE WHEN c.total_parents > 0 THEN
           (SELECT jsonb_object_agg(p.name, p.results) FROM {{schema}}.steps p
            WHERE p.task_id = c.task_id AND p.status IN ('complete', 'resolved_manually'))
         END
  FROM claimed c JOIN {{schema}}.tasks t ON t.id = c.task_id;
END
$fn$;
COMMENT ON FUNCTION {{schema}}.claim_steps(text, int, int) IS 'Claims up to p_limit due steps for a worker under a lease (hot path).';
`;
