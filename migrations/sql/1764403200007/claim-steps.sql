-- Migration 1764403200007: claim_steps as in 1764403200002, and per claimed step also the task's
-- correlation id (its id for tasks created before this migration) and trace context, when the step
-- became due (ready_ms: its next_attempt_at as claimed, which is its task's creation for a root, the
-- moment its last parent finished for a child, the end of its backoff for a retry) and when the step
-- was created (created_ms), both in epoch milliseconds (a float8 parses cheaper than a timestamptz).
-- next_attempt_at is read in the locking select the claim already makes, into an array like the
-- previous statuses: no extra read, no extra join.

CREATE FUNCTION {{schema}}.claim_steps(p_worker text, p_limit int, p_lease_ms int)
RETURNS TABLE (step_id uuid, task_id uuid, named_task_id int, step_name text, attempt int, max_attempts int,
               retryable boolean, timeout_ms int, context jsonb, task_started boolean, prior_results jsonb,
               correlation_id text, trace_context jsonb, ready_ms float8, created_ms float8)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_ids uuid[];
  v_from text[];
  v_ready timestamptz[];
  v_tasks uuid[];
  v_started uuid[];
BEGIN
  SELECT array_agg(d.id ORDER BY d.next_attempt_at), array_agg(d.status ORDER BY d.next_attempt_at),
         array_agg(d.next_attempt_at ORDER BY d.next_attempt_at)
  INTO v_ids, v_from, v_ready
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
         END,
         coalesce(t.correlation_id, t.id::text)::text, t.trace_context,
         floor(extract(epoch FROM v_ready[array_position(v_ids, s.id)]) * 1000)::float8,
         floor(extract(epoch FROM s.created_at) * 1000)::float8
  FROM {{schema}}.steps s JOIN {{schema}}.tasks t ON t.id = s.task_id
  WHERE s.id = ANY (v_ids) AND t.id = ANY (v_tasks)
  ORDER BY array_position(v_ids, s.id);
END
$fn$;
COMMENT ON FUNCTION {{schema}}.claim_steps(text, int, int) IS 'Claims up to p_limit due steps for a worker under a lease (hot path).';
