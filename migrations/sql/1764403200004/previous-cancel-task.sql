
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
