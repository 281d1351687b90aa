import { Command, Option } from 'commander';
import { CliError } from '../cli-error';
import { writeJson, writeLines, type CliIo } from '../cli-io';
import { databaseOptions, databaseTarget, type DatabaseCliOptions } from '../database/database-options';
import { packageInfo } from '../package-info';
import { databaseChecks, nodeCheck, poolSettingsCheck, type DoctorCheck } from './doctor-checks';
import { integerIn } from './parse-arguments';

interface DoctorOptions extends DatabaseCliOptions {
  poolSize?: number;
  concurrencyMax?: number;
  json?: boolean;
}

/**
 * `tasker doctor`: a checklist of what a Tasker app needs (Node.js version, database reachable,
 * migrations applied, pool settings that fit together and fit the server), ✓ or ✗ each; exit 1
 * when any fails.
 */
export function doctorCommand(io: CliIo): Command {
  const command = new Command('doctor').description('check Node.js, the database, migrations and pool settings');
  for (const option of databaseOptions()) command.addOption(option);
  return command
    .addOption(new Option('--pool-size <n>', "the app's database.poolSize").argParser(integerIn(1, 10_000)))
    .addOption(new Option('--concurrency-max <n>', "the app's concurrency.max").argParser(integerIn(1, 10_000)))
    .option('--json', 'print the checks as JSON')
    .action(async (options: DoctorOptions) => {
      const target = databaseTarget(options);
      const info = packageInfo();
      const checks: DoctorCheck[] = [nodeCheck(process.versions.node, info.minimumNode)];
      const pool = poolSettingsCheck(target, { poolSize: options.poolSize, concurrencyMax: options.concurrencyMax });
      checks.push(...(await databaseChecks(target, pool.poolSize)), pool.check);
      const failed = checks.filter((check) => !check.ok).length;
      if (options.json === true) writeJson(io.out, { ok: failed === 0, checks });
      else {
        writeLines(io.out, [
          ...checks.map((check) => `${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`),
          failed === 0 ? 'All checks passed.' : `${failed} check(s) failed.`,
        ]);
      }
      if (failed > 0) throw new CliError('', 1);
    });
}
