-- Frozen: shipped with migration 1764403200000. Never edit; change it in a new migration (migrations/README.md).

DROP TABLE IF EXISTS {{schema}}.task_annotations;
DROP TABLE IF EXISTS {{schema}}.annotation_types;
DROP TABLE IF EXISTS {{schema}}.step_transitions;
DROP TABLE IF EXISTS {{schema}}.task_transitions;
DROP TABLE IF EXISTS {{schema}}.step_edges;
DROP TABLE IF EXISTS {{schema}}.steps;
DROP TABLE IF EXISTS {{schema}}.tasks;
DROP TABLE IF EXISTS {{schema}}.named_steps;
DROP TABLE IF EXISTS {{schema}}.named_tasks;
DROP TABLE IF EXISTS {{schema}}.namespaces;
