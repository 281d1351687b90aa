import { CommanderError, type Command } from 'commander';
import { CliError } from './cli-error';
import { writeLines, type CliIo } from './cli-io';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type ExitCode } from './exit-codes';
import { createProgram } from './program';

/** Every command and subcommand, so that each reports usage errors instead of exiting. */
function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap((child) => allCommands(child))];
}

/** commander codes that are not errors: help and version were asked for. */
const NOT_ERRORS = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * Runs the `tasker` command line (`argv` without node and the script) and resolves to its exit
 * code: 0 done, 1 failed, 2 a wrong command line. Never exits the process itself.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = createProgram(io);
  for (const command of allCommands(program)) command.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (NOT_ERRORS.has(error.code)) return EXIT_OK;
      // commander has written its message already; a bare `tasker` shows the help and is a usage error.
      return EXIT_USAGE;
    }
    if (error instanceof CliError) {
      if (error.message !== '') writeLines(io.err, [`tasker: ${error.message}`]);
      return error.exitCode;
    }
    writeLines(io.err, [`tasker: ${error instanceof Error ? error.message : String(error)}`]);
    return EXIT_FAILURE;
  }
}
