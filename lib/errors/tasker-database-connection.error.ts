import { TaskerError } from './tasker.error';

/**
 * Why Tasker could not connect to its database at boot:
 * - `MALFORMED_URL`: `database.url` is not a PostgreSQL connection string;
 * - `HOST_NOT_FOUND`: the host name does not resolve;
 * - `CONNECTION_REFUSED`: nothing listens at the host and port;
 * - `DATABASE_NOT_FOUND`: the server has no database of that name (SQLSTATE 3D000);
 * - `AUTHENTICATION_FAILED`: the server refused the user or password (28P01, 28000);
 * - `TOO_MANY_CONNECTIONS`: the server has no connection slot left (53300);
 * - `TIMEOUT`: no connection within `database.connectTimeoutMs`;
 * - `CONNECTION_FAILED`: anything else (the `cause` says what).
 * @publicApi
 */
export type TaskerDatabaseConnectionFailure =
  | 'MALFORMED_URL'
  | 'HOST_NOT_FOUND'
  | 'CONNECTION_REFUSED'
  | 'DATABASE_NOT_FOUND'
  | 'AUTHENTICATION_FAILED'
  | 'TOO_MANY_CONNECTIONS'
  | 'TIMEOUT'
  | 'CONNECTION_FAILED';

/**
 * Tasker could not connect to the PostgreSQL server of `database.url` at boot. The message names
 * the option, the URL with its password redacted, what was tried (`host:port/database`) and why;
 * `reason` is the kind of failure and `cause` the driver's own error.
 * @publicApi
 */
export class TaskerDatabaseConnectionError extends TaskerError {
  readonly code = 'DATABASE_UNREACHABLE';
  /** The option the URL came from. */
  readonly option = 'database.url';

  constructor(
    readonly reason: TaskerDatabaseConnectionFailure,
    /** `database.url` with its password replaced by `***`. */
    readonly url: string,
    /** What was tried, `host:port/database`; undefined when the URL could not be read. */
    readonly target: string | undefined,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    super(
      `Cannot connect to Tasker's database (database.url ${JSON.stringify(url)}${target === undefined ? '' : `, tried ${target}`}): ${detail}`,
      options,
    );
  }
}
