-- Frozen: shipped with migration 1764403200002. Never edit; change it in a new migration (migrations/README.md).
--
-- run_cycle(...): one worker round trip. Applies the outcomes the worker has finished (if any),
-- then claims up to p_claim_limit due steps (children it just unblocked included, so a chain runs
-- with one commit per step and no wake-up in between), then announces on p_channel only when this
-- call made steps ready that it could not take itself. The payload is the worker id, so a worker
-- can ignore its own announcements.
-- Returns apply_step_outcomes' 'step'/'task' rows and one 'claimed' row per claimed step.

CREATE FUNCTION {{schema}}.run_cycle(
  p_worker text, p_lease_ms int, p_claim_limit int, p_channel text,
  p_ids uuid[], p_attempts int[], p_outcomes text[], p_results jsonb[], p_errors jsonb[], p_delays_ms int[])
RETURNS TABLE (kind text, step_id uuid, task_id uuid, status text, attempt int, named_task_id int, step_name text,
               max_attempts int, retryable boolean, timeout_ms int, context jsonb, prior_results jsonb, error jsonb,
               retry_in_ms int)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_claimed int := 0;
BEGIN
  IF cardinality(p_ids) > 0 THEN
    RETURN QUERY
      SELECT o.kind, o.step_id, o.task_id, o.status, o.attempt, o.named_task_id, o.step_name, NULL::int, NULL::boolean,
             NULL::int, NULL::jsonb, NULL::jsonb, o.error, o.retry_in_ms
      FROM {{schema}}.apply_step_outcomes(p_worker, true, p_ids, p_attempts, p_outcomes, p_results, p_errors, p_delays_ms) o;
  END IF;
  IF p_claim_limit > 0 THEN
    RETURN QUERY
      SELECT 'claimed'::text, c.step_id, c.task_id, CASE WHEN c.task_started THEN 'task_started' END, c.attempt,
             c.named_task_id, c.step_name, c.max_attempts, c.retryable, c.timeout_ms, c.context, c.prior_results, NULL::jsonb,
             NULL::int
      FROM {{schema}}.claim_steps(p_worker, p_claim_limit, p_lease_ms) c;
    GET DIAGNOSTICS v_claimed = ROW_COUNT;
  END IF;
  -- Steps this transaction made ready carry next_attempt_at = now() (the transaction's time):
  -- an equality probe on steps_ready_idx tells whether any is left for other workers.
  IF cardinality(p_ids) > 0 AND v_claimed = p_claim_limit AND EXISTS (
       SELECT 1 FROM {{schema}}.steps s
       WHERE s.status IN ('pending', 'waiting_for_retry') AND s.unfinished_parents = 0 AND s.next_attempt_at = now()) THEN
    PERFORM pg_notify(p_channel, p_worker);
  END IF;
END
$fn$;
COMMENT ON FUNCTION {{schema}}.run_cycle(text, int, int, text, uuid[], int[], text[], jsonb[], jsonb[], int[])
  IS 'One worker round trip: apply finished outcomes, claim due steps, announce leftovers (hot path).';
