
DROP FUNCTION IF EXISTS {{schema}}.resolve_step(uuid, text, jsonb, text, text, text);
DROP FUNCTION IF EXISTS {{schema}}.retry_step(uuid, text, text, text, text);
DROP FUNCTION IF EXISTS {{schema}}.cancel_task(uuid, text, text, text);
