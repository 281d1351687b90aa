import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { dropDatabase, recreateDatabase } from './bench-app';
import { median } from './stats';

const run = promisify(execFile);
const DATABASE = 'tasker_pgbench';

export interface PgbenchResult {
  /** tps of each run ("without initial connection time"). */
  runs: number[];
  /** The median of the runs: the reference. */
  tps: number;
  command: string;
  directory: string;
}

/** The outcome when the reference cannot be measured: why, to print. */
export interface PgbenchSkipped {
  skipped: string;
}

/**
 * Where the reference scripts are: TASKER_BENCH_REFERENCE_DIR, else bench/pgbench/ in the
 * repository.
 */
export function referenceDirectory(repoRoot: string): { directory: string; found: boolean } {
  const fallback = resolve(repoRoot, 'bench', 'pgbench');
  const candidates = [process.env.TASKER_BENCH_REFERENCE_DIR, fallback].filter(
    (dir): dir is string => dir !== undefined && dir !== '',
  );
  for (const directory of candidates) {
    if (existsSync(join(directory, 'pgbench-setup.sql')) && existsSync(join(directory, 'pgbench-step.sql'))) {
      return { directory, found: true };
    }
  }
  return { directory: fallback, found: false };
}

/** A PostgreSQL client program on PATH, else in /usr/lib/postgresql/<newest>/bin (Debian). */
export function findPostgresProgram(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const candidate = join(root, version, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The pgbench reference, measured now on this server:
 *   createdb tasker_pgbench; psql -X -q -d tasker_pgbench -f pgbench-setup.sql
 *   pgbench -n -M prepared -c 8 -j 2 -T <seconds> -f pgbench-step.sql tasker_pgbench   (× runs; median tps)
 * The scratch database is dropped afterwards.
 */
export async function measurePgbench(
  repoRoot: string,
  options: { runs: number; seconds: number; log: (line: string) => void },
): Promise<PgbenchResult | PgbenchSkipped> {
  const { directory, found } = referenceDirectory(repoRoot);
  if (!found) {
    return {
      skipped: `pgbench reference scripts not found in ${directory} (set TASKER_BENCH_REFERENCE_DIR to the folder holding pgbench-setup.sql and pgbench-step.sql)`,
    };
  }
  const pgbench = findPostgresProgram('pgbench');
  const psql = findPostgresProgram('psql');
  if (pgbench === undefined || psql === undefined) {
    return {
      skipped: `${pgbench === undefined ? 'pgbench' : 'psql'} not found on PATH nor in /usr/lib/postgresql/*/bin`,
    };
  }
  const url = await recreateDatabase(DATABASE);
  try {
    await run(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', join(directory, 'pgbench-setup.sql')], {
      maxBuffer: 1 << 24,
    });
    const args = [
      '-n',
      '-M',
      'prepared',
      '-c',
      '8',
      '-j',
      '2',
      '-T',
      String(options.seconds),
      '-f',
      join(directory, 'pgbench-step.sql'),
      url,
    ];
    const runs: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const { stdout } = await run(pgbench, args, { maxBuffer: 1 << 24 });
      const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([\d.]+)/.exec(stdout);
      if (match === null) throw new Error(`Could not read tps from pgbench output:\n${stdout}`);
      runs.push(Number(match[1]));
      options.log(`  pgbench run ${i + 1}/${options.runs}: ${Number(match[1]).toFixed(0)} tx/s`);
    }
    const command = `pgbench -n -M prepared -c 8 -j 2 -T ${options.seconds} -f pgbench-step.sql ${DATABASE}`;
    return { runs, tps: median(runs), command, directory };
  } finally {
    await dropDatabase(DATABASE).catch(() => undefined);
  }
}
