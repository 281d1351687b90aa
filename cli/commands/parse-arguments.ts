import { InvalidArgumentError } from 'commander';
import { TASK_STATUSES, type TaskStatus } from '../../lib/domain/statuses';
import { isUuid } from '../../lib/persistence/uuid';

/** commander parser for a whole number in `[min, max]`; refuses anything else as a usage error. */
export function integerIn(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${text}"`);
    }
    return value;
  };
}

/** commander parser for a task status. */
export function taskStatus(text: string): TaskStatus {
  const status = TASK_STATUSES.find((candidate) => candidate === text);
  if (status === undefined)
    throw new InvalidArgumentError(`expected one of ${TASK_STATUSES.join(', ')}, got "${text}"`);
  return status;
}

/** commander parser for a task id: a UUID, since anything else can never name a task. */
export function taskId(text: string): string {
  if (!isUuid(text))
    throw new InvalidArgumentError(
      `a task id is a UUID like 0192f4d6-5c1e-7b3a-9d2f-1a2b3c4d5e6f, got ${JSON.stringify(text)}`,
    );
  return text;
}

/** commander parser for a JSON value. */
export function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidArgumentError(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
