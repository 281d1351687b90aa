const RESERVED_PREFIXES = ['task.', 'step.', 'workflow.'];

/** Why a custom event name is refused, or undefined when it is valid (contains a dot; not a reserved prefix). */
export function customEventNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'must be a non-empty string';
  if (!name.includes('.')) return 'must contain a dot (e.g. "payment.authorised")';
  const reserved = RESERVED_PREFIXES.find((prefix) => name.startsWith(prefix));
  if (reserved !== undefined) return `must not start with "${reserved}" (reserved for Tasker's own events)`;
  if (name.startsWith('.') || name.endsWith('.')) return 'must not start or end with a dot';
  return undefined;
}
