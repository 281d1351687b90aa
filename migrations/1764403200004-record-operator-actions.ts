import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ADD_METADATA,
  CANCEL_TASK,
  DROP_CURRENT,
  DROP_METADATA,
  DROP_PREVIOUS,
  PREVIOUS_CANCEL_TASK,
  PREVIOUS_RESOLVE_STEP,
  PREVIOUS_RETRY_STEP,
  RESOLVE_STEP,
  RETRY_STEP,
} from './generated/1764403200004.sql';
import { inSchema, taskerSchema } from './tasker-schema';

// Operator actions are recorded as operator actions. Until now cancel_task, retry_step and
// resolve_step wrote their transitions under the id of the worker of the process that was asked,
// which said nothing about who acted, and looked as if that worker had made the change. Transitions
// get a `metadata` column; an operator action writes {"by": "operator", "actor": ..., "action":
// "cancel" | "retry" | "resolve", "reason"?: ...} there and leaves `worker` empty. The functions
// take the actor and an optional reason instead of a worker id, so they are dropped and created anew
// (their signatures change). Ready notifications now carry the task id: there is no worker id to
// carry any more, and a worker only compares the payload with its own id.

/**
 * Transitions record operator actions (who, which action, why) instead of a worker id. Its SQL:
 * migrations/sql/1764403200004/.
 */
export class RecordOperatorActions1764403200004 implements MigrationInterface {
  name = 'RecordOperatorActions1764403200004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = taskerSchema(queryRunner);
    for (const sql of [ADD_METADATA, DROP_PREVIOUS, CANCEL_TASK, RETRY_STEP, RESOLVE_STEP]) {
      await queryRunner.query(inSchema(schema, sql));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = taskerSchema(queryRunner);
    for (const sql of [DROP_CURRENT, DROP_METADATA, PREVIOUS_CANCEL_TASK, PREVIOUS_RETRY_STEP, PREVIOUS_RESOLVE_STEP]) {
      await queryRunner.query(inSchema(schema, sql));
    }
  }
}
