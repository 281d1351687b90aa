
ALTER TABLE {{schema}}.task_transitions ADD COLUMN metadata jsonb;
ALTER TABLE {{schema}}.step_transitions ADD COLUMN metadata jsonb;
