import { Command } from 'commander';
import type { CliIo } from './cli-io';
import { doctorCommand } from './commands/doctor.command';
import { generateCommand } from './commands/generate.command';
import { migrateCommand } from './commands/migrate.command';
import { tasksCommand } from './commands/tasks.command';
import { validateCommand } from './commands/validate.command';
import { packageInfo } from './package-info';

/**
 * The `tasker` command and its subcommands. Each command lives in a file of its own under
 * commands/ and is added here; a new one (`new`, `templates`) is one more `addCommand`.
 */
export function createProgram(io: CliIo): Command {
  const program = new Command('tasker')
    .description('Tasker (nestjs-tasker): migrate, check, validate, inspect and operate DAG workflows')
    .version(packageInfo().version)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const command of [
    migrateCommand(io),
    doctorCommand(io),
    validateCommand(io),
    tasksCommand(io),
    generateCommand(io),
  ]) {
    program.addCommand(command);
  }
  return program;
}
