import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLY_STEP_OUTCOMES } from './sql/apply-step-outcomes.function';
import { CLAIM_STEPS } from './sql/claim-steps.function';
import { EXPIRE_LEASES } from './sql/expire-leases.function';
import { HEARTBEAT } from './sql/heartbeat.function';
import { CANCEL_TASK, RESOLVE_STEP, RETRY_STEP } from './sql/operator-actions.functions';
import { RUN_CYCLE } from './sql/run-cycle.function';
import { inSchema, taskerSchema } from './tasker-schema';

const FUNCTIONS = [CLAIM_STEPS, APPLY_STEP_OUTCOMES, RUN_CYCLE, HEARTBEAT, EXPIRE_LEASES, CANCEL_TASK, RETRY_STEP, RESOLVE_STEP];

const DOWN = `
DROP FUNCTION IF EXISTS {{schema}}.resolve_step(uuid, text, jsonb, text, text);
DROP FUNCTION IF EXISTS {{schema}}.retry_step(uuid, text, text, text);
DROP FUNCTION IF EXISTS {{schema}}.cancel_task(uuid, text, text);
DROP FUNCTION IF EXISTS {{schema}}.expire_leases(text, int, float8, float8, float8);
DROP FUNCTION IF EXISTS {{schema}}.heartbeat(text, uuid[], int);
DROP FUNCTION IF EXISTS {{schema}}.run_cycle(text, int, int, text, uuid[], int[], text[], jsonb[], jsonb[], int[]);
DROP FUNCTION IF EXISTS {{schema}}.apply_step_outcomes(text, boolean, uuid[], int[], text[], jsonb[], jsonb[], int[]);
DROP FUNCTION IF EXISTS {{schema}}.claim_steps(text, int, int);
`;

/** The engine's hot-path functions (claim, apply outcomes, cycle, heartbeat, lease expiry) and operator actions. */
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
