import type { MigrationInterface } from 'typeorm';
import { CreateTaskerTables1764403200000 } from './1764403200000-create-tasker-tables';
import { CreateIntrospectionFunctions1764403200001 } from './1764403200001-create-introspection-functions';
import { CreateOrchestrationFunctions1764403200002 } from './1764403200002-create-orchestration-functions';
import { JitterLeaseExpiryBackoff1764403200003 } from './1764403200003-jitter-lease-expiry-backoff';
import { RecordOperatorActions1764403200004 } from './1764403200004-record-operator-actions';
import { ReleaseRunsKeepLiveLeases1764403200006 } from './1764403200006-release-runs-keep-live-leases';
import { TraceClaimedSteps1764403200007 } from './1764403200007-trace-claimed-steps';

export {
  CreateTaskerTables1764403200000,
  CreateIntrospectionFunctions1764403200001,
  CreateOrchestrationFunctions1764403200002,
  JitterLeaseExpiryBackoff1764403200003,
  RecordOperatorActions1764403200004,
  ReleaseRunsKeepLiveLeases1764403200006,
  TraceClaimedSteps1764403200007,
};

/**
 * Tasker's migrations in order. Tasker applies them itself when `migrationsRun` is on; an app
 * that manages migrations itself can list them in its own data source (schema: its `schema` option,
 * else `tasker`).
 * @publicApi
 */
export const TASKER_MIGRATIONS: ReadonlyArray<new () => MigrationInterface> = [
  CreateTaskerTables1764403200000,
  CreateIntrospectionFunctions1764403200001,
  CreateOrchestrationFunctions1764403200002,
  JitterLeaseExpiryBackoff1764403200003,
  RecordOperatorActions1764403200004,
  ReleaseRunsKeepLiveLeases1764403200006,
  TraceClaimedSteps1764403200007,
];
