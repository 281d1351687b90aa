import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  APPLY_STEP_OUTCOMES,
  CANCEL_TASK,
  CLAIM_STEPS,
  DOWN,
  EXPIRE_LEASES,
  HEARTBEAT,
  RESOLVE_STEP,
  RETRY_STEP,
  RUN_CYCLE,
} from './generated/1764403200002.sql';
import { inSchema, taskerSchema } from './tasker-schema';

/**
 * One statement each, in dependency order. The operator actions (cancel_task, retry_step,
 * resolve_step) are one transaction and one round trip each; like every writer of a task's steps
 * they lock the task row first, then its steps, so they take turns with worker batches and sweeps.
 * Each answers an outcome code the caller turns into a typed error: 'not_found', 'step_not_found',
 * 'invalid_task' (detail: task status) or 'invalid_step' (detail: step status).
 */
const FUNCTIONS = [CLAIM_STEPS, APPLY_STEP_OUTCOMES, RUN_CYCLE, HEARTBEAT, EXPIRE_LEASES, CANCEL_TASK, RETRY_STEP, RESOLVE_STEP];

/**
 * The engine's hot-path functions (claim, apply outcomes, cycle, heartbeat, lease expiry) and
 * operator actions. Its SQL: migrations/sql/1764403200002/.
 */
export class CreateOrchestrationFunctions1764403200002 implements MigrationInterface {
  name = 'CreateOrchestrationFunctions1764403200002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = taskerSchema(queryRunner);
    for (const sql of FUNCTIONS) await queryRunner.query(inSchema(schema, sql));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), DOWN));
  }
}
