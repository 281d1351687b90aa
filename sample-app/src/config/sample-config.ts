import type { TaskerModuleOptions } from '../../../lib';
import { SampleConfigError } from './sample-config.error';

/** The sample app's settings, read from the environment by {@link readSampleConfig}. */
export interface SampleConfig {
  /** PORT [3000]: the HTTP listener's port. */
  port: number;
  /** DATABASE_URL: PostgreSQL; absent → the embedded database. */
  databaseUrl: string | undefined;
  /** TASKER_DATA_DIR [.tasker-data]: where the embedded database persists; `memory` keeps it in memory. */
  dataDir: string | undefined;
  /** TASKER_WORKER [1]: 0 runs the API only (no worker). */
  worker: boolean;
  /** TASKER_HTTP [1]: 0 starts no HTTP listener (an application context: a worker-only process). */
  http: boolean;
  /** LOG_LEVEL [info]. */
  logLevel: string;
  /** ONBOARDING_SERVICES_PORT [0: any free port]: the loopback port of the onboarding workflow's services. */
  servicesPort: number;
}

/**
 * The sample app's settings from `env`.
 * @throws SampleConfigError naming every variable with a bad value
 */
export function readSampleConfig(env: NodeJS.ProcessEnv = process.env): SampleConfig {
  const problems: string[] = [];
  const port = readPort(env, 'PORT', 3000, problems);
  const servicesPort = readPort(env, 'ONBOARDING_SERVICES_PORT', 0, problems);
  const worker = readFlag(env, 'TASKER_WORKER', problems);
  const http = readFlag(env, 'TASKER_HTTP', problems);
  if (problems.length > 0) throw new SampleConfigError(problems);
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  const dataDir = env.TASKER_DATA_DIR ?? '.tasker-data';
  return {
    port,
    databaseUrl,
    dataDir: dataDir === 'memory' ? undefined : dataDir,
    worker,
    http,
    logLevel: env.LOG_LEVEL ?? 'info',
    servicesPort,
  };
}

/** Tasker's options for `config` (the YAML templates of the sample included). */
export function sampleTaskerOptions(config: SampleConfig, templates: string[]): TaskerModuleOptions {
  return {
    database: config.databaseUrl !== undefined ? { url: config.databaseUrl } : { dataDir: config.dataDir },
    worker: config.worker ? { enabled: true } : { enabled: false, autoStart: false },
    // The sample's retries are short so that a demo shows them within seconds.
    backoff: { baseMs: 200, multiplier: 2, maxMs: 5000, jitter: 0.2 },
    templates,
  };
}

/** Where the database lives, for the startup banner. */
export function describeDatabase(config: SampleConfig): string {
  if (config.databaseUrl !== undefined) return 'PostgreSQL (DATABASE_URL)';
  return config.dataDir === undefined
    ? 'the embedded database, in memory'
    : `the embedded database in ${config.dataDir}`;
}

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    problems.push(`${name} must be a port number 0-65535 (got "${raw}")`);
    return fallback;
  }
  return value;
}

function readFlag(env: NodeJS.ProcessEnv, name: string, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === '1') return true;
  if (raw === '0') return false;
  problems.push(`${name} must be 0 or 1 (got "${raw}")`);
  return true;
}
