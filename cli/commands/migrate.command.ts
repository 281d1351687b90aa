import { Command } from 'commander';
import { runTaskerMigrations } from '../../lib/persistence/run-tasker-migrations';
import { writeLines, type CliIo } from '../cli-io';
import { databaseOptions, databaseTarget, type DatabaseCliOptions } from '../database/database-options';
import { readMigrationState } from '../database/migration-state';
import { withDatabase } from '../database/open-database';

/**
 * `tasker migrate`: applies Tasker's pending migrations, as the module does at boot with
 * `migrationsRun` on (same advisory lock, so it is safe next to booting apps), and prints which
 * ones it applied.
 */
export function migrateCommand(io: CliIo): Command {
  const command = new Command('migrate').description("create Tasker's schema and apply its pending migrations");
  for (const option of databaseOptions()) command.addOption(option);
  return command.action(async (options: DatabaseCliOptions) => {
    const target = databaseTarget(options);
    await withDatabase(target, async (database) => {
      const before = await readMigrationState(database);
      await runTaskerMigrations(database.dataSource, database.schema, false);
      const after = await readMigrationState(database);
      const applied = before.pending.filter((name) => after.applied.includes(name));
      const schema = `schema "${database.schema}"`;
      if (applied.length === 0) {
        writeLines(io.out, [`Nothing to apply: ${schema} has all ${after.applied.length} migrations.`]);
        return;
      }
      writeLines(io.out, [
        `Applied ${applied.length} migration(s) to ${schema}:`,
        ...applied.map((name) => `  ${name}`),
        `${after.applied.length} of ${after.applied.length + after.pending.length} applied.`,
      ]);
    });
  });
}
