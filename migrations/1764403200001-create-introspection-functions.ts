import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ANALYTICS_METRICS,
  DEPENDENCY_LEVELS,
  DOWN,
  SLOWEST_STEPS,
  SLOWEST_TASKS,
  STEP_READINESS_STATUS,
  STEP_READINESS_STATUS_BATCH,
  SYSTEM_HEALTH_COUNTS,
  TASK_EXECUTION_CONTEXT,
  TASK_EXECUTION_CONTEXTS_BATCH,
} from './generated/1764403200001.sql';
import { inSchema, taskerSchema } from './tasker-schema';

// Set-based SQL functions for explanation, health and analytics. None of them is on the hot path
// (claiming and finishing steps use their own statements and the counters on the rows); these
// recompute from the rows themselves, so they explain what the data says, not what a counter says.
//
// Conventions:
// - LANGUAGE sql STABLE, every name schema-qualified and no SET clause, so the planner can inline
//   them into the caller's query. Core SQL only: they also run on PGlite.
// - Per-task counts are int; system-wide counts are bigint; durations are double precision
//   milliseconds rounded to the microsecond; percentages and scores are numeric. The pg driver
//   returns bigint and numeric as strings (PGlite returns bigint as a number): convert them.
// - A NULL passed for a defaulted argument means the default.

/** One statement, in dependency order (step_readiness_status calls the batch function). */
const UP = [
  STEP_READINESS_STATUS_BATCH,
  STEP_READINESS_STATUS,
  TASK_EXECUTION_CONTEXTS_BATCH,
  TASK_EXECUTION_CONTEXT,
  DEPENDENCY_LEVELS,
  SYSTEM_HEALTH_COUNTS,
  SLOWEST_TASKS,
  SLOWEST_STEPS,
  ANALYTICS_METRICS,
].join('\n');

/** SQL functions for task explanation, system health and analytics (not used on the hot path). Its SQL: migrations/sql/1764403200001/. */
export class CreateIntrospectionFunctions1764403200001 implements MigrationInterface {
  name = 'CreateIntrospectionFunctions1764403200001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), UP));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inSchema(taskerSchema(queryRunner), DOWN));
  }
}
