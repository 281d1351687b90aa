import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ADD_RELEASES,
  APPLY_STEP_OUTCOMES,
  DROP_CURRENT,
  DROP_RELEASES,
  EXPIRE_LEASES,
  HEARTBEAT,
  PREVIOUS_APPLY_STEP_OUTCOMES,
  PREVIOUS_HEARTBEAT,
} from './generated/1764403200006.sql';
import { inSchema, taskerSchema } from './tasker-schema';

// A graceful shutdown no longer uses up an attempt: apply_step_outcomes learns a 'release' outcome
// (the run is given back, due at once, the attempt not counted; bounded by a new `releases`
// counter). A worker never expires its own live steps: expire_leases gets a seven-argument version
// that skips the runs the sweeper names as live. Heartbeats, now sent beside the worker's round
// trips on a connection of their own, never wait for a row lock.

/**
 * Shutdown releases instead of attempts, sweeps that spare the sweeper's live runs, and heartbeats
 * that never wait for a lock. Its SQL: migrations/sql/1764403200006/.
 */
export class ReleaseRunsKeepLiveLeases1764403200006 implements MigrationInterface {
  name = 'ReleaseRunsKeepLiveLeases1764403200006';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = taskerSchema(queryRunner);
    for (const sql of [ADD_RELEASES, APPLY_STEP_OUTCOMES, HEARTBEAT, EXPIRE_LEASES]) {
      await queryRunner.query(inSchema(schema, sql));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = taskerSchema(queryRunner);
    for (const sql of [DROP_CURRENT, PREVIOUS_APPLY_STEP_OUTCOMES, PREVIOUS_HEARTBEAT, DROP_RELEASES]) {
      await queryRunner.query(inSchema(schema, sql));
    }
  }
}
