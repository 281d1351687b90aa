import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inSchema, taskerSchema } from './tasker-schema';

// Operator actions are recorded as operator actions. Until now cancel_task, retry_step and
// resolve_step wrote their transitions under the id of the worker of the process that was asked,
// which said nothing about who acted, and looked as if that worker had made the change. Transitions
// get a `metadata` column; an operator action writes {"by": "operator", "actor": ..., "action":
// "cancel" | "retry" | "resolve", "reason"?: ...} there and leaves `worker` empty. The functions
// take the actor and an optional reason instead of a worker id, so they are dropped and created anew
// (their signatures change). Ready notifications now carry the task id: there is no worker id to
// carry any more, and a worker only compares the payload with its own id.

const ADD_METADATA = `
ALTER TABLE {{schema}}.task_transitions ADD COLUMN metadata jsonb;
ALTER TABLE {{schema}}.step_transitions ADD COLUMN metadata jsonb;
`;

const DROP_PREVIOUS = `
DROP FUNCTION {{schema}}.cancel_task(uuid, text, text);
DROP FUNCTION {{schema}}.retry_step(uuid, text, text, text);
DROP FUNCTION {{schema}}.resolve_step(uuid, text, jsonb, text, text);
`;

/**
 * cancel_task: the task becomes cancelled with every pending, waiting and running step; running
 * steps are told through p_channel (payload: task id) so their worker aborts them. Each transition
 * records the operator (p_actor, p_reason). Rows: ('cancelled', previous task status), then one
 * ('step', from status, step id, name, attempt) per cancelled step.
 */
const CANCEL_TASK = `
CREATE FUNCTION {{schema}}.cancel_task(p_task_id uuid, p_actor text, p_reason text, p_channel text)
RETURNS TABLE (outcome text, detail text, step_id uuid, step_name text, attempt int)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_status text;
  v_metadata jsonb := jsonb_strip_nulls(jsonb_build_object('by', 'operator', 'actor', p_actor, 'action', 'cancel', 'reason', p_reason));
BEGIN
  SELECT t.status INTO v_status FROM {{schema}}.tasks t WHERE t.id = p_task_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::text, NULL::uuid, NULL::text, NULL::int;
    RETURN;
  END IF;
  IF v_status NOT IN ('pending', 'in_progress', 'error') THEN
    RETURN QUERY SELECT 'invalid_task'::text, v_status, NULL::uuid, NULL::text, NULL::int;
    RETURN;
  END IF;

  RETURN QUERY SELECT 'cancelled'::text, v_status, NULL::uuid, NULL::text, NULL::int;
  RETURN QUERY
  WITH old AS (
    SELECT s.id, s.name, s.status, s.attempts FROM {{schema}}.steps s
    WHERE s.task_id = p_task_id AND s.status IN ('pending', 'waiting_for_retry', 'in_progress')
    FOR UPDATE
  ), cancelled AS (
    UPDATE {{schema}}.steps s
    SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = NULL, updated_at = now()
    FROM old WHERE s.id = old.id
  ), step_log AS (
    INSERT INTO {{schema}}.step_transitions (step_id, task_id, from_status, to_status, attempt, metadata)
    SELECT old.id, p_task_id, old.status, 'cancelled', old.attempts, v_metadata FROM old
  )
  SELECT 'step'::text, old.status::text, old.id, old.name::text, old.attempts FROM old;

  UPDATE {{schema}}.tasks t
  SET status = 'cancelled', active_steps = 0, completed_at = now(), updated_at = now()
  WHERE t.id = p_task_id;
  INSERT INTO {{schema}}.task_transitions (task_id, from_status, to_status, reason, metadata)
  VALUES (p_task_id, v_status, 'cancelled', 'cancelled by operator', v_metadata);
  PERFORM pg_notify(p_channel, p_task_id::text);
END
$fn$;
COMMENT ON FUNCTION {{schema}}.cancel_task(uuid, text, text, text) IS 'Cancels a task and its unfinished steps.';
`;

/**
 * retry_step: a step in error gets its template's maxAttempts more runs, becomes ready at once, and
 * its task is back in play (error → in_progress); the transitions record the operator. Rows:
 * ('retried', previous task status).
 */
const RETRY_STEP = `
CREATE FUNCTION {{schema}}.retry_step(p_task_id uuid, p_step_name text, p_actor text, p_reason text, p_channel text)
RETURNS TABLE (outcome text, detail text)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_task_status text;
  v_named_task_id int;
  v_step record;
  v_extra_attempts int;
  v_metadata jsonb := jsonb_strip_nulls(jsonb_build_object('by', 'operator', 'actor', p_actor, 'action', 'retry', 'reason', p_reason));
BEGIN
  SELECT t.status, t.named_task_id INTO v_task_status, v_named_task_id
  FROM {{schema}}.tasks t WHERE t.id = p_task_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::text;
    RETURN;
  END IF;
  SELECT s.id, s.status, s.attempts, s.max_attempts, s.unfinished_parents INTO v_step
  FROM {{schema}}.steps s WHERE s.task_id = p_task_id AND s.name = p_step_name FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'step_not_found'::text, NULL::text;
    RETURN;
  END IF;
  IF v_task_status = 'cancelled' THEN
    RETURN QUERY SELECT 'invalid_task'::text, v_task_status;
    RETURN;
  END IF;
  IF v_step.status <> 'error' THEN
    RETURN QUERY SELECT 'invalid_step'::text, v_step.status::text;
    RETURN;
  END IF;

  SELECT (template ->> 'maxAttempts')::int INTO v_extra_attempts
  FROM {{schema}}.named_tasks nt, jsonb_array_elements(nt.configuration -> 'steps') AS template
  WHERE nt.id = v_named_task_id AND template ->> 'name' = p_step_name;
  UPDATE {{schema}}.steps s
  SET status = 'pending', max_attempts = v_step.attempts + coalesce(v_extra_attempts, v_step.max_attempts),
      next_attempt_at = CASE WHEN v_step.unfinished_parents = 0 THEN now() END, updated_at = now()
  WHERE s.id = v_step.id;
  INSERT INTO {{schema}}.step_transitions (step_id, task_id, from_status, to_status, attempt, metadata)
  VALUES (v_step.id, p_task_id, 'error', 'pending', v_step.attempts, v_metadata);

  UPDATE {{schema}}.tasks t
  SET failed_steps = t.failed_steps - 1,
      active_steps = t.active_steps + (v_step.unfinished_parents = 0)::int,
      status = CASE WHEN t.status = 'error' THEN 'in_progress' ELSE t.status END,
      completed_at = CASE WHEN t.status = 'error' THEN NULL ELSE t.completed_at END,
      updated_at = now()
  WHERE t.id = p_task_id;
  IF v_task_status = 'error' THEN
    INSERT INTO {{schema}}.task_transitions (task_id, from_status, to_status, reason, metadata)
    VALUES (p_task_id, 'error', 'in_progress', format('step %s retried', p_step_name), v_metadata);
  END IF;
  PERFORM pg_notify(p_channel, p_task_id::text);
  RETURN QUERY SELECT 'retried'::text, v_task_status;
END
$fn$;
COMMENT ON FUNCTION {{schema}}.retry_step(uuid, text, text, text, text) IS 'Re-arms a step in error.';
`;

/**
 * resolve_step: a pending, waiting or failed step is marked resolved_manually with the given
 * results; its children may become ready and the task is reopened or finished; the transitions
 * record the operator. Rows: ('resolved', previous step status, new task status or null).
 */
const RESOLVE_STEP = `
CREATE FUNCTION {{schema}}.resolve_step(p_task_id uuid, p_step_name text, p_results jsonb, p_actor text, p_reason text, p_channel text)
RETURNS TABLE (outcome text, detail text, task_status text)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_task record;
  v_step record;
  v_ready int;
  v_was_active int;
  v_was_failed int;
  v_new_status text;
  v_metadata jsonb := jsonb_strip_nulls(jsonb_build_object('by', 'operator', 'actor', p_actor, 'action', 'resolve', 'reason', p_reason));
BEGIN
  SELECT t.status, t.total_steps, t.completed_steps, t.failed_steps, t.active_steps INTO v_task
  FROM {{schema}}.tasks t WHERE t.id = p_task_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::text, NULL::text;
    RETURN;
  END IF;
  SELECT s.id, s.status, s.attempts, s.unfinished_parents INTO v_step
  FROM {{schema}}.steps s WHERE s.task_id = p_task_id AND s.name = p_step_name FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'step_not_found'::text, NULL::text, NULL::text;
    RETURN;
  END IF;
  IF v_task.status = 'cancelled' THEN
    RETURN QUERY SELECT 'invalid_task'::text, v_task.status::text, NULL::text;
    RETURN;
  END IF;
  IF v_step.status NOT IN ('pending', 'waiting_for_retry', 'error') THEN
    RETURN QUERY SELECT 'invalid_step'::text, v_step.status::text, NULL::text;
    RETURN;
  END IF;

  v_was_active := (v_step.status = 'waiting_for_retry' OR (v_step.status = 'pending' AND v_step.unfinished_parents = 0))::int;
  v_was_failed := (v_step.status = 'error')::int;
  UPDATE {{schema}}.steps s
  SET status = 'resolved_manually', results = p_results, completed_at = now(), next_attempt_at = NULL,
      lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
  WHERE s.id = v_step.id;
  INSERT INTO {{schema}}.step_transitions (step_id, task_id, from_status, to_status, attempt, metadata)
  VALUES (v_step.id, p_task_id, v_step.status, 'resolved_manually', v_step.attempts, v_metadata);

  WITH unblocked AS (
    UPDATE {{schema}}.steps c
    SET unfinished_parents = c.unfinished_parents - 1,
        next_attempt_at = CASE WHEN c.unfinished_parents = 1 THEN now() ELSE c.next_attempt_at END,
        updated_at = now()
    FROM {{schema}}.step_edges e
    WHERE e.parent_id = v_step.id AND c.id = e.child_id AND c.status = 'pending'
    RETURNING c.unfinished_parents
  )
  SELECT count(*) FILTER (WHERE unblocked.unfinished_parents = 0) INTO v_ready FROM unblocked;

  v_new_status := CASE
    WHEN v_task.completed_steps + 1 = v_task.total_steps THEN 'complete'
    WHEN v_task.active_steps - v_was_active + v_ready = 0 AND v_task.failed_steps - v_was_failed > 0 THEN 'error'
    WHEN v_task.status = 'error' THEN 'in_progress'
    ELSE v_task.status END;
  UPDATE {{schema}}.tasks t
  SET completed_steps = t.completed_steps + 1,
      failed_steps = t.failed_steps - v_was_failed,
      active_steps = t.active_steps - v_was_active + v_ready,
      status = v_new_status,
      completed_at = CASE WHEN v_new_status IN ('complete', 'error') THEN coalesce(t.completed_at, now()) END,
      updated_at = now()
  WHERE t.id = p_task_id;
  IF v_new_status <> v_task.status THEN
    INSERT INTO {{schema}}.task_transitions (task_id, from_status, to_status, reason, metadata)
    VALUES (p_task_id, v_task.status, v_new_status, format('step %s resolved manually', p_step_name), v_metadata);
  END IF;
  IF v_ready > 0 THEN
    PERFORM pg_notify(p_channel, p_task_id::text);
  END IF;
  RETURN QUERY SELECT 'resolved'::text, v_step.status::text,
                      CASE WHEN v_new_status <> v_task.status THEN v_new_status END;
END
$fn$;
COMMENT ON FUNCTION {{schema}}.resolve_step(uuid, text, jsonb, text, text, text) IS 'Resolves a step manually; dependants may run.';
`;

const DROP_CURRENT = `
DROP FUNCTION IF EXISTS {{schema}}.resolve_step(uuid, text, jsonb, text, text, text);
DROP FUNCTION IF EXISTS {{schema}}.retry_step(uuid, text, text, text, text);
DROP FUNCTION IF EXISTS {{schema}}.cancel_task(uuid, text, text, text);
`;

const DROP_METADATA = `
ALTER TABLE {{schema}}.step_transitions DROP COLUMN IF EXISTS metadata;
ALTER TABLE {{schema}}.task_transitions DROP COLUMN IF EXISTS metadata;
`;

// What `down` restores: the functions as migration 1764403200002 created them.
const PREVIOUS_CANCEL_TASK = `
CREATE FUNCTION {{schema}}.cancel_task(p_task_id uuid, p_actor text, p_channel text)
RETURNS TABLE (outcome text, detail text, step_id uuid, step_name text, attempt int)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_status text;
BEGIN
  SELECT t.status INTO v_status FROM {{schema}}.tasks t WHERE t.id = p_task_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::text, NULL::uuid, NULL::text, NULL::int;
    RETURN;
  END IF;
  IF v_status NOT IN ('pending', 'in_progress', 'error') THEN
    RETURN QUERY SELECT 'invalid_task'::text, v_status, NULL::uuid, NULL::text, NULL::int;
    RETURN;
  END IF;

  RETURN QUERY SELECT 'cancelled'::text, v_status, NULL::uuid, NULL::text, NULL::int;
  RETURN QUERY
  WITH old AS (
    SELECT s.id, s.name, s.status, s.attempts FROM {{schema}}.steps s
    WHERE s.task_id = p_task_id AND s.status IN ('pending', 'waiting_for_retry', 'in_progress')
    FOR UPDATE
  ), cancelled AS (
    UPDATE {{schema}}.steps s
    SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = NULL, updated_at = now()
    FROM old WHERE s.id = old.id
  ), step_log AS (
    INSERT INTO {{schema}}.step_transitions (step_id, task_id, from_status, to_status, attempt, worker)
    SELECT old.id, p_task_id, old.status, 'cancelled', old.attempts, p_actor FROM old
  )
  SELECT 'step'::text, old.status::text, old.id, old.name::text, old.attempts FROM old;

  UPDATE {{schema}}.tasks t
  SET status = 'cancelled', active_steps = 0, completed_at = now(), updated_at = now()
  WHERE t.id = p_task_id;
  INSERT INTO {{schema}}.task_transitions (task_id, from_status, to_status, reason, worker)
  VALUES (p_task_id, v_status, 'cancelled', 'cancelled by operator', p_actor);
  PERFORM pg_notify(p_channel, p_task_id::text);
END
$fn$;
COMMENT ON FUNCTION {{schema}}.cancel_task(uuid, text, text) IS 'Cancels a task and its unfinished steps.';
`;

const PREVIOUS_RETRY_STEP = `
CREATE FUNCTION {{schema}}.retry_step(p_task_id uuid, p_step_name text, p_actor text, p_channel text)
RETURNS TABLE (outcome text, detail text)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_task_status text;
  v_named_task_id int;
  v_step record;
  v_extra_attempts int;
BEGIN
  SELECT t.status, t.named_task_id INTO v_task_status, v_named_task_id
  FROM {{schema}}.tasks t WHERE t.id = p_task_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::text;
    RETURN;
  END IF;
  SELECT s.id, s.status, s.attempts, s.max_attempts, s.unfinished_parents INTO v_step
  FROM {{schema}}.steps s WHERE s.task_id = p_task_id AND s.name = p_step_name FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'step_not_found'::text, NULL::text;
    RETURN;
  END IF;
  IF v_task_status = 'cancelled' THEN
    RETURN QUERY SELECT 'invalid_task'::text, v_task_status;
    RETURN;
  END IF;
  IF v_step.status <> 'error' THEN
    RETURN QUERY SELECT 'invalid_step'::text, v_step.status::text;
    RETURN;
  END IF;

  SELECT (template ->> 'maxAttempts')::int INTO v_extra_attempts
  FROM {{schema}}.named_tasks nt, jsonb_array_elements(nt.configuration -> 'steps') AS template
  WHERE nt.id = v_named_task_id AND template ->> 'name' = p_step_name;
  UPDATE {{schema}}.steps s
  SET status = 'pending', max_attempts = v_step.attempts + coalesce(v_extra_attempts, v_step.max_attempts),
      next_attempt_at = CASE WHEN v_step.unfinished_parents = 0 THEN now() END, updated_at = now()
  WHERE s.id = v_step.id;
  INSERT INTO {{schema}}.step_transitions (step_id, task_id, from_status, to_status, attempt, worker)
  VALUES (v_step.id, p_task_id, 'error', 'pending', v_step.attempts, p_actor);

  UPDATE {{schema}}.tasks t
  SET failed_steps = t.failed_steps - 1,
      active_steps = t.active_steps + (v_step.unfinished_parents = 0)::int,
      status = CASE WHEN t.status = 'error' THEN 'in_progress' ELSE t.status END,
      completed_at = CASE WHEN t.status = 'error' THEN NULL ELSE t.completed_at END,
      updated_at = now()
  WHERE t.id = p_task_id;
  IF v_task_status = 'error' THEN
    INSERT INTO {{schema}}.task_transitions (task_id, from_status, to_status, reason, worker)
    VALUES (p_task_id, 'error', 'in_progress', format('step %s retried', p_step_name), p_actor);
  END IF;
  PERFORM pg_notify(p_channel, p_actor);
  RETURN QUERY SELECT 'retried'::text, v_task_status;
END
$fn$;
COMMENT ON FUNCTION {{schema}}.retry_step(uuid, text, text, text) IS 'Re-arms a step in error.';
`;

const PREVIOUS_RESOLVE_STEP = `
CREATE FUNCTION {{schema}}.resolve_step(p_task_id uuid, p_step_name text, p_results jsonb, p_actor text, p_channel text)
RETURNS TABLE (outcome text, detail text, task_status text)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_task record;
  v_step record;
  v_ready int;
  v_was_active int;
  v_was_failed int;
  v_new_status text;
BEGIN
  SELECT t.status, t.total_steps, t.completed_steps, t.failed_steps, t.active_steps INTO v_task
  FROM {{schema}}.tasks t WHERE t.id = p_task_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::text, NULL::text;
    RETURN;
  END IF;
  SELECT s.id, s.status, s.attempts, s.unfinished_parents INTO v_step
  FROM {{schema}}.steps s WHERE s.task_id = p_task_id AND s.name = p_step_name FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'step_not_found'::text, NULL::text, NULL::text;
    RETURN;
  END IF;
  IF v_task.status = 'cancelled' THEN
    RETURN QUERY SELECT 'invalid_task'::text, v_task.status::text, NULL::text;
    RETURN;
  END IF;
  IF v_step.status NOT IN ('pending', 'waiting_for_retry', 'error') THEN
    RETURN QUERY SELECT 'invalid_step'::text, v_step.status::text, NULL::text;
    RETURN;
  END IF;

  v_was_active := (v_step.status = 'waiting_for_retry' OR (v_step.status = 'pending' AND v_step.unfinished_parents = 0))::int;
  v_was_failed := (v_step.status = 'error')::int;
  UPDATE {{schema}}.steps s
  SET status = 'resolved_manually', results = p_results, completed_at = now(), next_attempt_at = NULL,
      lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
  WHERE s.id = v_step.id;
  INSERT INTO {{schema}}.step_transitions (step_id, task_id, from_status, to_status, attempt, worker)
  VALUES (v_step.id, p_task_id, v_step.status, 'resolved_manually', v_step.attempts, p_actor);

  WITH unblocked AS (
    UPDATE {{schema}}.steps c
    SET unfinished_parents = c.unfinished_parents - 1,
        next_attempt_at = CASE WHEN c.unfinished_parents = 1 THEN now() ELSE c.next_attempt_at END,
        updated_at = now()
    FROM {{schema}}.step_edges e
    WHERE e.parent_id = v_step.id AND c.id = e.child_id AND c.status = 'pending'
    RETURNING c.unfinished_parents
  )
  SELECT count(*) FILTER (WHERE unblocked.unfinished_parents = 0) INTO v_ready FROM unblocked;

  v_new_status := CASE
    WHEN v_task.completed_steps + 1 = v_task.total_steps THEN 'complete'
    WHEN v_task.active_steps - v_was_active + v_ready = 0 AND v_task.failed_steps - v_was_failed > 0 THEN 'error'
    WHEN v_task.status = 'error' THEN 'in_progress'
    ELSE v_task.status END;
  UPDATE {{schema}}.tasks t
  SET completed_steps = t.completed_steps + 1,
      failed_steps = t.failed_steps - v_was_failed,
      active_steps = t.active_steps - v_was_active + v_ready,
      status = v_new_status,
      completed_at = CASE WHEN v_new_status IN ('complete', 'error') THEN coalesce(t.completed_at, now()) END,
      updated_at = now()
  WHERE t.id = p_task_id;
  IF v_new_status <> v_task.status THEN
    INSERT INTO {{schema}}.task_transitions (task_id, from_status, to_status, reason, worker)
    VALUES (p_task_id, v_task.status, v_new_status, format('step %s resolved manually', p_step_name), p_actor);
  END IF;
  IF v_ready > 0 THEN
    PERFORM pg_notify(p_channel, p_actor);
  END IF;
  RETURN QUERY SELECT 'resolved'::text, v_step.status::text,
                      CASE WHEN v_new_status <> v_task.status THEN v_new_status END;
END
$fn$;
COMMENT ON FUNCTION {{schema}}.resolve_step(uuid, text, jsonb, text, text) IS 'Resolves a step manually; dependants may run.';
`;

/** Transitions record operator actions (who, which action, why) instead of a worker id. */
export class RecordOperatorActions1764403200004 implements MigrationInterface {
  name = 'RecordOperatorActions1764403200004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = taskerSchema(queryRunner);
    for (const sql of [ADD_METADATA, DROP_PREVIOUS, CANCEL_TASK, RETRY_STEP, RESOLVE_STEP]) {
      await queryRunner.query(inSchema(schema, sql));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = taskerSchema(queryRunner);
    for (const sql of [DROP_CURRENT, DROP_METADATA, PREVIOUS_CANCEL_TASK, PREVIOUS_RETRY_STEP, PREVIOUS_RESOLVE_STEP]) {
      await queryRunner.query(inSchema(schema, sql));
    }
  }
}
