import { resolveTaskerOptions } from '../../lib/resolve-tasker-options';
import type { TaskerDatabase } from '../../lib/persistence/tasker-database';
import { cliTaskerOptions, type CliTaskerOverrides } from '../database/cli-tasker-options';
import type { DatabaseTargetOptions } from '../database/database-options';
import { readMigrationState } from '../database/migration-state';
import { openDatabase } from '../database/open-database';

/** One line of the doctor's checklist. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** `major.minor.patch` as numbers; missing parts are 0. */
function versionParts(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10));
  return [major, minor, patch];
}

/** Whether `version` is at least `minimum` (both `x.y.z`). */
export function atLeast(version: string, minimum: string): boolean {
  const have = versionParts(version);
  const need = versionParts(minimum);
  for (let index = 0; index < 3; index += 1) {
    const a = have[index] ?? 0;
    const b = need[index] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** The Node.js running the CLI against the package's `engines.node` (`>=x.y.z`). */
export function nodeCheck(version: string, minimum: string): DoctorCheck {
  const ok = atLeast(version, minimum);
  return { name: 'Node.js', ok, detail: `${version} (needs >= ${minimum})` };
}

/** Whether the options the app would use fit together (pool size against concurrency). */
export function poolSettingsCheck(
  target: DatabaseTargetOptions,
  overrides: CliTaskerOverrides,
): {
  check: DoctorCheck;
  poolSize: number | undefined;
} {
  try {
    const resolved = resolveTaskerOptions(cliTaskerOptions(target, overrides));
    const { poolSize } = resolved.database;
    const { min, max } = resolved.concurrency;
    return {
      check: { name: 'Pool settings', ok: true, detail: `pool ${poolSize} connections, concurrency ${min}-${max}` },
      poolSize,
    };
  } catch (error) {
    return { check: { name: 'Pool settings', ok: false, detail: messageOf(error) }, poolSize: undefined };
  }
}

/** What the server allows: connection slots left for ordinary users. */
async function serverSlots(database: TaskerDatabase): Promise<number> {
  const [row] = await database.query<{ slots: number }>(
    `SELECT current_setting('max_connections')::int
       - current_setting('superuser_reserved_connections')::int AS slots`,
  );
  return row?.slots ?? 0;
}

/**
 * The checks that need the database: reachable, migrations applied, the pool within the server's
 * connection limit. An unreachable database fails the first and skips the others.
 */
export async function databaseChecks(
  target: DatabaseTargetOptions,
  poolSize: number | undefined,
): Promise<DoctorCheck[]> {
  let database: TaskerDatabase;
  try {
    database = await openDatabase(target);
  } catch (error) {
    return [
      { name: 'Database', ok: false, detail: messageOf(error) },
      { name: 'Migrations', ok: false, detail: 'not checked: no database' },
    ];
  }
  try {
    const [row] = await database.query<{ server_version: string }>('SHOW server_version');
    const checks: DoctorCheck[] = [
      {
        name: 'Database',
        ok: true,
        detail: `PostgreSQL ${row?.server_version ?? '?'} reachable, schema "${database.schema}"`,
      },
    ];
    const state = await readMigrationState(database);
    checks.push(
      state.pending.length === 0
        ? { name: 'Migrations', ok: true, detail: `all ${state.applied.length} applied` }
        : {
            name: 'Migrations',
            ok: false,
            detail: `${state.pending.length} pending: ${state.pending.join(', ')} (run tasker migrate, or boot with migrationsRun)`,
          },
    );
    if (poolSize !== undefined) {
      const slots = await serverSlots(database);
      checks.push({
        name: 'Server connections',
        ok: poolSize <= slots,
        detail:
          poolSize <= slots
            ? `pool ${poolSize} of the server's ${slots} connection slots (every app process holds its own pool)`
            : `pool ${poolSize} exceeds the server's ${slots} connection slots: lower database.poolSize or raise max_connections`,
      });
    }
    return checks;
  } finally {
    await database.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
