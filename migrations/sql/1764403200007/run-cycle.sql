-- Migration 1764403200007: run_cycle as in 1764403200002, its 'claimed' rows carrying claim_steps' new
-- columns (correlation_id, trace_context, ready_ms, created_ms); other rows have them null.

CREATE FUNCTION {{schema}}.run_cycle(
  p_worker text, p_lease_ms int, p_claim_limit int, p_channel text,
  p_ids uuid[], p_attempts int[], p_outcomes text[], p_results jsonb[], p_errors jsonb[], p_delays_ms int[])
RETURNS TABLE (kind text, step_id uuid, task_id uuid, status text, attempt int, named_task_id int, step_name text,
               max_attempts int, retryable boolean, timeout_ms int, context jsonb, prior_results jsonb, error jsonb,
               retry_in_ms int, correlation_id text, trace_context jsonb, ready_ms float8, created_ms float8)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_claimed int := 0;
BEGIN
  IF cardinality(p_ids) > 0 THEN
    RETURN QUERY
      SELECT o.kind, o.step_id, o.task_id, o.status, o.attempt, o.named_task_id, o.step_name, NULL::int, NULL::boolean,
             NULL::int, NULL::jsonb, NULL::jsonb, o.error, o.retry_in_ms,
             NULL::text, NULL::jsonb, NULL::float8, NULL::float8
      FROM {{schema}}.apply_step_outcomes(p_worker, true, p_ids, p_attempts, p_outcomes, p_results, p_errors, p_delays_ms) o;
  END IF;
  IF p_claim_limit > 0 THEN
    RETURN QUERY
      SELECT 'claimed'::text, c.step_id, c.task_id, CASE WHEN c.task_started THEN 'task_started' END, c.attempt,
             c.named_task_id, c.step_name, c.max_attempts, c.retryable, c.timeout_ms, c.context, c.prior_results, NULL::jsonb,
             NULL::int, c.correlation_id, c.trace_context, c.ready_ms, c.created_ms
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
