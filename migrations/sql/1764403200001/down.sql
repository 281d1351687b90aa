-- Frozen: shipped with migration 1764403200001. Never edit; change it in a new migration (migrations/README.md).

DROP FUNCTION IF EXISTS {{schema}}.analytics_metrics(timestamptz);
DROP FUNCTION IF EXISTS {{schema}}.slowest_steps(timestamptz, int, text, text, text);
DROP FUNCTION IF EXISTS {{schema}}.slowest_tasks(timestamptz, int, text, text, text);
DROP FUNCTION IF EXISTS {{schema}}.system_health_counts();
DROP FUNCTION IF EXISTS {{schema}}.dependency_levels(uuid);
DROP FUNCTION IF EXISTS {{schema}}.task_execution_context(uuid);
DROP FUNCTION IF EXISTS {{schema}}.task_execution_contexts_batch(uuid[]);
DROP FUNCTION IF EXISTS {{schema}}.step_readiness_status(uuid);
DROP FUNCTION IF EXISTS {{schema}}.step_readiness_status_batch(uuid[]);
