import { inspect } from 'node:util';
import { currentTaskerContext } from './tasker-run-context';

/** The fields of a log line: plain JSON-like values (an `Error` is reduced to its message). */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * One library log line: its message and fields in a single argument, so that it reads as one
 * entry under every Nest logger.
 *
 * - Nest's `ConsoleLogger` prints every argument but the context as an entry of its own, and a
 *   plain object as `Object(n) {…}`: `logger.log({ fields }, 'message')` made two entries. This
 *   is not a plain object, and it renders itself (`util.inspect.custom`) as
 *   `message key=value …`, so it prints as one readable line. In its `json` mode the fields are
 *   the `message` object.
 * - nestjs-pino's `Logger` spreads the own fields of an object message into the pino record:
 *   `msg` (pino's message key) and each field become top-level JSON properties.
 *
 * A field must not be named `msg` (the message) or `context` (the logger's context under
 * nestjs-pino).
 *
 * Written inside a step run (a handler, and what it awaits), a line also carries the run's
 * `correlationId`, `taskId`, `stepName` and `attempt` ({@link currentTaskerContext}), after its own
 * fields and never over them.
 */
export class LogLine {
  readonly msg: string;
  [field: string]: unknown;

  constructor(message: string, fields: LogFields = {}) {
    for (const [name, value] of Object.entries(fields)) this[name] = plainValue(value);
    const run = currentTaskerContext();
    if (run !== undefined) {
      for (const [name, value] of Object.entries(run)) if (!(name in this)) this[name] = value;
    }
    this.msg = message;
  }

  /** `message key=value key=value`, values as JSON unless they are simple words or numbers. */
  toString(): string {
    const parts = Object.entries(this)
      .filter(([name]) => name !== 'msg')
      .map(([name, value]) => `${name}=${formatFieldValue(value)}`);
    return [this.msg, ...parts].join(' ');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** `logger.log(logLine('Worker started', { workerId, limit }))`: see `LogLine`. */
export function logLine(message: string, fields?: LogFields): LogLine {
  return new LogLine(message, fields);
}

function plainValue(value: unknown): unknown {
  // Read by shape: errors from the driver may come from another realm.
  if (typeof value !== 'object' || value === null || !('stack' in value)) return value;
  const { message } = value as { message?: unknown };
  return typeof message === 'string' ? message : value;
}

/** How a value without JSON text is printed: on one line, nested no deeper than three levels. */
const INSPECT = { breakLength: Infinity, depth: 3 };

function formatFieldValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w.:/@-]+$/.test(value) ? value : JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return value.toString();
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
    // No JSON for functions and symbols (nor for an object whose toJSON gives undefined): their own text.
    return typeof value === 'function' || typeof value === 'symbol' ? String(value) : inspect(value, INSPECT);
  } catch {
    return inspect(value, INSPECT);
  }
}
