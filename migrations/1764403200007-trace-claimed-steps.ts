import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ADD_TRACE_COLUMNS,
  CLAIM_STEPS,
  DROP_CURRENT,
  DROP_PREVIOUS,
  DROP_TRACE_COLUMNS,
  PREVIOUS_CLAIM_STEPS,
  PREVIOUS_RUN_CYCLE,
  RUN_CYCLE,
} from './generated/1764403200007.sql';
import { inSchema, taskerSchema } from './tasker-schema';

// Observability: a task keeps a correlation id and the W3C trace context of its span, and a claim
// hands both to the worker with the step, together with when the step became due and when it was
// created (for queue-wait and end-to-end timings), all in the round trip the claim already makes.
// claim_steps and run_cycle change their return type, so they are dropped and created anew.

/**
 * Tasks gain `correlation_id` and `trace_context`; claimed steps carry them, with their ready and
 * creation times. Its SQL: migrations/sql/1764403200007/.
 */
export class TraceClaimedSteps1764403200007 implements MigrationInterface {
  name = 'TraceClaimedSteps1764403200007';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = taskerSchema(queryRunner);
    for (const sql of [ADD_TRACE_COLUMNS, DROP_PREVIOUS, CLAIM_STEPS, RUN_CYCLE]) {
      await queryRunner.query(inSchema(schema, sql));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = taskerSchema(queryRunner);
    for (const sql of [DROP_CURRENT, PREVIOUS_CLAIM_STEPS, PREVIOUS_RUN_CYCLE, DROP_TRACE_COLUMNS]) {
      await queryRunner.query(inSchema(schema, sql));
    }
  }
}
