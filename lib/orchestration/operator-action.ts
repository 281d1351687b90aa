import { isRecord } from '../definition/is-record';
import type { OperatorActionOptions } from '../interfaces/operator-action-options.interface';

/** The actor recorded when an operator action names none. */
export const DEFAULT_OPERATOR_ACTOR = 'operator';

const ACTOR_MAX = 128;
const REASON_MAX = 256;

/** An operator action's options, checked, with the default actor applied. */
export interface ResolvedOperatorAction {
  actor: string;
  reason: string | null;
}

/**
 * Checks the options of an operator action; returns them resolved, or one message per problem
 * (naming the field) when they are malformed.
 */
export function resolveOperatorAction(options: unknown): ResolvedOperatorAction | { errors: string[] } {
  if (options === undefined || options === null) return { actor: DEFAULT_OPERATOR_ACTOR, reason: null };
  if (!isRecord(options)) return { errors: ['options must be an object ({ actor?, reason? })'] };
  const { actor, reason } = options as Record<keyof OperatorActionOptions, unknown>;
  const errors = [textProblem('actor', actor, ACTOR_MAX), textProblem('reason', reason, REASON_MAX)].filter(
    (problem): problem is string => problem !== undefined,
  );
  if (errors.length > 0) return { errors };
  return {
    actor: (actor as string | undefined) ?? DEFAULT_OPERATOR_ACTOR,
    reason: (reason as string | undefined) ?? null,
  };
}

function textProblem(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim().length === 0) return `options.${field} must be a non-empty string`;
  if (value.length > max) return `options.${field} must be at most ${max} characters (got ${value.length})`;
  return undefined;
}
