
DROP FUNCTION {{schema}}.cancel_task(uuid, text, text);
DROP FUNCTION {{schema}}.retry_step(uuid, text, text, text);
DROP FUNCTION {{schema}}.resolve_step(uuid, text, jsonb, text, text);
