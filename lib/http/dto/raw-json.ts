import { Transform } from 'class-transformer';

/**
 * Keeps a free-form JSON field (a task's context, a step's results) exactly as parsed: without it
 * class-transformer would rebuild the value object by object on its way into the DTO.
 */
export function RawJson(): PropertyDecorator {
  return Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => obj[key], { toClassOnly: true });
}
