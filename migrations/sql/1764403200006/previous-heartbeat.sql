-- Frozen: shipped with migration 1764403200002. Never edit; change it in a new migration (migrations/README.md).
--
-- heartbeat(worker, step ids, lease_ms): extends the leases a worker still holds and returns the
-- steps it still holds; a step missing from the answer was cancelled or lost its lease, and its
-- run must be aborted. An expired lease is not revived: its run's result would be discarded anyway.
-- Index: steps_pkey. No "status = 'in_progress'" test: only running steps hold a lease (claim sets
-- it; apply, cancel and resolve clear it), and that predicate is steps_lease_idx's, which tempted
-- the planner into walking every running step of every worker. The worker sends heartbeats through the same serial writer as its outcomes,
-- so its own statements never lock its steps in opposite orders.

CREATE FUNCTION {{schema}}.heartbeat(p_worker text, p_ids uuid[], p_lease_ms int)
RETURNS TABLE (step_id uuid)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  UPDATE {{schema}}.steps s
  SET lease_expires_at = now() + p_lease_ms * interval '1 millisecond'
  WHERE s.id = ANY (p_ids) AND s.lease_owner = p_worker AND s.lease_expires_at > now()
  RETURNING s.id;
END
$fn$;
COMMENT ON FUNCTION {{schema}}.heartbeat(text, uuid[], int) IS 'Extends the leases a worker still holds.';
