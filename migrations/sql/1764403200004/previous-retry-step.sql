
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
