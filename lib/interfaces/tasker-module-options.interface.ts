import type { BackoffOptions } from './backoff-options.interface';

/** Permissions passed to `http.authorize`. @publicApi */
export type TaskerPermission =
  | 'tasker.task:index'
  | 'tasker.task:show'
  | 'tasker.task:create'
  | 'tasker.task:cancel'
  | 'tasker.task:explain'
  | 'tasker.step:retry'
  | 'tasker.step:resolve'
  | 'tasker.handler:index'
  | 'tasker.handler:show'
  | 'tasker.health:status'
  | 'tasker.analytics:index';

/** Options of `TaskerModule.forRoot`; every field is optional (see API.md for defaults). @publicApi */
export interface TaskerModuleOptions {
  database?: {
    /** PostgreSQL connection string; absent: embedded PGlite. */
    url?: string;
    /** Directory of the embedded database's files; absent: in memory. */
    dataDir?: string;
    /** [10] */
    poolSize?: number;
    /** ['tasker'] */
    schema?: string;
  };
  /** [true] */
  migrationsRun?: boolean;
  worker?: {
    enabled?: boolean;
    /** [true] Start the worker at bootstrap; false leaves it to `TaskerService.startWorker()` (tests, CLIs). */
    autoStart?: boolean;
    pollIntervalMs?: number;
    leaseMs?: number;
    shutdownTimeoutMs?: number;
  };
  concurrency?: {
    min?: number;
    max?: number;
    cacheTtlMs?: number;
  };
  backoff?: BackoffOptions;
  /** Paths of YAML task templates (files or directories). */
  templates?: string | string[];
  http?: {
    enabled?: boolean;
    path?: string;
    authorize?: (request: unknown, permission: TaskerPermission) => boolean | Promise<boolean>;
  };
}

/** The options with every default applied; what the rest of Tasker injects. */
export interface ResolvedTaskerOptions {
  database: { url: string | undefined; dataDir: string | undefined; poolSize: number; schema: string };
  migrationsRun: boolean;
  worker: { enabled: boolean; autoStart: boolean; pollIntervalMs: number; leaseMs: number; shutdownTimeoutMs: number };
  concurrency: { min: number; max: number; cacheTtlMs: number };
  backoff: Required<BackoffOptions>;
  templates: string[];
  http: {
    enabled: boolean;
    path: string;
    authorize: ((request: unknown, permission: TaskerPermission) => boolean | Promise<boolean>) | undefined;
  };
}
