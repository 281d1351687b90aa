import { errorCode, errorMessage, errorsWithin } from './driver-error';

// 57P01 admin_shutdown (pg_terminate_backend, a fast shutdown), 57P02 crash_shutdown,
// 57P03 cannot_connect_now (the server is starting or stopping).
const SHUTDOWN_CODES = new Set(['57P01', '57P02', '57P03']);
const SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);
// What node-postgres says when the socket closed under a query, or when it hands out a client
// whose connection already failed.
const LOST_MESSAGES = /^Connection terminated|^Client has encountered a connection error and is not queryable/;

/**
 * Whether an error says the connection itself was lost (rather than the statement failing): the
 * server ended the session (SQLSTATE 57P01/57P02/57P03, class 08 "connection exception"), the
 * socket was reset, or node-postgres saw the connection end. Running an idempotent read again on
 * another connection is safe after such an error.
 */
export function isConnectionLoss(error: unknown): boolean {
  return errorsWithin(error).some((candidate) => {
    const code = errorCode(candidate);
    if (code !== undefined && (SHUTDOWN_CODES.has(code) || code.startsWith('08') || SOCKET_CODES.has(code)))
      return true;
    return LOST_MESSAGES.test(errorMessage(candidate));
  });
}
