import type { ValidationError } from '@nestjs/common';

/** One field of a refused request and what is wrong with it. @publicApi */
export interface FieldProblem {
  /** The field's path: `limit`, `context`, `tags`, `results.items[0]`; `(body)` for the body as a whole. */
  field: string;
  messages: string[];
}

/** Flattens class-validator errors (nested ones included) into one entry per field, in order. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field =
      error.property === undefined || error.property === '' ? parent || '(body)' : join(parent, error.property);
    const own = Object.values(error.constraints ?? {});
    const nested = fieldProblems(error.children ?? [], field);
    return own.length > 0 ? [{ field, messages: own }, ...nested] : nested;
  });
}

function join(parent: string, property: string): string {
  if (parent === '') return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}
