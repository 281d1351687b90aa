-- Migration 1764403200007, down: tasks lose their correlation id and trace context.

ALTER TABLE {{schema}}.tasks DROP COLUMN trace_context, DROP COLUMN correlation_id;
