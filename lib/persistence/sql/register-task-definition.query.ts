/**
 * Upserts one task definition at boot: its namespace, its named_tasks row (configuration = the
 * definition) and one named_steps row per step, in one statement. ON CONFLICT keeps it idempotent
 * and safe when several processes boot at once; DO UPDATE (rather than DO NOTHING) is what makes
 * RETURNING yield the ids of rows that already existed.
 *
 * $1 namespace, $2 name, $3 version, $4 description, $5 configuration jsonb,
 * $6 step names text[], $7 step handlers text[], $8 step descriptions text[]
 */
export const registerTaskDefinitionSql = (schema: string): string => `
WITH ns AS (
  INSERT INTO ${schema}.namespaces (name) VALUES ($1)
  ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
  RETURNING id
), task AS (
  INSERT INTO ${schema}.named_tasks (namespace_id, name, version, description, configuration)
  SELECT ns.id, $2, $3, $4, $5::jsonb FROM ns
  ON CONFLICT (namespace_id, name, version) DO UPDATE
    SET description = EXCLUDED.description, configuration = EXCLUDED.configuration, updated_at = now()
  RETURNING id
)
INSERT INTO ${schema}.named_steps (named_task_id, name, handler, description)
SELECT task.id, step.name, step.handler, step.description
FROM task, unnest($6::text[], $7::text[], $8::text[]) AS step(name, handler, description)
ON CONFLICT (named_task_id, name) DO UPDATE SET handler = EXCLUDED.handler, description = EXCLUDED.description
RETURNING named_task_id, id, name`;

export interface RegisteredStepRow {
  named_task_id: number;
  id: number;
  name: string;
}
