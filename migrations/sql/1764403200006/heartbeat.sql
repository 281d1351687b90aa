-- heartbeat(worker, step ids, lease_ms): extends the leases a worker still holds and returns the
-- steps it still holds; a step missing from the answer was cancelled or lost its lease, and its
-- run must be aborted. An expired lease is not revived: its run's result would be discarded anyway.
--
-- Since 1764403200006 the worker sends heartbeats on a connection of their own, outside its pool
-- and beside its round trips, so a busy pool can no longer starve them. A heartbeat therefore never
-- waits for a row lock (SKIP LOCKED): it cannot deadlock with the worker's own outcome batch, a
-- sweep or an operator action. A step whose row another transaction has locked is still answered
-- as held when the statement's snapshot shows it held (owner and unexpired lease): that
-- transaction is about to write its outcome or take it away, and the next heartbeat tells which.
-- Index: steps_pkey (no status test, for the reason given in 1764403200002).

CREATE OR REPLACE FUNCTION {{schema}}.heartbeat(p_worker text, p_ids uuid[], p_lease_ms int)
RETURNS TABLE (step_id uuid)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_id uuid;
  v_extended uuid[] := '{}';
BEGIN
  FOR v_id IN
    UPDATE {{schema}}.steps s SET lease_expires_at = now() + p_lease_ms * interval '1 millisecond'
    WHERE s.id = ANY (p_ids) AND s.id IN (
      SELECT l.id FROM {{schema}}.steps l
      WHERE l.id = ANY (p_ids) AND l.lease_owner = p_worker AND l.lease_expires_at > now()
      FOR UPDATE SKIP LOCKED)
    RETURNING s.id
  LOOP
    v_extended := v_extended || v_id;
    step_id := v_id;
    RETURN NEXT;
  END LOOP;
  -- Rows another transaction holds: held as far as the last committed state says.
  RETURN QUERY
  SELECT h.id FROM {{schema}}.steps h
  WHERE h.id = ANY (p_ids) AND h.lease_owner = p_worker AND h.lease_expires_at > now() AND NOT h.id = ANY (v_extended);
END
$fn$;
COMMENT ON FUNCTION {{schema}}.heartbeat(text, uuid[], int)
  IS 'Extends the leases a worker still holds, never waiting for a row lock.';
