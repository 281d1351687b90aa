
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
