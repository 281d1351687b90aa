-- Frozen: shipped with migration 1764403200001. Never edit; change it in a new migration (migrations/README.md).

CREATE FUNCTION {{schema}}.dependency_levels(p_task_id uuid)
RETURNS TABLE (step_id uuid, name text, level int)
LANGUAGE sql STABLE
AS $fn$
  WITH RECURSIVE task_steps AS (
    SELECT s.id, s.name, s.position FROM {{schema}}.steps s WHERE s.task_id = p_task_id
  ),
  edges AS (
    SELECT e.parent_id, e.child_id FROM {{schema}}.step_edges e WHERE e.task_id = p_task_id
  ),
  -- UNION (not UNION ALL) keeps one row per (step, depth), so a dense DAG costs
  -- steps x depth rows instead of one row per path. The depth bound only guards against a cycle,
  -- which definitions cannot produce.
  walk (step_id, depth) AS (
    SELECT ts.id, 0 FROM task_steps ts
     WHERE NOT EXISTS (SELECT 1 FROM edges e WHERE e.child_id = ts.id)
    UNION
    SELECT e.child_id, w.depth + 1
      FROM walk w
      JOIN edges e ON e.parent_id = w.step_id
     WHERE w.depth < (SELECT count(*) FROM task_steps)
  )
  SELECT ts.id, ts.name::text, max(w.depth)::int AS level
    FROM task_steps ts
    JOIN walk w ON w.step_id = ts.id
   GROUP BY ts.id, ts.name, ts.position
   ORDER BY level, ts.position
$fn$;

COMMENT ON FUNCTION {{schema}}.dependency_levels(uuid) IS
  'Dependency level of every step of a task: 0 for roots, else the length of the longest path from '
  'a root (so a step comes after every step it depends on). Ordered by level, then position.';
