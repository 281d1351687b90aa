-- expire_leases(sweeper, limit, base_ms, multiplier, max_ms, jitter, live ids): as the six-argument
-- version of 1764403200003, except that the sweeper never expires the steps it names as live: its
-- own runs in flight and outcomes not yet written. A worker whose heartbeat was late (a busy host,
-- a slow connection) must not declare its own running steps dead and run them again. Other
-- workers' expired leases, and the sweeper's own steps it no longer runs, are expired as before.
-- The five- and six-argument versions stay for workers of previous versions during a rolling upgrade.

CREATE FUNCTION {{schema}}.expire_leases(p_sweeper text, p_limit int, p_base_ms float8, p_multiplier float8, p_max_ms float8,
                                         p_jitter float8, p_live uuid[])
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
          AND NOT coalesce(s.lease_owner = p_sweeper AND s.id = ANY (p_live), false)
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
          AND NOT coalesce(s.lease_owner = p_sweeper AND s.id = ANY (p_live), false)
        FOR UPDATE SKIP LOCKED) x;
  IF v_ids IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY SELECT * FROM {{schema}}.apply_step_outcomes(
    p_sweeper, false, v_ids, v_attempts, v_outcomes, array_fill(NULL::jsonb, ARRAY[cardinality(v_ids)]), v_errors, v_delays);
END
$fn$;
COMMENT ON FUNCTION {{schema}}.expire_leases(text, int, float8, float8, float8, float8, uuid[])
  IS 'Turns runs whose lease expired into failed attempts (crash recovery), except the sweeper''s own live runs.';
