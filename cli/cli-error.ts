import { EXIT_FAILURE, EXIT_USAGE, type ExitCode } from './exit-codes';

/**
 * A failure the CLI reports as one line on stderr, ending the command with `exitCode`. Commands
 * throw it for what they detect themselves; other errors (a TaskerError from the library) are
 * reported by their message with exit code 1.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command line that cannot be acted on (exit code 2), e.g. a task id that is not a UUID. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}
