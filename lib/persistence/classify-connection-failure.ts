import type { TaskerDatabaseConnectionFailure } from '../errors/tasker-database-connection.error';
import type { DatabaseTarget } from './database-url';
import { errorCode, errorMessage, errorsWithin } from './driver-error';

const HOST_NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA']);
const AUTHENTICATION_CODES = new Set(['28P01', '28000']);
// node-postgres' own connect timeout, and pg-pool's while waiting for a connection.
const TIMEOUT_MESSAGE = /connection timeout|timeout exceeded when trying to connect/i;

/** Why a connection attempt failed, and a sentence saying so for the error message. */
export interface ClassifiedConnectionFailure {
  reason: Exclude<TaskerDatabaseConnectionFailure, 'MALFORMED_URL'>;
  detail: string;
}

/**
 * Sorts the error of a failed connection attempt into a `TaskerDatabaseConnectionFailure`, from
 * its code (Node's network codes, PostgreSQL's SQLSTATE) and, for timeouts, which carry no code,
 * the driver's message.
 */
export function classifyConnectionFailure(
  error: unknown,
  target: DatabaseTarget,
  timeoutMs: number,
): ClassifiedConnectionFailure {
  const codes = errorsWithin(error).map(errorCode);
  const has = (wanted: (code: string) => boolean): boolean => codes.some((code) => code !== undefined && wanted(code));
  const message = errorMessage(error);
  if (has((code) => HOST_NOT_FOUND_CODES.has(code))) {
    return {
      reason: 'HOST_NOT_FOUND',
      detail: `the host "${target.host}" was not found (DNS lookup failed: ${message})`,
    };
  }
  if (has((code) => code === 'ECONNREFUSED')) {
    return {
      reason: 'CONNECTION_REFUSED',
      detail: `nothing accepts connections at ${target.host}:${target.port} (connection refused): is PostgreSQL running and listening on that port?`,
    };
  }
  if (has((code) => code === '3D000')) {
    return {
      reason: 'DATABASE_NOT_FOUND',
      detail: `the server has no database "${target.database}" (${message}); create it or fix the name`,
    };
  }
  if (has((code) => AUTHENTICATION_CODES.has(code))) {
    const user = target.user === undefined ? 'the user' : `user "${target.user}"`;
    return {
      reason: 'AUTHENTICATION_FAILED',
      detail: `the server refused ${user} (${message}); check the user and password`,
    };
  }
  if (has((code) => code === '53300')) {
    return {
      reason: 'TOO_MANY_CONNECTIONS',
      detail: `the server has no connection slot left (${message}); lower database.poolSize or raise max_connections`,
    };
  }
  if (has((code) => code === 'ETIMEDOUT') || TIMEOUT_MESSAGE.test(message)) {
    return {
      reason: 'TIMEOUT',
      detail: `no connection within ${timeoutMs} ms (database.connectTimeoutMs); is the host reachable from here?`,
    };
  }
  return { reason: 'CONNECTION_FAILED', detail: message };
}
