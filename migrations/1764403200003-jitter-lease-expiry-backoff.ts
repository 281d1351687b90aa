import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inSchema, taskerSchema } from './tasker-schema';

/**
 * expire_leases(sweeper, limit, base_ms, multiplier, max_ms, jitter): as before, a run whose lease
 * expired is a failed attempt (waiting_for_retry after the backoff delay, or error when it has no
 * attempts left or is not retryable), recorded with a LeaseExpiredError. What changes is the delay:
 * it is now exactly the failure policy's (lib/orchestration/failure-policy.ts, retryDelayMs), so a
 * step lost with its worker waits as long as one whose handler threw:
 * - min(base × multiplier^(attempt−1), max), computed in log space first so that a large multiplier
 *   caps at max instead of overflowing float8;
 * - then ± up to `jitter` of itself (uniform), which the previous version left out, so steps lost
 *   together with one worker no longer all come due in the same instant;
 * - rounded half up (floor(x + 0.5), as Math.round; a float8 cast to int rounds half to even),
 *   never negative;
 * - the step's own backoff fields (jitter now included) over the module's, which come as parameters.
 * The signature gains p_jitter, so the old function is dropped rather than replaced.
 */
const UP = `
DROP FUNCTION IF EXISTS {{schema}}.expire_leases(text, int, float8, float8, float8);
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
`;

/** The function as migration 1764403200002 created it (no jitter), restored by `down`. */
const DOWN = `
DROP FUNCTION IF EXISTS {{schema}}.expire_leases(text, int, float8, float8, float8, float8);
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
`;

/** Lease expiry delays retries exactly as the failure policy does, jitter included. */
export class JitterLeaseExpiryBackoff1764403200003 implements MigrationInterface {
  name = 'JitterLeaseExpiryBackoff1764403200003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), UP));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), DOWN));
  }
}
