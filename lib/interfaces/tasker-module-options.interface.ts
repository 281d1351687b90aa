import type { Registry } from 'prom-client';
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
  | 'tasker.analytics:index'
  /** The OpenAPI description and its UI (`/docs`, `/docs-json`). */
  | 'tasker.docs:index';

/** Options of `TaskerModule.forRoot` and `forRootAsync`; every field is optional, defaults in brackets. Checked strictly at boot. @publicApi */
export interface TaskerModuleOptions {
  database?: {
    /** PostgreSQL connection string; absent: embedded PGlite. */
    url?: string;
    /** Directory of the embedded database's files; absent: in memory. */
    dataDir?: string;
    /**
     * Connections Tasker may hold (real PostgreSQL only; at least 2: migrations hold one for their
     * lock while they run on another). The health-aware limit never exceeds 60 % of the pool, so
     * the pool must be large enough for `concurrency.max`.
     * [with `database.url`: the smallest pool that reaches `concurrency.max`, at least 10, i.e.
     * `max(10, ceil(concurrency.max / 0.6))`, 20 for the default max of 12; embedded: 10, unused]
     */
    poolSize?: number;
    /** ['tasker'] */
    schema?: string;
    /** [10000] How long opening one connection may take before it fails as a timeout (real PostgreSQL only). */
    connectTimeoutMs?: number;
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
    /**
     * [3] Fewest handlers in flight; wins the final clamp, so it must not exceed `concurrency.max`
     * nor 60 % of `database.poolSize` (with a pool given but no min, the default is lowered to fit).
     */
    min?: number;
    /** [12] Most handlers in flight; must be reachable with `database.poolSize` when both are given. */
    max?: number;
    /** [30000] */
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
  limits?: {
    /** [1048576 (1 MiB)] Largest task context accepted by `createTask`, in bytes of its JSON (UTF-8). */
    maxContextBytes?: number;
    /** [1048576 (1 MiB)] Largest step result stored, in bytes of its JSON (UTF-8); a larger one fails the step with `RESULT_TOO_LARGE`. */
    maxResultBytes?: number;
  };
  /** Prometheus metrics (prom-client); Tasker declares them, the app serves them (e.g. `PrometheusModule.register()`). */
  metrics?: {
    /** [true] Declare and record Tasker's metrics; false registers nothing. */
    enabled?: boolean;
    /**
     * [prom-client's default registry] The registry to declare them on. Tasker apps of one
     * process that share a registry share the metrics (one set per registry).
     */
    registry?: Registry;
  };
}

/** The options with every default applied; what the rest of Tasker injects. */
export interface ResolvedTaskerOptions {
  /** `connectTimeoutMs` undefined: the default (`TASKER_DEFAULT_CONNECT_TIMEOUT_MS`). */
  database: {
    url: string | undefined;
    dataDir: string | undefined;
    poolSize: number;
    schema: string;
    connectTimeoutMs?: number;
  };
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
  limits: { maxContextBytes: number; maxResultBytes: number };
  /** `registry` undefined: prom-client's default registry. */
  metrics: { enabled: boolean; registry: Registry | undefined };
}
