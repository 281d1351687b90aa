-- Removes the six-argument expire_leases; the five-argument one of 1764403200002 was never dropped.

DROP FUNCTION IF EXISTS {{schema}}.expire_leases(text, int, float8, float8, float8, float8);
