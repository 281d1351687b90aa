
ALTER TABLE {{schema}}.step_transitions DROP COLUMN IF EXISTS metadata;
ALTER TABLE {{schema}}.task_transitions DROP COLUMN IF EXISTS metadata;
