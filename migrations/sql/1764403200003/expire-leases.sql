-- expire_leases(sweeper, limit, base_ms, multiplier, max_ms, jitter): as before, a run whose lease
-- expired is a failed attempt, recorded with a LeaseExpiredError. The delay is now exactly the
-- failure policy's (lib/orchestration/failure-policy.ts, retryDelayMs): min(base × multiplier^(k−1), max)
-- computed in log space so a large multiplier caps instead of overflowing float8, then ± up to
-- `jitter` of itself, rounded half up, never negative; the step's own backoff fields over the
-- module's. The five-argument version stays until a later release drops it, so workers of the
-- previous version keep sweeping during a rolling upgrade.

CREATE FUNCTION {{schema}}.expire_leases(p_sweeper text, p_limit int, p_base_ms float8, p_multiplier float8, p_max_ms float8,
                                         p_jitter float8)
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
         array_agg(greatest(0, floor(
           CASE WHEN x.base_ms <= 0 OR x.max_ms <= 0 THEN 0
                WHEN x.exponent * ln(x.multiplier) >= ln(x.max_ms / x.base_ms) THEN x.max_ms
                ELSE x.base_ms * power(x.multiplier, x.exponent) END
           * (1 + x.jitter * (2 * random() - 1)) + 0.5))::int)
  INTO v_ids, v_attempts, v_outcomes, v_errors, v_delays
  FROM (SELECT s.id, s.attempts, s.max_attempts, s.retryable, s.lease_owner, greatest(s.attempts - 1, 0) AS exponent,
               coalesce((s.backoff ->> 'baseMs')::float8, p_base_ms) AS base_ms,
               coalesce((s.backoff ->> 'multiplier')::float8, p_multiplier) AS multiplier,
               coalesce((s.backoff ->> 'maxMs')::float8, p_max_ms) AS max_ms,
               coalesce((s.backoff ->> 'jitter')::float8, p_jitter) AS jitter
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
COMMENT ON FUNCTION {{schema}}.expire_leases(text, int, float8, float8, float8, float8)
  IS 'Turns runs whose lease expired into failed attempts (crash recovery), delayed as the failure policy says.';
