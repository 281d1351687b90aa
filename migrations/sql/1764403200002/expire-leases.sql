-- Frozen: shipped with migration 1764403200002. Never edit; change it in a new migration (migrations/README.md).
--
-- expire_leases(sweeper, limit, base_ms, multiplier, max_ms): a run whose lease expired (its
-- worker died or lost its connection) is a failed attempt: the step goes to waiting_for_retry after
-- the backoff delay, or to error when it has no attempts left or is not retryable; the loss is
-- recorded as the step's error. Returns apply_step_outcomes' rows.
-- Index: steps_lease_idx (running steps only). Locking: task rows first (the common order), then
-- the steps with SKIP LOCKED and the expiry re-checked, so a sweep never waits on a live worker.

CREATE FUNCTION {{schema}}.expire_leases(p_sweeper text, p_limit int, p_base_ms float8, p_multiplier float8, p_max_ms float8)
RETURNS TABLE (kind text, step_id uuid, task_id uuid, status text, attempt int, named_task_id int, step_name text,
               error jsonb, retry_in_ms int)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_tasks uuid[];
  v_ids uuid[];
  v_attempts int[];
  v_outcomes text[];
  v_errors jsonb[];
  v_delays int[];
BEGIN
  SELECT array_agg(DISTINCT e.task_id) INTO v_tasks
  FROM (SELECT s.task_id FROM {{schema}}.steps s
        WHERE s.status = 'in_progress' AND s.lease_expires_at < now()
        ORDER BY s.lease_expires_at LIMIT p_limit) e;
  IF v_tasks IS NULL THEN
    RETURN;
  END IF;
  PERFORM 1 FROM {{schema}}.tasks t WHERE t.id = ANY (v_tasks) ORDER BY t.id FOR UPDATE OF t;

  SELECT array_agg(x.id), array_agg(x.attempts),
         array_agg(CASE WHEN x.retryable AND x.attempts < x.max_attempts THEN 'retry' ELSE 'error' END),
         array_agg(jsonb_build_object(
           'message', format('Lease expired: worker %s stopped heart-beating during attempt %s', x.lease_owner, x.attempts),
           'code', 'LEASE_EXPIRED', 'type', 'LeaseExpiredError')),
         array_agg(least(
           coalesce((x.backoff ->> 'baseMs')::float8, p_base_ms)
             * power(coalesce((x.backoff ->> 'multiplier')::float8, p_multiplier), least(x.attempts - 1, 60)),
           coalesce((x.backoff ->> 'maxMs')::float8, p_max_ms))::int)
  INTO v_ids, v_attempts, v_outcomes, v_errors, v_delays
  FROM (SELECT s.id, s.attempts, s.max_attempts, s.retryable, s.lease_owner, s.backoff
        FROM {{schema}}.steps s
        WHERE s.task_id = ANY (v_tasks) AND s.status = 'in_progress' AND s.lease_expires_at < now()
        FOR UPDATE SKIP LOCKED) x;
  IF v_ids IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY SELECT * FROM {{schema}}.apply_step_outcomes(
    p_sweeper, false, v_ids, v_attempts, v_outcomes, array_fill(NULL::jsonb, ARRAY[cardinality(v_ids)]), v_errors, v_delays);
END
$fn$;
COMMENT ON FUNCTION {{schema}}.expire_leases(text, int, float8, float8, float8)
  IS 'Turns runs whose lease expired into failed attempts (crash recovery).';
