-- Migration 1764403200007: tasks carry a correlation id (the caller's, or one generated at creation) and the
-- W3C trace context of the task's span ({"traceparent": ..., "tracestate"?: ...}), so that every run of
-- its steps, on any worker, logs the same id and traces under the same span.

ALTER TABLE {{schema}}.tasks ADD COLUMN correlation_id varchar(100), ADD COLUMN trace_context jsonb;
